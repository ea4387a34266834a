# tests/cli/lib.sh -- helpers shared by the shell tests of the ofctl
# command line.  Sourced, not run.  The tests find the built binary through
# $top_builddir (exported by "make check"), keep every file they write in a
# private temporary directory and never write into the source tree.
#
# Each check counts a pass or prints "FAIL: ..." and counts a failure;
# cli_finish reports the totals and gives the script's exit status.

: "${top_builddir:=.}"
OFCTL=$top_builddir/tools/ofctl
if [ ! -x "$OFCTL" ]; then
    echo "$0: $OFCTL is not built" >&2
    exit 99
fi

cli_tmp=$(mktemp -d "${TMPDIR:-/tmp}/ofctl-cli.XXXXXX") || exit 99
trap 'rm -rf "$cli_tmp"' EXIT
cli_out=$cli_tmp/stdout
cli_err=$cli_tmp/stderr
n_pass=0
n_fail=0

fail() {
    echo "FAIL: $*" >&2
    n_fail=$((n_fail + 1))
}

pass() {
    n_pass=$((n_pass + 1))
}

# run_ofctl ARG...: runs ofctl with stdout in $cli_out, stderr in $cli_err
# and the exit status in $rc.  A sanitizer report is always a failure,
# whatever the exit status (ASan's own exit status could look like an
# expected failure).
run_ofctl() {
    "$OFCTL" "$@" >"$cli_out" 2>"$cli_err"
    rc=$?
    if grep -q -e 'Sanitizer' -e 'runtime error' "$cli_err"; then
        fail "sanitizer report from: ofctl $*"
        cat "$cli_err" >&2
    fi
}

# expect_output EXPECTED ARG...: ofctl must exit 0, print EXPECTED (one or
# more lines) exactly on stdout and nothing on stderr.
expect_output() {
    expected=$1
    shift
    run_ofctl "$@"
    printf '%s\n' "$expected" >"$cli_tmp/expected"
    if [ "$rc" -ne 0 ]; then
        fail "ofctl $*: exit status $rc, expected 0"
        cat "$cli_err" >&2
    elif ! cmp -s "$cli_tmp/expected" "$cli_out"; then
        fail "ofctl $*: unexpected output"
        diff -u "$cli_tmp/expected" "$cli_out" >&2
    elif [ -s "$cli_err" ]; then
        fail "ofctl $*: unexpected stderr"
        cat "$cli_err" >&2
    else
        pass
    fi
}

# expect_failure STATUS PATTERN ARG...: ofctl must exit with STATUS and
# write a message matching the extended regular expression PATTERN on
# stderr.
expect_failure() {
    status=$1
    pattern=$2
    shift 2
    run_ofctl "$@"
    if [ "$rc" -ne "$status" ]; then
        fail "ofctl $*: exit status $rc, expected $status"
        cat "$cli_err" >&2
    elif ! grep -E -q -e "$pattern" "$cli_err"; then
        fail "ofctl $*: stderr does not match /$pattern/"
        cat "$cli_err" >&2
    else
        pass
    fi
}

# check_equal WHAT EXPECTED ACTUAL
check_equal() {
    if [ "$2" = "$3" ]; then
        pass
    else
        fail "$1"
        printf '  expected: %s\n  actual:   %s\n' "$2" "$3" >&2
    fi
}

cli_finish() {
    echo "$0: $n_pass passed, $n_fail failed"
    [ "$n_fail" -eq 0 ]
}
