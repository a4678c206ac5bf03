#!/bin/sh
# Batch mode: directory walk, file lists, JSONL streams, summaries, shard
# merge, and output that is byte-identical for any -j.
# Usage: tests/batch.sh FINEPRINT-COMMAND
set -u
BIN=$1
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2
tmp=$(mktemp -d)
if [ -n "${KEEP:-}" ]; then echo "keeping $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi
passed=0; failed=0
ok()  { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
# check DESCRIPTION COMMAND...: pass when the command succeeds
check() { what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }

# A corpus the test writes itself: documents of different sizes, some with
# findings, some without, in nested folders.
tree=$tmp/tree
mkdir -p "$tree/a/deep" "$tree/b" "$tree/.hidden"
gen_doc() { # gen_doc FILE N: N paragraphs, every third one a disclaimer
    i=0
    while [ $i -lt "$2" ]; do
        if [ $((i % 3)) -eq 0 ]; then
            echo "Section $i. The Service is provided \"as is\" and \"as available\" without warranty of any kind."
        else
            echo "Section $i. Each party will keep the other party's confidential information safe and use it only for this agreement."
        fi
        echo
        i=$((i + 1))
    done > "$1"
}
n=0
for d in a a/deep b; do
    for k in 1 2 3 4 5 6 7 8; do
        n=$((n + 1))
        gen_doc "$tree/$d/doc$k.txt" $(( (n * 7) % 40 + 1 ))
    done
done
printf '# Terms\n\nThe platform is offered on an "as is" basis.\n' > "$tree/b/terms.md"
printf 'no findings here, just words.\n' > "$tree/b/plain.markdown"
gen_doc "$tree/.hidden/secret.txt" 3
gen_doc "$tree/b/.dotfile.txt" 3
printf 'not\000text\000at all' > "$tree/b/blob.txt"
gen_doc "$tree/b/notes.log" 3
ln -s .. "$tree/a/deep/loop"           # a symlink loop back up the tree
ln -s "$here/corpora" "$tree/b/corpora" # a link to a real folder

# --- walking
$BIN -f tsv --progress=never "$tree" > "$tmp/walk.tsv" 2> "$tmp/walk.err"; rc=$?
check "walk exits 0 ($rc): $(head -c 300 "$tmp/walk.err")" [ $rc -eq 0 ]
cut -f1 "$tmp/walk.tsv" | grep -v '^#' | uniq > "$tmp/walk.files"
check "walk skips hidden files" sh -c "! grep -q hidden \"$tmp/walk.files\" && ! grep -q dotfile \"$tmp/walk.files\""
check "walk skips unknown extensions" sh -c "! grep -q notes.log \"$tmp/walk.files\""
check "walk finds the nested and linked documents" \
    sh -c "grep -q 'a/deep/doc8.txt' \"$tmp/walk.files\" && grep -q 'corpora/ai-service-terms.md' \"$tmp/walk.files\""
check "walk follows the loop once only" sh -c "! grep -q 'loop/a' \"$tmp/walk.files\""
sort "$tmp/walk.files" > "$tmp/walk.sorted"
LC_ALL=C sort "$tmp/walk.files" | cmp -s - "$tmp/walk.files"
check "walk order is sorted (C locale)" [ $? -eq 0 ]

$BIN -f jsonl --progress=never "$tree" > "$tmp/walk.jsonl" 2>&1
check "binary file in a walk is skipped" sh -c "! grep -q blob.txt \"$tmp/walk.jsonl\""
$BIN -f jsonl --hidden --binary --progress=never "$tree" > "$tmp/all.jsonl" 2> "$tmp/all.err"; rc=$?
check "--hidden scans hidden files" grep -q secret.txt "$tmp/all.jsonl"
check "--binary tries the binary file and reports it (exit $rc)" \
    sh -c "[ $rc -eq 2 ] && grep -q 'blob.txt.*binary' \"$tmp/all.err\""
$BIN -f jsonl --include '*.md' --include 'doc1.*' --exclude '*/deep/*' "$tree" > "$tmp/inc.jsonl" 2>&1
got=$(grep -o '"path":"[^"]*"' "$tmp/inc.jsonl" | sort | tr '\n' ' ')
# every Markdown file of the linked corpora folder, whatever it holds today
corpora_md=$(cd "$here/corpora" && ls *.md | sed "s|^|$tree/b/corpora/|")
want=$(printf '"path":"%s" ' "$tree/a/doc1.txt" $corpora_md "$tree/b/doc1.txt" "$tree/b/terms.md" | tr ' ' '\n' | sort | tr '\n' ' ')
check "--include/--exclude select by name and path: got $got" [ "$got" = "$want" ]
$BIN -f tsv "$tree/b/notes.log" > "$tmp/explicit.tsv" 2>&1
check "an explicit file is scanned whatever its extension" grep -q notes.log "$tmp/explicit.tsv"

# --- byte-identical output for any -j, in input order
for fmt in jsonl text tsv json; do
    $BIN -f "$fmt" -j 1 --color=never "$tree" corpora > "$tmp/j1.$fmt" 2>/dev/null
    for j in 2 3 8; do
        $BIN -f "$fmt" -j $j --color=never "$tree" corpora > "$tmp/jn.$fmt" 2>/dev/null
        check "-j $j output differs from -j 1 ($fmt)" cmp -s "$tmp/j1.$fmt" "$tmp/jn.$fmt"
    done
done
grep -o '"path":"[^"]*"' "$tmp/j1.jsonl" | sed 's/"path":"//; s/"$//' > "$tmp/order"
$BIN -f jsonl -j 1 corpora 2>/dev/null > "$tmp/corpora.jsonl"
grep -o '"path":"[^"]*"' "$tmp/walk.jsonl" "$tmp/corpora.jsonl" | sed 's/^[^:]*:"path":"//; s/"$//' > "$tmp/order.want"
check "results come in input order" cmp -s "$tmp/order" "$tmp/order.want"

# --- progress: only when asked, or on a terminal
$BIN -f jsonl --progress=always "$tree" 2>&1 > /dev/null | tr '\r' '\n' > "$tmp/progress"
check "--progress=always ends with done/total files" grep -q "fineprint: \([0-9]*\)/\1 files, .* MB/s" "$tmp/progress"
$BIN -f jsonl "$tree" 2>&1 > /dev/null | grep -q "files," && bad "progress shown on a pipe by default" || ok

# --- file lists
find "$tree" -name '*.txt' ! -path '*/.*' -type f | LC_ALL=C sort > "$tmp/list"
$BIN -f tsv --files-from "$tmp/list" > "$tmp/list1.tsv" 2>/dev/null
tr '\n' '\0' < "$tmp/list" | $BIN -f tsv -0 --files-from - --binary > "$tmp/list0.tsv" 2>/dev/null
check "--files-from and -0 --files-from - agree" cmp -s "$tmp/list1.tsv" "$tmp/list0.tsv"
check "--files-from scans listed files (even binary ones: they are explicit)" \
    sh -c "grep -q doc3.txt \"$tmp/list1.tsv\""

# --- errors are reported, counted, and the batch goes on
$BIN -q --summary-json "$tmp/err.json" --max-size 1K "$tree/a" "$tmp/missing.txt" 2> "$tmp/err.err"; rc=$?
check "errors give exit 2 ($rc)" [ $rc -eq 2 ]
check "missing file named on stderr" grep -q "missing.txt: cannot open" "$tmp/err.err"
check "--max-size errors counted by reason" grep -q '"document too large": ' "$tmp/err.json"
check "the small files were still scanned" sh -c "grep -q '\"scanned\": [1-9]' \"$tmp/err.json\""
$BIN -q --timeout 600 --limit deadline-ms=600000 corpora 2>/dev/null
check "--timeout and --limit parse" [ $? -eq 0 ]
$BIN -q --timeout soon corpora 2>/dev/null
check "--timeout rejects a bad value" [ $? -eq 2 ]

# --- summaries: text, CSV, and shards merged == one run
$BIN -q --summary --summary-csv "$tmp/s.csv" --summary-json "$tmp/all.json" "$tree" corpora 2> "$tmp/s.txt"
check "text summary on stderr" grep -q "findings by category" "$tmp/s.txt"
head -n 1 "$tmp/s.csv" | grep -q '^path,format,status,error,grade,score,.*as_is.*,findings,warnings$'
check "CSV header" [ $? -eq 0 ]
grep -q "^corpora/ai-service-terms.md,markdown,ok,,[A-E],[0-9.]*," "$tmp/s.csv"
check "CSV row carries the clarity grade and score" [ $? -eq 0 ]
check "summary counts the grades" grep -q '"grades": {' "$tmp/all.json"
rows=$(($(wc -l < "$tmp/s.csv") - 1))
files=$(sed -n 's/^  "files": \([0-9]*\),$/\1/p' "$tmp/all.json")
skipped=$(sed -n 's/^  "skipped": \([0-9]*\),$/\1/p' "$tmp/all.json")
check "one CSV row per scanned document ($rows rows, $files files, $skipped skipped)" \
    [ "$rows" -eq $((files - skipped)) ]

{ find "$tree" -type f ! -path '*/.*' \( -name '*.txt' -o -name '*.md' -o -name '*.markdown' \); \
  ls corpora/*.md; } | LC_ALL=C sort > "$tmp/shardlist"
$BIN -q --files-from "$tmp/shardlist" --summary-json "$tmp/single.json" 2>/dev/null
split -n l/3 "$tmp/shardlist" "$tmp/shard."
pids=""
for s in "$tmp"/shard.a?; do
    $BIN -q -j 1 --files-from "$s" --summary-json "$s.json" 2>/dev/null &
    pids="$pids $!"
done
for p in $pids; do wait "$p"; done
$BIN merge "$tmp"/shard.a?.json > "$tmp/merged.json"; rc=$?
check "merge exits 0 ($rc)" [ $rc -eq 0 ]
grep -v -e elapsed_seconds -e mb_per_second "$tmp/single.json" > "$tmp/single.counts"
grep -v -e elapsed_seconds -e mb_per_second "$tmp/merged.json" > "$tmp/merged.counts"
if cmp -s "$tmp/single.counts" "$tmp/merged.counts"; then ok
else bad "merged shards differ from one run:"; diff "$tmp/single.counts" "$tmp/merged.counts"; fi
check "the merged summary found something" sh -c "grep -q '\"as_is\": [1-9]' \"$tmp/merged.json\""
echo '{"fineprint_summary": 1, "files": "x"}' > "$tmp/bogus.json"
$BIN merge "$tmp/bogus.json" > /dev/null 2> "$tmp/merge.err"
check "merge rejects a file that is not a summary" grep -q "not a fineprint summary" "$tmp/merge.err"

# --- documents as a JSONL stream (the mapper of Hadoop Streaming / Spark pipe)
b64=$(printf 'The Software is licensed to you "with all faults".\n' | base64 | tr -d '\n')
{
    printf '{"id": "doc-1", "text": "Our Services are provided on an as-is basis.\\nWe will be fair."}\n'
    printf '{"id": 42, "base64": "%s", "format": "text"}\n' "$b64"
    printf '{"id": "doc-bad", "base64": "%%%%%%"}\n'
    printf 'this is not json\n'
    printf '{"id": "doc-\\u00e9", "text": "Nothing to see."}\n'
} > "$tmp/stream.jsonl"
$BIN --stdin-jsonl -f jsonl --summary-json "$tmp/stream.json" < "$tmp/stream.jsonl" > "$tmp/stream.out" 2> "$tmp/stream.err"; rc=$?
check "stream with bad records exits 2 ($rc)" [ $rc -eq 2 ]
check "stream results keyed by id, in order" \
    sh -c "[ \"\$(grep -o '\"path\":\"[^\"]*\"' \"$tmp/stream.out\" | tr '\n' ' ')\" = '\"path\":\"doc-1\" \"path\":\"42\" \"path\":\"doc-é\" ' ]"
check "text record scanned" sh -c "grep '\"doc-1\"' \"$tmp/stream.out\" | grep -q provided_as_is"
check "base64 record scanned" sh -c "grep '\"42\"' \"$tmp/stream.out\" | grep -q provided_as_is"
check "bad records named on stderr" sh -c "grep -q 'doc-bad.*base64' \"$tmp/stream.err\" && grep -q 'line 4.*not valid JSON' \"$tmp/stream.err\""
check "bad records counted" grep -q '"bad JSONL record": 2' "$tmp/stream.json"
big=$(head -c 6000 /dev/zero | tr '\0' 'a')
printf '{"id": "huge", "text": "%s"}\n{"id": "small", "text": "provided as is"}\n' "$big" |
    $BIN --stdin-jsonl -f jsonl --max-size 100 > "$tmp/huge.out" 2> "$tmp/huge.err"
check "a record over the size limit is dropped and named, the next one scanned" \
    sh -c "grep -q 'line 1.*larger than' \"$tmp/huge.err\" && grep -q '\"small\"' \"$tmp/huge.out\""
printf '' | $BIN --stdin-jsonl -f jsonl > "$tmp/empty.out" 2>&1
check "an empty stream (an empty split) is not an error" [ $? -eq 0 ]
$BIN --stdin-jsonl -j 1 -f jsonl < "$tmp/stream.jsonl" > "$tmp/stream1.out" 2>/dev/null
check "stream output is the same for -j 1" cmp -s "$tmp/stream.out" "$tmp/stream1.out"

echo "batch: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
