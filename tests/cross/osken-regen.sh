#!/bin/sh
# tests/cross/osken-regen.sh -- regenerates the os-ken vectors with the
# installed os-ken (Debian's python3-os-ken, run by /usr/bin/python3) and
# fails if they differ from the committed tests/cross/osken-vectors.{txt,json}
# (test-osken reads the committed copy, so it never depends on generation
# order or on os-ken being installed).  Exits 77 (skip) when os-ken is not
# installed.  After a deliberate change to gen-osken-vectors.py, refresh the
# committed files with:
#   /usr/bin/python3 tests/cross/gen-osken-vectors.py tests/cross
set -e
: "${top_srcdir:=.}"
python=${OSKEN_PYTHON:-/usr/bin/python3}
if ! "$python" -c 'import os_ken.ofproto.ofproto_v1_3_parser' 2>/dev/null; then
    echo "SKIP: $python cannot import os_ken (apt-get install python3-os-ken)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" "$top_srcdir/tests/cross/gen-osken-vectors.py" "$tmp"
status=0
for f in osken-vectors.txt osken-vectors.json; do
    if ! diff -u "$top_srcdir/tests/cross/$f" "$tmp/$f" > "$tmp/$f.diff"; then
        echo "FAIL: tests/cross/$f differs from what gen-osken-vectors.py makes:"
        head -n 40 "$tmp/$f.diff"
        status=1
    fi
done
[ $status -eq 0 ] && echo "os-ken vectors are up to date"
exit $status
