"""A real VS Code (code-server) driven by headless Chromium, for tests/editors/test_vscode_real.py.

``install`` puts Node 24 and code-server into an ignored cache folder once, ``codeserver`` starts
it on loopback with a fresh profile, ``workbench`` drives its UI through Playwright.
"""
