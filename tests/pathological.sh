#!/bin/sh
# Hostile and broken inputs. Each case is scanned together with a good
# document, under `timeout`: it must end within its time limit, with the
# specific error or warning for that file, and the good document must
# still be scanned. Then a mixed batch: 2,000 generated documents, 5% of
# them corrupt in varied ways. Prints a table (case, outcome, seconds).
# Inputs are generated here, in a temporary directory, and removed.
# Usage: tests/pathological.sh FINEPRINT PATHOGEN [--light]
#   --light skips the 200 MB cases (for the ASan+UBSan pass).
set -u
BIN=$1
GEN=$2
LIGHT=${3:-}
tmp=$(mktemp -d)
if [ -n "${KEEP:-}" ]; then echo "keeping $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi
passed=0; failed=0
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

good=$tmp/good.txt
printf 'Disclaimer. The Service is provided "as is".\n' > "$good"
# GNU time reports peak RSS; tools/deps.sh installs it
if [ -x /usr/bin/time ]; then TIME="/usr/bin/time -f %M -o $tmp/rss"; else TIME=""; fi

printf '%-26s %-8s %7s %9s  %s\n' case result seconds "peak MiB" "message for the file"
# run NAME LIMIT_S RC NEEDLE FILE [FINEPRINT OPTION...]
#   RC is the expected exit status: 2 for an error, 0 for a warning.
run() {
    name=$1 limit=$2 want=$3 needle=$4 file=$5
    shift 5
    t0=$(now)
    timeout -k 5 "$limit" $TIME "$BIN" -f jsonl --progress=never "$@" "$file" "$good" \
        > "$tmp/out" 2> "$tmp/err"
    rc=$? secs=$(elapsed "$t0")
    rss=-; [ -n "$TIME" ] && [ -s "$tmp/rss" ] && rss=$(($(tail -n 1 "$tmp/rss") / 1024))
    # the whole message (a JSON string) holding the needle, for the table
    msg=$(grep -F -- "\"path\":\"$file\"" "$tmp/out" | grep -o "\"[^\"]*$needle[^\"]*\"" | head -n 1)
    # inputs that never become documents (a directory) are named on stderr
    [ -n "$msg" ] || msg=$(grep -F -- "$file: " "$tmp/err" | grep -F -- "$needle" | head -n 1)
    result=ok
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        result=HUNG; bad "$name: no answer within $limit s"
    elif [ $rc -ne "$want" ]; then
        result=FAIL; bad "$name: exit $rc, expected $want: $(head -c 300 "$tmp/err")"
    elif [ -z "$msg" ]; then
        result=FAIL; bad "$name: no message with '$needle' for $file: $(head -c 400 "$tmp/out")"
    elif ! grep -F "\"path\":\"$good\"" "$tmp/out" | grep -q '"status":"ok".*"as_is":1'; then
        result=FAIL; bad "$name: the good document after it was not scanned"
    fi
    [ "$result" = ok ] && passed=$((passed + 1))
    printf '%-26s %-8s %7s %9s  %s\n' "$name" "$result" "$secs" "$rss" "$msg"
}

# g KIND [N]: generate an input into $f (names that cannot match a needle)
k=0
g() { k=$((k + 1)); f=$tmp/input$k; "$GEN" "$1" "$f" ${2:-} || { bad "pathogen $1 failed"; return 1; }; }

g overlap && run "overlapping-entry bomb" 20 2 "entries overlap" "$f"
g inflate-bomb 2048 && run "2 GiB inflate, 300 B said" 20 2 "inflates past its declared size" "$f"
# a bomb that declares its true size is stopped by the inflated-part-bytes
# budget, which grows the buffer only as bytes really come out
g inflate-bomb-honest 2048 && run "2 GiB inflate, 2 GiB said" 20 2 "inflated-part-bytes limit" "$f"
g many-entries 100000 && run "100,000 zip entries" 20 2 "over the zip-entries limit" "$f"
run "100,000 entries, limit up" 30 2 "neither a Word" "$f" --limit zip-entries=1000000
g bad-crc && run "bad CRC" 20 2 "CRC mismatch" "$f"
g truncated && run "truncated archive" 20 2 "truncated" "$f"
g doctype && run "DOCTYPE + entity bomb" 20 2 "DOCTYPE declarations are not allowed" "$f"
g deep-xml 100000 && run "XML nested 100,000 deep" 20 2 "nest more than 256 levels" "$f"
g html-unclosed 1000000 && run "HTML 1M unclosed tags" 30 0 "nested over 256 levels" "$f"
run "HTML over html-bytes" 20 2 "over the html-bytes limit" "$f" --limit html-bytes=1048576
if [ "$LIGHT" != --light ]; then
    g long-line 200 && run "200 MB single line" 60 0 "over-long sentences were cut" "$f"
    if [ "$rss" != - ] && [ "$rss" -gt $((8 * 200 + 64)) ]; then
        bad "200 MB line: peak RSS $rss MiB is over the documented bound (8 x input + 64 MiB)"
    fi
    rm -f "$f"
    # the largest HTML the default html-bytes limit lets through: its parse
    # tree is the biggest memory cost per input byte (docs/hardening.md)
    g html-big 31 && run "HTML 31 MiB (largest)" 90 0 '"html"' "$f"
    if [ "$rss" != - ] && [ "$rss" -gt $((32 * 31 + 64)) ]; then
        bad "HTML 31 MiB: peak RSS $rss MiB is over the documented bound (32 x input + 64 MiB)"
    fi
    rm -f "$f"
    g long-line-dense 200 && run "200 MB line, dense, 5 s" 40 2 "deadline of 5000 ms passed" \
        "$f" --limit deadline-ms=5000
    rm -f "$f"
