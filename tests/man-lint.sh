#!/bin/sh
# tests/man-lint.sh -- every manual page passes `mandoc -T lint` without
# warnings or errors (style notes about cross-references to pages that are
# not installed are allowed).
srcdir=${top_srcdir:-.}
command -v mandoc >/dev/null || { echo "mandoc not installed"; exit 77; }
status=0
for page in "$srcdir"/man/*.[1-8]; do
    out=$(mandoc -T lint -W warning "$page" 2>&1)
    if [ -n "$out" ]; then
        echo "$out"
        status=1
    else
        echo "ok: $page"
    fi
done
exit $status
