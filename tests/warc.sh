#!/bin/sh
# Web-archive input: WARC files (plain, gzip per record, gzip whole) are
# read record by record; HTTP 200 HTML/text responses that look like terms
# pages are scanned under "URI DATE", the rest passed over and counted;
# chunked and gzip-encoded responses are decoded; damaged files and
# records are named on stderr and counted, and the batch goes on.
# Usage: tests/warc.sh FINEPRINT-COMMAND
BIN=$1
test_name=warc
. "$(dirname "$0")/lib.sh"
check() { what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }

# rec TYPE URI FILE: one WARC record whose block is FILE
rec() {
    printf 'WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-05-01T12:00:00Z\r\n' "$1" "$2"
    printf 'Content-Type: application/http; msgtype=%s\r\nContent-Length: %s\r\n\r\n' "$1" "$(wc -c < "$3")"
    cat "$3"; printf '\r\n\r\n'
}
# http STATUS TYPE [EXTRA-HEADERS as a printf format, each ending in \r\n]
http() { printf "HTTP/1.1 %s\r\nContent-Type: %s\r\n${3:-}\r\n" "$1" "$2"; }
page() { printf '<html><head><title>%s</title></head><body><p>%s</p></body></html>' "$1" "$2"; }
asis='THE SERVICE IS PROVIDED "AS IS" AND "AS AVAILABLE".'
indem='You agree to indemnify and hold us harmless from any claim arising from your use of the Service.'

{ http '200 OK' 'text/html; charset=utf-8'; page 'Home' "$asis"; } > "$tmp/terms.http"
{ http '200 OK' 'text/html'; page 'Our blog' "$asis"; } > "$tmp/blog.http"
{ http '404 Not Found' 'text/html'; page 'Terms' "$asis"; } > "$tmp/404.http"
{ http '200 OK' 'text/plain'; printf '%s\n' "$indem"; } > "$tmp/policy.http"
{ http '200 OK' 'image/png'; printf 'PNG'; } > "$tmp/logo.http"
page 'Legal notices' "$indem" | gzip -c > "$tmp/body.gz"
{ http '200 OK' 'text/html' 'Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n'
  printf '%x\r\n' "$(wc -c < "$tmp/body.gz")"; cat "$tmp/body.gz"; printf '\r\n0\r\n\r\n'; } > "$tmp/legal.http"
{ http '200 OK' 'text/html' 'Content-Encoding: br\r\n'; printf 'xx'; } > "$tmp/brotli.http"
printf 'GET /terms HTTP/1.1\r\nHost: example.com\r\n\r\n' > "$tmp/get.http"

