#!/bin/sh
# --format html: the report escapes everything from the document, marks
# every finding with an id that the panel links to, links every index row
# to a document section, and reports unreadable files in the index. Then,
# when Debian's chromium is available (tools/deps.sh installs it as root),
# the browser's own DOM of the report is checked the same way.
# Usage: tests/html.sh FINEPRINT
BIN=$1
test_name=html
. "$(dirname "$0")/lib.sh"

# ids and link targets of an HTML file, one a line, sorted
ids()   { grep -o ' id="[^"]*"' "$1" | sed 's/^ id="//; s/"$//' | sort; }
links() { grep -o 'href="#[^"]*"' "$1" | sed 's/^href="#//; s/"$//' | sort -u; }

# 1. Hostile text: markup in a plain-text document must come out as text
# (Markdown drops inline HTML as a renderer would).
cat > "$tmp/hostile.txt" <<'DOC'
# Terms <b>bold</b>

The Service is provided "as is" <script>alert(1)</script> and we disclaim all warranties.

You will indemnify us & our <img src=x onerror=alert(2)> affiliates against any claims.
DOC
cp "$tmp/hostile.txt" "$tmp/x<i>y.txt"
$BIN -f html "$tmp/hostile.txt" "$tmp/x<i>y.txt" > "$tmp/h.html" 2> "$tmp/err" || bad "hostile: exit $?: $(cat "$tmp/err")"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/h.html" && ok || bad "the script tag is not shown as text"
grep -qi '<script' "$tmp/h.html" && bad "raw <script in the report" || ok
grep -q '<img' "$tmp/h.html" && bad "raw <img in the report" || ok
grep -q '&lt;img src=x onerror=alert(2)&gt;' "$tmp/h.html" && ok || bad "the img tag is not shown as text"
grep -q 'x&lt;i&gt;y.txt' "$tmp/h.html" && ok || bad "the file name is not escaped"
grep -q 'x<i>y' "$tmp/h.html" && bad "raw file name markup" || ok
grep -q 'us &amp; our' "$tmp/h.html" && ok || bad "& is not escaped"
grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$tmp/h.html" && ok || bad "no CSP forbidding fetches"
grep -Eq '(src|href)="(https?:)?//' "$tmp/h.html" && bad "the report references the network" || ok

# 2. One document: every finding highlighted once, every link lands.
doc=corpora/ai-service-terms.md
$BIN -f tsv "$doc" > "$tmp/f.tsv"
nf=$(wc -l < "$tmp/f.tsv")
$BIN -f html "$doc" > "$tmp/one.html" || bad "one document: exit $?"
ids "$tmp/one.html" > "$tmp/ids"
links "$tmp/one.html" > "$tmp/links"
[ "$(grep -c '^d1-f[0-9]*$' "$tmp/ids")" -eq "$nf" ] && ok \
    || bad "$(grep -c '^d1-f' "$tmp/ids") finding ids for $nf findings"
[ -z "$(uniq -d "$tmp/ids")" ] && ok || bad "duplicate ids: $(uniq -d "$tmp/ids" | head -3)"
missing=$(comm -23 "$tmp/links" "$tmp/ids")
[ -z "$missing" ] && ok || bad "links without a target: $missing"
[ "$(grep -c '^d1-f' "$tmp/links")" -eq "$nf" ] && ok || bad "the panel does not link every finding"
grep -q '<span class="grade g-[A-E]">[A-E]</span>' "$tmp/one.html" && ok || bad "no grade"
grep -q 'Why this grade' "$tmp/one.html" && ok || bad "no score reasons"
grep -q '<mark class="c-as_is sev-high"' "$tmp/one.html" && ok || bad "no as_is highlight in its colour class"
grep -q 'Legal anchor: ' "$tmp/one.html" && ok || bad "no legal anchor in the panel"
grep -q '<nav>' "$tmp/one.html" && bad "an index for one document" || ok
# The highlighted words are the matched words (tsv column 8, escaped).
first=$(head -n 1 "$tmp/f.tsv" | cut -f8 | sed 's/&/\&amp;/g; s/"/\&quot;/g')
grep -qF "$first" "$tmp/one.html" && ok || bad "the first match is not in the text: $first"

