#!/bin/sh
# tools/install-deps.sh -- install the Debian packages ofswitch needs.
#   tools/install-deps.sh build   what building and running the switch needs
#   tools/install-deps.sh test    that, plus what the tests need (Open
#                                 vSwitch, os-ken, scapy, tshark, iperf3, ...)
# Runs apt-get only when something is missing, so a prepared machine (or a
# second CI run on the same machine) does not wait for the network.
set -eu

BUILD_PKGS="gcc make autoconf automake libtool pkg-config libevent-dev
libssl-dev libpcap-dev libxen-dev iproute2 ethtool"
TEST_PKGS="check clang libclang-rt-dev clang-format openvswitch-switch
openvswitch-common python3-os-ken python3-scapy tshark iperf3 mandoc
graphviz procps psmisc iputils-ping socat"

case "${1:-build}" in
build) pkgs=$BUILD_PKGS ;;
test) pkgs="$BUILD_PKGS $TEST_PKGS" ;;
*)
    echo "usage: $0 build|test" >&2
    exit 2
    ;;
esac

missing=
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "$0: need root to install:$missing" >&2
    exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
