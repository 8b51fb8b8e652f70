#!/bin/sh
# Make sure the system packages of the real-VS-Code test are installed (Debian's packages):
#   chromium         the browser that drives code-server (tests/editors/test_vscode_real.py);
#   build-essential  the C/C++ toolchain for the native modules code-server loads (spdlog...).
# (code-server's own postinstall also compiles `kerberos`, which needs libkrb5-dev; the test's
# install leaves out the modules code-server's server never loads: tests/editors/vscode_real/install.py.)
#
# Idempotent: when every package is installed nothing happens. Used by that test and by .ci/run.
# Needs root (or sudo) only when it has to install. Mirrors editors/nvim/install-neovim.sh.
set -eu

PACKAGES="chromium build-essential"

missing=""
for package in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done

if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-test-deps.sh: missing$missing; installing needs root (or sudo)" >&2
        exit 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "install-test-deps.sh: missing$missing and apt-get is not available; install them yourself" >&2
        exit 1
    fi
    # Another apt process (a concurrent CI step) may hold the lock: wait for it rather than fail.
    APT_OPTS="-o DPkg::Lock::Timeout=300"
    for package in $missing; do
        if ! apt-cache show "$package" >/dev/null 2>&1; then
            echo "install-test-deps.sh: package '$package' unknown, running apt-get update" >&2
            $SUDO apt-get $APT_OPTS update
            break
        fi
    done
    echo "install-test-deps.sh: installing Debian's$missing" >&2
    # shellcheck disable=SC2086 # one word per package
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get $APT_OPTS install -y --no-install-recommends $missing
fi

chromium --version
