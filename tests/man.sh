#!/bin/sh
# The man pages: groff renders them without a warning (-ww: every warning
# category), and fineprint.1 documents every option, limit and output
# format that 'fineprint --help' lists, so the page cannot fall behind the
# code.   Usage: tests/man.sh FINEPRINT
BIN=$1
test_name=man
. "$(dirname "$0")/lib.sh"

for page in man/fineprint.1 man/fineprint-rules.5; do
    groff -man -Tutf8 -ww -z "$page" > "$tmp/lint" 2>&1
    if [ $? -eq 0 ] && [ ! -s "$tmp/lint" ]; then ok; else bad "$page: groff: $(head -n 5 "$tmp/lint")"; fi
    # Rendered, it must be more than a header.
    [ "$(groff -man -Tutf8 "$page" 2>/dev/null | wc -l)" -gt 60 ] && ok || bad "$page renders nearly empty"
done

$BIN --help > "$tmp/help"
# Long options: "--name" in the help, written "\-\-name" in roff.
for opt in $(grep -o -- '--[a-z][a-z0-9-]*' "$tmp/help" | sort -u); do
    roff=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
    grep -q -- "$roff" man/fineprint.1 && ok || bad "fineprint.1 does not document $opt"
done
# Limits, as listed under 'Limits' in the help.
for lim in $(sed -n '/^Limits/,/^$/p' "$tmp/help" | awk '$2 == "default" {print $1}'); do
    roff=$(printf '%s' "$lim" | sed 's/-/\\\\-/g')
    grep -q "^\.B $roff\$" man/fineprint.1 && ok || bad "fineprint.1 does not document the limit $lim"
done
# Output formats, from the --format line.
for fmt in $(grep -- '--format' "$tmp/help" | sed 's/.*output: //; s/(default)//; s/,/ /g'); do
    grep -q "^\.B $fmt\$" man/fineprint.1 && ok || bad "fineprint.1 does not document the format $fmt"
done
# Commands, from the usage lines.
for cmd in scan merge rules explain; do
    grep -q "^\.B $cmd\$" man/fineprint.1 && ok || bad "fineprint.1 does not document the command $cmd"
done
# The rule keys of docs/rules.md's table are all in fineprint-rules.5.
for key in $(grep -o '^| `[a-z]*`' docs/rules.md | tr -d '|` '); do
    grep -q "^\.B[R]* $key" man/fineprint-rules.5 && ok || bad "fineprint-rules.5 does not document the key $key"
done
finish