w=$tmp/crawl.warc
{ rec warcinfo '' "$tmp/get.http"
  rec request https://example.com/terms "$tmp/get.http"
  rec response https://example.com/terms "$tmp/terms.http"
  rec response https://example.com/blog/post "$tmp/blog.http"
  rec response https://example.com/terms-old "$tmp/404.http"
  rec response https://example.com/privacy-policy.txt "$tmp/policy.http"
  rec response https://example.com/logo.png "$tmp/logo.http"
  rec response https://example.com/about "$tmp/legal.http"; } > "$w"

$BIN -f tsv --summary-json "$tmp/s.json" "$w" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "a clean WARC exits 0 ($rc): $(head -c 300 "$tmp/err")" [ $rc -eq 0 ]
got=$(cut -f1,3 "$tmp/out" | tr '\t\n' '| ')
want="https://example.com/terms 2024-05-01T12:00:00Z|as_is.provided_as_is https://example.com/privacy-policy.txt 2024-05-01T12:00:00Z|indemnity.user_indemnifies https://example.com/about 2024-05-01T12:00:00Z|indemnity.user_indemnifies "
check "terms pages by URL or <title>, chunked+gzip decoded, named URI DATE: got '$got'" [ "$got" = "$want" ]
check "the tally names what was passed over" \
    grep -q "8 WARC records: 3 terms pages scanned, 3 other responses passed over (--warc-all scans every page), 2 requests or metadata records, 0 damaged" "$tmp/err"
check "each page counts as a file in the summary" grep -q '"files": 3,' "$tmp/s.json"

$BIN -f tsv --warc-all "$w" > "$tmp/all" 2>/dev/null
check "--warc-all also scans the blog page (not the 404, not the image)" \
    sh -c "cut -f1 \"$tmp/all\" | sort -u | tr '\n' ' ' | grep -q '^https://example.com/about .*https://example.com/blog/post .*https://example.com/terms '"

# the same records, gzip per record and gzip as a whole
for f in terms blog legal; do rec response "https://example.org/$f" "$tmp/$f.http" | gzip -c; done > "$tmp/per-record.warc.gz"
$BIN -f tsv "$tmp/per-record.warc.gz" > "$tmp/gz.out" 2> "$tmp/gz.err"
check "gzip member per record: $(cat "$tmp/gz.err")" [ "$(cut -f1 "$tmp/gz.out" | tr '\n' ' ')" = \
    "https://example.org/terms 2024-05-01T12:00:00Z https://example.org/legal 2024-05-01T12:00:00Z " ]
gzip -c "$w" > "$tmp/whole.gz"
$BIN -f tsv "$tmp/whole.gz" > "$tmp/whole.out" 2>/dev/null
check "a whole-file gzip named .gz is sniffed as WARC when named on the command line" cmp -s "$tmp/out" "$tmp/whole.out"

# damage: the good records before it are scanned, the error named and counted
head -c 1500 "$w" > "$tmp/cut.warc"
$BIN -f tsv --summary-json "$tmp/cut.json" "$tmp/cut.warc" corpora/marketplace-tos.txt > "$tmp/cut.out" 2> "$tmp/cut.err"; rc=$?
check "a truncated WARC exits 2 ($rc)" [ $rc -eq 2 ]
check "truncation named with the record number" grep -q "cut.warc: record [0-9]*: truncated" "$tmp/cut.err"
check "pages before the damage were scanned" grep -q "^https://example.com/terms" "$tmp/cut.out"
check "the next file of the batch was scanned" grep -q "^corpora/marketplace-tos.txt" "$tmp/cut.out"
check "counted as a bad WARC record" grep -q '"bad WARC record": 1' "$tmp/cut.json"
head -c 600 "$tmp/per-record.warc.gz" > "$tmp/cut.warc.gz"
$BIN -q "$tmp/cut.warc.gz" 2> "$tmp/cutgz.err"
check "truncated gzip named" grep -q "gzip data ends inside a member" "$tmp/cutgz.err"
{ cat "$w"; rec response https://example.com/terms2 "$tmp/brotli.http"; rec response https://example.com/tos "$tmp/terms.http"; } > "$tmp/br.warc"
$BIN -f tsv "$tmp/br.warc" > "$tmp/br.out" 2> "$tmp/br.err"
check "an unsupported content encoding is named, the next record still read" \
    sh -c "grep -q \"record 9 (https://example.com/terms2): content encoding 'br' is not supported\" \"$tmp/br.err\" && grep -q '^https://example.com/tos' \"$tmp/br.out\""
printf 'hello, not a crawl\n' > "$tmp/fake.warc"
$BIN -q "$tmp/fake.warc" 2> "$tmp/fake.err"; rc=$?
check "a .warc that is no WARC: named, exit 2 ($rc)" sh -c "[ $rc -eq 2 ] && grep -q 'fake.warc: record 1: not a WARC record' \"$tmp/fake.err\""

# a directory walk finds .warc and .warc.gz; -j does not change the output
mkdir "$tmp/dir" && cp "$w" "$tmp/per-record.warc.gz" "$tmp/dir/"
$BIN -f jsonl -j 1 "$tmp/dir" > "$tmp/j1" 2>/dev/null
$BIN -f jsonl -j 3 "$tmp/dir" > "$tmp/j3" 2>/dev/null
check "a walk finds both WARC files" [ "$(grep -c '"path"' "$tmp/j1")" -eq 5 ]
check "-j 3 output equals -j 1" cmp -s "$tmp/j1" "$tmp/j3"
finish
