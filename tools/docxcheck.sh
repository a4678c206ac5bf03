#!/bin/sh
# docxcheck - acceptance check of the DOCX ingestor on real agreements.
#   1. every ../shared/data/docx/*.docx ingests without error;
#   2. its body text agrees with docx2txt (an independent extractor) on at
#      least 98% of words, bag-of-words recall and precision, per file;
#   3. the Common Paper Cloud Service Agreement's warranty disclaimer,
#      limitation of liability and indemnification sections carry numbers.
# Skips (exit 0) when the data or docx2txt is absent.
# Usage: tools/docxcheck.sh   (after make)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2
data=../shared/data/docx
[ -d "$data" ] || { echo "docxcheck: SKIP: $data absent"; exit 0; }
command -v docx2txt > /dev/null || { echo "docxcheck: SKIP: docx2txt not installed"; exit 0; }
[ -f build/libfineprint.a ] || { echo "docxcheck: run make first"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cc -std=c11 -D_DEFAULT_SOURCE -Iinclude -Iscanner $(pkg-config --cflags libxml-2.0) \
    tools/docxtext.c build/libfineprint.a $(pkg-config --libs libpcre2-8 libxml-2.0 zlib) \
    -pthread -o "$tmp/docxtext" || exit 2
failed=0

# One lower-cased ASCII word per line (other bytes separate words).
words() { LC_ALL=C tr 'A-Z' 'a-z' | LC_ALL=C tr -c 'a-z0-9' '\n' | grep -v '^$'; }

for f in "$data"/*.docx; do
    name=$(basename "$f")
    if ! "$tmp/docxtext" "$f" > "$tmp/ours.tsv" 2> "$tmp/err"; then
        echo "FAIL $name: $(cat "$tmp/err")"; failed=1; continue
    fi
    # docx2txt reads the main document only: compare the body story
    awk -F '\t' '$1 == "body" || $1 == "textbox" { print $5 }' "$tmp/ours.tsv" | words | sort > "$tmp/a"
    docx2txt < "$f" 2> /dev/null | words | sort > "$tmp/b"
    common=$(LC_ALL=C comm -12 "$tmp/a" "$tmp/b" | wc -l)
    ours=$(wc -l < "$tmp/a"); ref=$(wc -l < "$tmp/b")
    line=$(awk -v c="$common" -v o="$ours" -v r="$ref" 'BEGIN {
        rec = r ? 100 * c / r : 100; pre = o ? 100 * c / o : 100
        printf "recall %.2f%% precision %.2f%% (%d words, docx2txt %d)", rec, pre, o, r
        exit !(rec >= 98 && pre >= 98) }')
    if [ $? -eq 0 ]; then echo "ok   $name: $line"; else echo "FAIL $name: $line"; failed=1; fi
done

csa=$data/common-paper-cloud-service-agreement.docx
if [ -f "$csa" ]; then
    "$tmp/docxtext" "$csa" > "$tmp/csa.tsv" 2> /dev/null
    for title in "Disclaimer of Warranties" "Limitation of Liability" "Indemnification"; do
        got=$(awk -F '\t' -v t="$title" '$1 == "body" && $2 == "heading" && $5 == t && $3 ~ /^[0-9]+$/ { print $3; exit }' "$tmp/csa.tsv")
        if [ -n "$got" ]; then echo "ok   CSA section $got: $title"
        else echo "FAIL CSA: no numbered heading '$title'"; failed=1; fi
    done
fi
[ $failed -eq 0 ] && echo "docxcheck: all passed"
exit $failed
