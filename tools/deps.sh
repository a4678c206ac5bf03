#!/bin/sh
# Install the Debian packages fineprint needs to build and test, if missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
# Usage: tools/deps.sh [extra-package...]
set -u
# diction provides GNU style, which tests/test_readability.c runs to check
# fineprint's readability numbers (the test skips without it); docx2txt is
# the independent extractor tools/docxcheck.sh compares the DOCX text with.
need="libpcre2-dev libxml2-dev zlib1g-dev libcmocka-dev pkg-config make gcc diction docx2txt $*"
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "deps: installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >&2 || {
        echo "deps: apt-get failed for:$missing" >&2; exit 1; }
else
    echo "deps: missing packages. Run as root:" >&2
    echo "  apt-get install -y$missing" >&2
    exit 1
fi
