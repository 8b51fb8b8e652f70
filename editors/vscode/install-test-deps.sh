#!/bin/sh
# Make sure the system packages of the real-VS-Code test are installed (Debian's packages):
#   chromium         the browser that drives code-server (tests/editors/test_vscode_real.py);
#   build-essential  the C/C++ toolchain for the native modules code-server loads (spdlog...).
# (code-server's own postinstall also compiles `kerberos`, which needs libkrb5-dev; the test's
# install leaves out the modules code-server's server never loads: tests/editors/vscode_real/install.py.)
#
# Idempotent: when every package is installed nothing happens. Used by that test and by .ci/run.
# Needs root (or sudo) only when it has to install (editors/install-debian-packages.sh).
set -eu

"$(dirname "$0")/../install-debian-packages.sh" chromium build-essential

chromium --version
