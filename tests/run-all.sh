#!/bin/bash
# tests/run-all.sh -- set up a fresh Debian machine and run every test of
# ofswitch: the unit and integration tests under ASan/UBSan with -Werror,
# the clang-format check, `make distcheck`, and Ryu's OpenFlow 1.3 switch
# tests (action and match cases) against an optimised build.  This is what
# CI runs (.ci/run); it ends with "N passed, N failed, N skipped".
set -eu
set -o pipefail
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

step "optimised build for the conformance suite"
rm -rf "$top/build-opt" && mkdir -p "$top/build-opt" && cd "$top/build-opt"
../configure CFLAGS='-O2 -g' >configure.out || {
    cat configure.out
    exit 1
}
make -j"$jobs" src/ofswitchd >/dev/null
cd "$top/build-ci"

ryu_cases=$top/../shared/conformance/ryu-of13
conformance_pass=0
conformance_fail=0
if [ -d "$ryu_cases" ]; then
    step "Ryu OpenFlow 1.3 conformance: action and match cases (gating)"
    set +e
    "$top/tests/conformance/run-ryu.sh" --switch "$top/build-opt/src/ofswitchd" \
        --cases "$ryu_cases" --only '^(action|match)/' \
        --workdir "$top/build-opt/ryu-action-match" | tee "$top/build-opt/ryu1.out"
    ryu_status=${PIPESTATUS[0]:-$?}
    set -e
    counts=$(sed -n 's/^total: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' \
        "$top/build-opt/ryu1.out")
    conformance_pass=${counts%% *}
    conformance_fail=${counts##* }
    if [ "$ryu_status" != 0 ]; then
        echo "Ryu conformance (action, match) failed"
        exit 1
    fi

    # The group and meter cases measure throughput with traffic the
    # Python tester generates for 30 s each (about 25 minutes in all); they
    # run with `make check-ryu RYU_ONLY='^(group|meter)/'` and join CI once
    # they pass reliably (issue 5).
else
    echo "no Ryu cases at $ryu_cases: conformance not run"
fi

step "summary"
pass=0
fail=0
skip=0
for t in $(find "$top/build-ci" -name '*.trs' ! -path '*/ofswitch-*'); do
    r=$(sed -n 's/^:test-result: //p' "$t")
    log=${t%.trs}.log
    checks=$(sed -n 's/^[0-9]*%: Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$log" | tail -n 1)
    case "$r" in
    PASS)
        if [ -n "$checks" ]; then
            set -- $checks
            pass=$((pass + $1))
        else
            pass=$((pass + 1))
        fi
        ;;
    SKIP) skip=$((skip + 1)) ;;
    *) fail=$((fail + 1)) ;;
    esac
done
pass=$((pass + ${conformance_pass:-0}))
fail=$((fail + ${conformance_fail:-0}))
echo "unit checks, test scripts and conformance cases:"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
