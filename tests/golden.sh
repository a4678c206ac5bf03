#!/bin/sh
# CLI golden tests: each corpora/NAME.expected lists the findings expected
# for corpora/NAME.<ext> as "line:col rule category severity bearer" (the
# tsv columns 2-6). Then the CLI's contract for bad input and exit codes.
# Usage: tests/golden.sh FINEPRINT-COMMAND   (may be "valgrind ... fineprint")
set -u
BIN=$1
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); }
bad()  { failed=$((failed + 1)); echo "FAIL: $*"; }

for exp in corpora/*.expected; do
    base=${exp%.expected}
    doc=$(ls "$base".* 2>/dev/null | grep -v '\.expected$' | head -n 1)
    [ -n "$doc" ] || { bad "$exp: no document beside it"; continue; }
    $BIN -f tsv "$doc" > "$tmp/out" 2> "$tmp/err"; rc=$?
    cut -f2-6 "$tmp/out" > "$tmp/got"
    grep -v '^#' "$exp" > "$tmp/want"
    if [ $rc -ne 0 ]; then bad "$doc: exit $rc: $(cat "$tmp/err")"
    elif diff -u "$tmp/want" "$tmp/got" > "$tmp/diff"; then ok
    else bad "$doc differs from $exp:"; cat "$tmp/diff"; fi
done

# expect_exit CODE DESCRIPTION STDERR-PATTERN -- ARGS...
expect_exit() {
    code=$1; what=$2; pattern=$3; shift 4
    $BIN "$@" > "$tmp/out" 2> "$tmp/err"; rc=$?
    if [ $rc -ne "$code" ]; then bad "$what: exit $rc, wanted $code ($(head -c 300 "$tmp/err"))"
    elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$tmp/err"; then
        bad "$what: stderr lacks '$pattern': $(head -c 300 "$tmp/err")"
    else ok; fi
}

sample=corpora/ai-service-terms.md
: > "$tmp/empty.txt"
printf 'binary\000data\000here' > "$tmp/binary.txt"
printf 'The Service is provided \223as is\224 and we disclaim all warranties.\n' > "$tmp/cp1252.txt"
mkdir "$tmp/dir"

expect_exit 0 "clean scan" "" -- "$sample"
expect_exit 2 "empty file" "empty file" -- "$tmp/empty.txt"
expect_exit 2 "binary file" "binary data" -- "$tmp/binary.txt"
expect_exit 2 "missing file" "cannot open" -- "$tmp/nope.txt"
expect_exit 2 "directory without documents" "no documents to scan" -- "$tmp/dir"
expect_exit 2 "error does not stop the batch" "binary data" -- "$tmp/binary.txt" "$sample"
grep -q "as_is" "$tmp/out" && ok || bad "the good file after a bad one was not scanned"
printf '\320\317\021\340\241\261\032\341legacy' > "$tmp/legacy.doc"
expect_exit 2 "legacy .doc (OLE2)" "unsupported: an OLE2 compound file" -- "$tmp/legacy.doc"
head -c 300 corpora/vendor-agreement.docx > "$tmp/truncated.docx"
expect_exit 2 "truncated docx does not stop the batch" "truncated" -- "$tmp/truncated.docx" corpora/vendor-agreement.docx
grep -q "body paragraph .*provided_as_is" "$tmp/out" && ok || bad "the good docx after a truncated one was not scanned"
expect_exit 0 "windows-1252 text" "" -- "$tmp/cp1252.txt"
grep -q "Windows-1252" "$tmp/out" && grep -q "provided_as_is" "$tmp/out" && ok \
    || bad "cp1252 text was not decoded and scanned: $(cat "$tmp/out")"
expect_exit 1 "--fail-on high with high findings" "" -- --fail-on high "$sample"
expect_exit 0 "--fail-on with nothing at that level" "" -- --fail-on high "$tmp/cp1252.txt" --limit matches-per-rule=0
expect_exit 2 "unknown option" "unknown option" -- --bogus "$sample"
expect_exit 2 "bad limit" "unknown limit" -- --limit nothing=3 "$sample"
expect_exit 0 "stdin" "" -- - < "$sample"
grep -q "(stdin)" "$tmp/out" && ok || bad "stdin document not reported"
expect_exit 0 "json output" "" -- -f json "$sample"
grep -q '"documents"' "$tmp/out" && ok || bad "json output lacks documents"
grep -q '"score": {"grade"' "$tmp/out" || grep -q '"grade": "[A-E]"' "$tmp/out" && ok || bad "json output lacks the score grade"
expect_exit 0 "text output" "" -- "$sample"
grep -q "^  Clarity [A-E] " "$tmp/out" && grep -q "Burden on the user" "$tmp/out" && ok \
    || bad "text output lacks the score header"
expect_exit 0 "jsonl output" "" -- -f jsonl "$sample" "$sample"
[ "$(grep -c '"score":{"grade":"[A-E]"' "$tmp/out")" -eq 2 ] && ok || bad "jsonl lines lack the score"
expect_exit 0 "help" "" -- --help
grep -q "Usage" "$tmp/out" && ok || bad "--help lacks Usage"
expect_exit 0 "rules --test" "" -- rules --test
expect_exit 0 "rules --profile" "" -- rules --profile "$sample"
grep -q "^as_is.provided_as_is  *[1-9]" "$tmp/out" && grep -q "documents" "$tmp/out" && ok \
    || bad "rules --profile does not list the as-is rule with its runs: $(head -5 "$tmp/out")"
expect_exit 0 "explain" "" -- explain as_is.provided_as_is
grep -q "UCC 2-316" "$tmp/out" && ok || bad "explain lacks the legal anchor"
printf '[x.y]\ncategory = as_is\nbears = user\nseverity = high\npattern = (unclosed\nexplain = e\nmatch = a\nnomatch = b\n' > "$tmp/bad.rules"
expect_exit 2 "bad rule file names file:line and PCRE2 message" "bad.rules:1: .*missing closing parenthesis" -- --rules "$tmp/bad.rules" "$sample"

# HTML pages that hold nothing to read
printf '<html><head><script src=app.js></script></head><body><div id=root></div></body></html>' > "$tmp/app.html"
expect_exit 2 "script-only HTML page" "no readable text" -- "$tmp/app.html"
printf '<html>\000\001\377junk' > "$tmp/junk.html"
expect_exit 2 "binary data named .html" "binary data" -- "$tmp/junk.html"

# HTML acceptance against ../shared/data/ota-genai when present (plain
# builds only: the check links its own helper against the library)
case $BIN in
*" "*|*/asan/*) ;;
*)  sh tools/htmlcheck.sh "$BIN" > "$tmp/htmlcheck" 2>&1; rc=$?
    if [ $rc -eq 77 ]; then cat "$tmp/htmlcheck"
    elif [ $rc -eq 0 ]; then ok; grep -E 'categories|recall' "$tmp/htmlcheck"
    else bad "tools/htmlcheck.sh: $(cat "$tmp/htmlcheck")"; fi
    # DOCX acceptance against ../shared/data/docx and docx2txt when present
    sh tools/docxcheck.sh > "$tmp/docxcheck" 2>&1; rc=$?
    if grep -q SKIP "$tmp/docxcheck"; then cat "$tmp/docxcheck"
    elif [ $rc -eq 0 ]; then ok; grep -c '^ok' "$tmp/docxcheck" | sed 's/^/docxcheck: checks passed: /'
    else bad "tools/docxcheck.sh: $(cat "$tmp/docxcheck")"; fi ;;
esac

echo "golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