# 3. Several documents, one unreadable: an index row each, linking to its section.
$BIN -f html corpora/*.md corpora/vendor-agreement.docx "$tmp/nope.txt" > "$tmp/many.html" 2> "$tmp/err"
[ $? -eq 2 ] && ok || bad "a missing file did not exit 2"
n=$(ls corpora/*.md corpora/vendor-agreement.docx | wc -l); n=$((n + 1))
# rows of the index table written for one order (id by-input, by-grade, ...)
order_rows() { awk -v id="id=\"$1\"" 'index($0, id) { on = 1 } on && /^<tr><td><a href="#d/ { print }
    on && /<\/table>/ { exit }' "$tmp/many.html"; }
for ord in by-input by-grade by-findings by-high by-warnings by-error; do
    [ "$(order_rows $ord | wc -l)" -eq "$n" ] && ok || bad "index $ord: not one row for each of $n documents"
done
# sorted without a script: each order is its own table, shown by CSS :target
# (each key list must hold one number per row, or an unparsed row would
# let `sort -c` pass on text)
order_rows by-grade | sed -n 's/.*<\/span> \([0-9.]*\)<.*/\1/p' > "$tmp/keys"
[ "$(wc -l < "$tmp/keys")" -eq $((n - 1)) ] && sort -n -c "$tmp/keys" && ok \
    || bad "by-grade is not lowest clarity first (one grade for each of $((n - 1)) readable documents)"
order_rows by-findings | sed -n 's/.*<td class="n">\([0-9]*\)<\/td><td class="n">[0-9]*<\/td><td class="n">[0-9]*<\/td><td class="n">[0-9]*<\/td><td>.*/\1/p' > "$tmp/keys"
[ "$(wc -l < "$tmp/keys")" -eq "$n" ] && sort -n -r -c "$tmp/keys" && ok \
    || bad "by-findings is not most findings first"
[ "$(order_rows by-error | head -n 1 | grep -c 'class="error"')" -eq 1 ] && ok \
    || bad "by-error does not put the unreadable file first"
grep -q '<th><a href="#by-grade">grade</a></th>' "$tmp/many.html" && ok || bad "column headings do not link to their order"
for i in $(seq 1 $n); do
    grep -q "<section class=\"doc\" id=\"d$i\">" "$tmp/many.html" || { bad "no section d$i"; break; }
done; ok
grep -q 'nope.txt: cannot open' "$tmp/many.html" && ok || bad "the unreadable file's reason is not in the report"
ids "$tmp/many.html" > "$tmp/ids"; links "$tmp/many.html" > "$tmp/links"
missing=$(comm -23 "$tmp/links" "$tmp/ids")
[ -z "$missing" ] && ok || bad "several documents: links without a target: $(echo $missing | head -c 200)"
grep -q 'body paragraph' "$tmp/many.html" && ok || bad "DOCX findings are not located by paragraph"

# Document warnings are shown.
printf 'The Service is provided "as is" \377 and we disclaim all warranties.\n' > "$tmp/cp.txt"
$BIN -f html "$tmp/cp.txt" > "$tmp/w.html"
grep -A1 'Warnings (1)' "$tmp/w.html" | grep -q '<li class="warn">not valid UTF-8' && ok || bad "the warning is not in the report"

# The batch writer renders in input order: -j must not change a byte.
$BIN -j 1 -f html corpora > "$tmp/j1.html" 2>/dev/null
$BIN -j 4 -f html corpora > "$tmp/j4.html" 2>/dev/null
[ -s "$tmp/j1.html" ] && cmp -s "$tmp/j1.html" "$tmp/j4.html" && ok || bad "-j 4 html differs from -j 1"

# 4. The browser's view.
if ! command -v chromium > /dev/null && [ "$(id -u)" = 0 ]; then
    sh tools/deps.sh chromium > "$tmp/apt.log" 2>&1
fi
if command -v chromium > /dev/null; then
    dom() {
        timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --user-data-dir="$tmp/profile" --dump-dom "file://$1" 2> /dev/null
    }
    dom "$tmp/h.html" > "$tmp/h.dom"
    grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/h.dom" && ok || bad "browser: the script is not text"
    grep -qi '<script' "$tmp/h.dom" && bad "browser: a script element exists" || ok
    dom "$tmp/one.html" > "$tmp/one.dom"
    [ "$(grep -o '<mark [^>]*id="d1-f[0-9]*"' "$tmp/one.dom" | wc -l)" -ge 1 ] && ok || bad "browser: no highlight with an id"
    ids "$tmp/one.dom" > "$tmp/ids"; links "$tmp/one.dom" > "$tmp/links"
    [ "$(grep -c '^d1-f' "$tmp/ids")" -eq "$nf" ] && ok || bad "browser: $(grep -c '^d1-f' "$tmp/ids") finding ids for $nf"
    missing=$(comm -23 "$tmp/links" "$tmp/ids")
    [ -z "$missing" ] && ok || bad "browser: links without a target: $missing"
else
    echo "html: SKIP browser check: chromium is not installed and could not be ($(tail -n 1 "$tmp/apt.log" 2>/dev/null))"
fi
finish
