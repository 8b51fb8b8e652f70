#!/bin/sh
# Install Debian packages that the editor tests need, when they are missing:
#   editors/install-debian-packages.sh PACKAGE...
#
# Idempotent: a package already installed is left alone, and nothing runs when all are. Needs
# root (or sudo) only when it has to install. Used by editors/nvim/install-neovim.sh and
# editors/vscode/install-test-deps.sh (and through them by the tests and .ci/run).
set -eu

missing=""
for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-debian-packages.sh: missing$missing; installing needs root (or sudo)" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-debian-packages.sh: missing$missing and apt-get is not available; install them yourself" >&2
    exit 1
fi
# Another apt process (a concurrent CI step) may hold the lock: wait for it rather than fail.
APT_OPTS="-o DPkg::Lock::Timeout=300"
for package in $missing; do
    if ! apt-cache show "$package" >/dev/null 2>&1; then
        echo "install-debian-packages.sh: package '$package' unknown, running apt-get update" >&2
        $SUDO apt-get $APT_OPTS update
        break
    fi
done
echo "install-debian-packages.sh: installing Debian's$missing" >&2
# shellcheck disable=SC2086 # one word per package
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get $APT_OPTS install -y --no-install-recommends $missing
