#!/bin/sh
# tests/run-all.sh -- set up a fresh Debian machine and run every test of
# ofswitch: the unit and integration tests under ASan/UBSan with -Werror,
# `make distcheck`, the clang-format check, and (once the daemon exists) the
# conformance suite against an optimised build.  This is what CI runs.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
jobs=$(nproc)

step() { printf '\n=== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }

step "dependencies"
tools/install-deps.sh test

step "autoreconf"
autoreconf -fi >/dev/null

step "sanitizer build"
rm -rf "$top/build-ci" && mkdir -p "$top/build-ci" && cd "$top/build-ci"
../configure --enable-werror --enable-sanitizers >configure.out || {
    cat configure.out
    exit 1
}
tail -n 12 configure.out
make -j"$jobs"

step "format"
make check-format

step "unit and integration tests (ASan/UBSan)"
if ! make -j"$jobs" check; then
    find . -name 'test-suite.log' -exec cat {} + || true
    for f in $(find . -name '*.log' ! -name 'config.log'); do
        if grep -q '^FAIL' "${f%.log}.trs" 2>/dev/null; then
            echo "--- $f"
            tail -n 60 "$f"
        fi
    done
    exit 1
fi

step "distcheck"
OFS_SKIP_INTEGRATION=1 make -j"$jobs" distcheck \
    DISTCHECK_CONFIGURE_FLAGS='--enable-werror'

step "summary"
pass=0
fail=0
for t in $(find . -name '*.trs' ! -path './ofswitch-*'); do
    r=$(sed -n 's/^:test-result: //p' "$t")
    case "$r" in
    PASS) pass=$((pass + 1)) ;;
    FAIL | ERROR) fail=$((fail + 1)) ;;
    esac
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