fi
g bad-utf8 && run "invalid UTF-8 everywhere" 20 0 "not valid UTF-8" "$f"
g utf16-nobom && run "UTF-16 without BOM" 20 0 "no byte-order mark: decoded as UTF-16LE" "$f"
if ! grep -F "\"path\":\"$f\"" "$tmp/out" | grep -q '"as_is":[1-9]'; then
    bad "UTF-16 without BOM: its three disclaimers were not found"
fi
cat > "$tmp/backtrack.rules" <<'RULES'
[bt.nested_quantifier]
title    = Nested quantifier
category = as_is
bears    = user
severity = low
require  = aaaa | as is
pattern  = (a+)+$|\bas\s+is\b
explain  = Written to backtrack catastrophically on a run of a's with no end.
law      = none
match    = aaaa
match    = provided as is
nomatch  = bbbb
RULES
g backtrack && run "catastrophic backtracking" 20 0 "match limit exceeded" "$f" \
    --rules "$tmp/backtrack.rules"
# /proc files report size 0 and then deliver bytes: a file whose size
# changes between open and the end of reading, every time
run "size changes while read" 20 0 "file changed size while being read" /proc/self/status
mkfifo "$tmp/fifo" && run "a FIFO (nobody writing)" 10 2 "not a regular file" "$tmp/fifo"
mkdir "$tmp/dir" && run "a directory" 10 2 "is a directory holding no documents" "$tmp/dir"

# --- a batch: 2,000 documents, every 20th corrupt (ten kinds in turn)
t0=$(now)
"$GEN" batch "$tmp/batch" 2000 || bad "pathogen batch failed"
cut -f1 "$tmp/batch.expected" > "$tmp/batch.list"
timeout -k 5 120 "$BIN" -f jsonl --progress=never -j 2 --summary-json "$tmp/batch.json" \
    --files-from "$tmp/batch.list" > "$tmp/batch.jsonl" 2> "$tmp/batch.err"
rc=$?
# one line per document: path, status, error (or -), from the JSONL
sed -n 's/^{"path":"\([^"]*\)","format":"[^"]*","status":"\([a-z]*\)","error":\("[^"]*"\|null\).*/\1\t\2\t\3/p' \
    "$tmp/batch.jsonl" > "$tmp/batch.got"
verdict=$(awk -F '\t' '
    NR == FNR { want[$1] = $2; n++; next }
    { seen[$1] = 1
      if (want[$1] == "ok") { if ($2 != "ok") { print "good document not scanned: " $1 " " $3; bad++ } else good++ }
      else if ($2 != "error" || index($3, want[$1]) == 0) { print "corrupt document " $1 " not reported with \"" want[$1] "\": " $2 " " $3; bad++ }
      else corrupt++ }
    END { for (p in want) if (!(p in seen)) { print "missing from the output: " p; bad++ }
          printf "%d %d %d\n", good, corrupt, bad }' "$tmp/batch.expected" "$tmp/batch.got")
summary=$(tail -n 1 <<EOF2
$verdict
EOF2
)
echo "$verdict" | sed '$d' | head -n 10 | while read -r line; do echo "FAIL: batch: $line"; done
set -- $summary
ok_docs=$1 corrupt_docs=$2 wrong=$3
num() { sed -n "s/^  \"$1\": \([0-9]*\),*$/\1/p" "$tmp/batch.json" | head -n 1; }
reasons=$(sed -n '/"errors_by_reason"/,/}/p' "$tmp/batch.json" | sed -n 's/.*": \([0-9]*\),*$/\1/p' | awk '{ s += $1 } END { print s + 0 }')
result=ok
if [ "$wrong" -ne 0 ] || [ "$ok_docs" -ne 1900 ] || [ "$corrupt_docs" -ne 100 ]; then
    result=FAIL; bad "batch: $ok_docs good and $corrupt_docs corrupt documents as expected, $wrong wrong"
elif [ "$rc" -ne 2 ]; then
    result=FAIL; bad "batch: exit status $rc, expected 2"
elif [ "$(num files)" != 2000 ] || [ "$(num scanned)" != 1900 ] || [ "$(num errors)" != 100 ] ||
     [ "$reasons" != 100 ] || [ $(($(num scanned) + $(num errors) + $(num skipped))) -ne 2000 ]; then
    result=FAIL; bad "batch: summary does not add up: files $(num files), scanned $(num scanned), errors $(num errors), by reason $reasons"
elif [ "$(wc -l < "$tmp/batch.err")" -ne 100 ]; then
    result=FAIL; bad "batch: $(wc -l < "$tmp/batch.err") lines on stderr, expected one per corrupt document"
fi
[ "$result" = ok ] && passed=$((passed + 1))
printf '%-26s %-8s %7s %9s  %s\n' "batch of 2,000, 5% bad" "$result" "$(elapsed "$t0")" - \
    "exit $rc; $ok_docs scanned, $corrupt_docs reported with their reason; summary adds up"

echo "pathological: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
