#!/bin/sh
# Make sure Neovim is installed (Debian's `neovim` package) and print its version.
#
# Idempotent: when `nvim` is already on PATH nothing is installed. Used by the editor tests
# (tests/editors/test_nvim.py) and by .ci/run. Needs root (or sudo) only when it has to install.
set -eu

if ! command -v nvim >/dev/null 2>&1; then
    "$(dirname "$0")/../install-debian-packages.sh" neovim
fi

nvim --version | head -n 1
