#!/bin/sh
# Make sure Neovim is installed (Debian's `neovim` package) and print its version.
#
# Idempotent: when `nvim` is already on PATH nothing is installed. Used by the editor tests
# (tests/editors/test_nvim.py) and by .ci/run. Needs root (or sudo) only when it has to install.
set -eu

if ! command -v nvim >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-neovim.sh: nvim is missing and installing it needs root (or sudo)" >&2
        exit 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "install-neovim.sh: nvim is missing and apt-get is not available; install Neovim >= 0.7 yourself" >&2
        exit 1
    fi
    # Another apt process (a concurrent CI step) may hold the lock: wait for it rather than fail.
    APT_OPTS="-o DPkg::Lock::Timeout=300"
    if ! apt-cache show neovim >/dev/null 2>&1; then
        echo "install-neovim.sh: package 'neovim' unknown, running apt-get update" >&2
        $SUDO apt-get $APT_OPTS update
    fi
    echo "install-neovim.sh: installing Debian's neovim package" >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get $APT_OPTS install -y --no-install-recommends neovim
fi

nvim --version | head -n 1
