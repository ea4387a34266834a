#!/bin/sh
# tools/quickstart.sh -- set up a fresh Debian machine, build ofswitch and
# run it.  Extra arguments are passed to ofswitchd; without any, the switch
# "sw0" starts with two tap ports, tap0 and tap1, as an L2 learning switch.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh build
[ -x configure ] || autoreconf -fi
mkdir -p build-release
cd build-release
[ -f Makefile ] || ../configure CFLAGS='-O2 -g'
make -j"$(nproc)"
if [ -x src/ofswitchd ]; then
    if [ $# -eq 0 ]; then
        set -- --port tap:tap0 --port tap:tap1
    fi
    exec src/ofswitchd "$@"
fi
# Until the daemon lands, show the wire library at work.
flow='table=0,priority=10,tcp,nw_src=10.0.0.0/8,tp_dst=80,actions=set_field:10.0.0.1->ip_dst,output:2'
echo "ofswitchd is not built yet; the wire library parses and encodes a flow:"
tools/ofctl parse-flow --hex "$flow"
