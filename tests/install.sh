#!/bin/sh
# make install into a temporary prefix, then check what a user gets: the
# binary finds its built-in rules with no configuration, the rule files and
# header are there, and the README's library example builds through
# pkg-config against the shared library, and the static library against the
# shared system libraries (their own static archives are not installed).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi; }

make -C "$here" --no-print-directory -s install PREFIX="$tmp/prefix" > "$tmp/log" 2>&1
rc=$?
check "make install" '[ $rc -eq 0 ] || { cat "$tmp/log"; false; }'
p="$tmp/prefix"
check "binary installed" '[ -x "$p/bin/fineprint" ]'
check "header installed" '[ -f "$p/include/fineprint.h" ]'
check "rule files installed" 'ls "$p/share/fineprint/patterns/"*.rules > /dev/null 2>&1'
check "pkg-config file" '[ -f "$p/lib/pkgconfig/fineprint.pc" ]'
check "man page fineprint(1) installed" 'cmp -s "$here/man/fineprint.1" "$p/share/man/man1/fineprint.1"'
check "man page fineprint-rules(5) installed" 'cmp -s "$here/man/fineprint-rules.5" "$p/share/man/man5/fineprint-rules.5"'
check "man finds the installed pages" '! command -v man > /dev/null || { MANPATH="$p/share/man" man -w fineprint-rules | grep -q "man5/fineprint-rules.5"; }'
(cd "$tmp" && "$p/bin/fineprint" -f tsv "$here/corpora/ai-service-terms.md" > "$tmp/out" 2>&1)
check "installed binary scans with built-in rules" 'grep -q "as_is" "$tmp/out"'
export PKG_CONFIG_PATH="$p/lib/pkgconfig"
check "example builds (shared)" 'cc -o "$tmp/ex" "$here/docs/examples/scan_one.c" $(pkg-config --cflags --libs fineprint) 2> "$tmp/cc.log" || { cat "$tmp/cc.log"; false; }'
check "example runs" 'LD_LIBRARY_PATH="$p/lib" "$tmp/ex" "$here/corpora/ai-service-terms.md" | grep -q "as_is.provided_as_is (user bears it)"'
check "example builds (static)" 'cc -o "$tmp/ex2" "$here/docs/examples/scan_one.c" $(pkg-config --cflags fineprint) "$p/lib/libfineprint.a" $(pkg-config --libs libpcre2-8 libxml-2.0 zlib) -lpthread 2> "$tmp/cc2.log" || { cat "$tmp/cc2.log"; false; }'
check "static example runs" '"$tmp/ex2" "$here/corpora/ai-service-terms.md" | grep -q "provided_as_is"'
echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
