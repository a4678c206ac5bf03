#!/bin/sh
# Proof harness for the atom filter (make atomcheck).
#
# At load, every rule gets a condition derived from its pattern (atoms,
# scanner/atoms.c) and PCRE2 runs only where the condition holds. The
# condition must never reject a sentence the pattern matches, so the
# findings must be byte for byte the same with the filter as without it
# (FINEPRINT_NO_ATOMS=1). This scans the CUAD contracts, the CLAUDETTE
# texts, the Open Terms Archive Markdown and HTML and the DOCX files both
# ways and compares the
# JSONL records (every finding with its location, bearer and attributes,
# the counts and the score) byte for byte, with the "warnings" lists left
# out: a sentence that made a rule hit PCRE2's match limit is one the
# filter may never give to that rule. ATOMCHECK_SETS narrows the sets.
# It also fails on a load warning that a derived condition was dropped.
# Data comes from ../shared/data and is never copied into the project; the
# check is skipped when it is missing.
# Usage: tools/atomcheck.sh [BUILD/fineprint]
set -u
BIN=${1:-build/fineprint}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2
data=../shared/data
sets=${ATOMCHECK_SETS:-cuad/contracts claudette/text ota-genai/markdown ota-genai/html docx}
[ -x "$BIN" ] || { echo "atomcheck: $BIN not built (run make)"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The JSONL records without their warnings (strings never hold a raw '"').
strip_warnings() {
    sed -E 's/"warnings":\[("([^"\\]|\\.)*",?)*\]/"warnings":-/' "$1"
}

failed=0; checked=0
for set in $sets; do
    dir=$data/$set
    if [ ! -d "$dir" ]; then
        echo "atomcheck: SKIP $set ($dir not found)"
        continue
    fi
    "$BIN" -f jsonl "$dir" > "$tmp/with" 2> "$tmp/with.err"
    FINEPRINT_NO_ATOMS=1 "$BIN" -f jsonl "$dir" > "$tmp/without" 2> /dev/null
    ok=1
    if grep -q "condition derived from its pattern" "$tmp/with.err"; then
        echo "atomcheck: FAIL $set: a derived condition was dropped at load:"
        grep "condition derived" "$tmp/with.err" | head -n 5
        ok=0
    fi
    strip_warnings "$tmp/with" > "$tmp/a"
    strip_warnings "$tmp/without" > "$tmp/b"
    if ! cmp -s "$tmp/a" "$tmp/b"; then
        echo "atomcheck: FAIL $set: the results differ without the atom filter (< with, > without):"
        diff "$tmp/a" "$tmp/b" | cut -c1-300 | head -n 20
        ok=0
    fi
    n=$(grep -o '"rule":' "$tmp/with" | wc -l)
    [ $ok -eq 0 ] || echo "atomcheck: $set: $n findings, identical with and without the atom filter"
    [ $ok -eq 1 ] || failed=1
    checked=$((checked + 1))
done
[ $failed -eq 0 ] || exit 1
[ $checked -gt 0 ] || echo "atomcheck: SKIP: no data under $data"
exit 0
