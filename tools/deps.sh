#!/bin/sh
# Install the Debian packages fineprint needs to build and test, if missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
# Usage: tools/deps.sh [extra-package...]
set -u
# diction provides GNU style, which tests/test_readability.c runs to check
# fineprint's readability numbers (the test skips without it); docx2txt is
# the independent extractor tools/docxcheck.sh compares the DOCX text with;
# time (GNU /usr/bin/time) gives tests/pathological.sh the peak RSS it checks
# against the documented memory bound; valgrind runs the golden tests under
# memcheck in make check; nodejs and npm run the SARIF schema check
# (tests/sarif.sh, ajv from npm), asked for only when no node/npm is on PATH
# (it may come from elsewhere); groff-base lints the man pages.
need="libpcre2-dev libxml2-dev zlib1g-dev libcmocka-dev pkg-config make gcc diction docx2txt time groff-base valgrind $*"
command -v node > /dev/null || need="$need nodejs"
command -v npm > /dev/null || need="$need npm"
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
