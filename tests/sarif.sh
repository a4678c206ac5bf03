#!/bin/sh
# --format sarif: validate the log of a mixed run (text, Markdown, HTML,
# DOCX, a missing file and a binary one) against the official SARIF 2.1.0
# schema with ajv (pinned in tests/sarif/package-lock.json, installed with
# npm ci into BUILD), plus the consistency checks in tests/sarif/check.js.
# Without node/npm or the npm registry the test says so and skips.
# Usage: tests/sarif.sh FINEPRINT BUILD-DIR
set -u
BIN=$1
BUILD=${2:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2
case $BUILD in /*) ;; *) BUILD=$here/$BUILD ;; esac
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
    echo "sarif: SKIP: node and npm are not installed (tools/deps.sh installs them)"; exit 0
fi
mods=$BUILD/sarif-check
mkdir -p "$mods"
if ! cmp -s tests/sarif/package-lock.json "$mods/package-lock.json" || [ ! -d "$mods/node_modules" ]; then
    cp tests/sarif/package.json tests/sarif/package-lock.json "$mods/"
    if ! (cd "$mods" && npm ci --no-audit --no-fund --loglevel=error > "$tmp/npm.log" 2>&1); then
        rm -f "$mods/package-lock.json"
        echo "sarif: SKIP: npm ci could not install ajv (no registry access?): $(tail -n 3 "$tmp/npm.log")"; exit 0
    fi
fi
cp tests/sarif/check.js tests/sarif/sarif-2.1.0-rtm.5.json "$mods/"

printf 'binary\000data\000here' > "$tmp/binary.txt"
printf 'The Service is provided "as is" \377 and we disclaim all warranties.\n' > "$tmp/cp.txt"
$BIN -f sarif corpora/*.md corpora/*.txt corpora/*.html corpora/*.docx \
    "$tmp/missing.txt" "$tmp/binary.txt" "$tmp/cp.txt" > "$tmp/log.sarif" 2> "$tmp/err"
rc=$?
if [ $rc -ne 2 ]; then echo "FAIL: sarif run exited $rc, wanted 2 (two unreadable files)"; exit 1; fi
NODE_PATH=$mods/node_modules node "$mods/check.js" "$tmp/log.sarif" \
    "file://$tmp/missing.txt" "file://$tmp/binary.txt" || { echo "FAIL: sarif log"; exit 1; }
# A document warning is a warning notification, not dropped.
grep -B2 -A12 '"level": "warning",' "$tmp/log.sarif" | grep -q "not valid UTF-8" &&
    grep -q "\"uri\": \"file://$tmp/cp.txt\"" "$tmp/log.sarif" || { echo "FAIL: no warning notification"; exit 1; }

# A run with nothing wrong is successful and still a valid log.
$BIN -f sarif corpora/ai-service-terms.md > "$tmp/one.sarif" || { echo "FAIL: clean sarif run"; exit 1; }
NODE_PATH=$mods/node_modules node "$mods/check.js" "$tmp/one.sarif" > "$tmp/one.out" || {
    cat "$tmp/one.out"; echo "FAIL: clean sarif log"; exit 1; }
grep -q '"executionSuccessful": true' "$tmp/one.sarif" || { echo "FAIL: clean run not successful"; exit 1; }

# The batch writer renders in input order: -j must not change a byte.
$BIN -j 1 -f sarif corpora > "$tmp/j1.sarif" 2>/dev/null
$BIN -j 4 -f sarif corpora > "$tmp/j4.sarif" 2>/dev/null
[ -s "$tmp/j1.sarif" ] && cmp -s "$tmp/j1.sarif" "$tmp/j4.sarif" || { echo "FAIL: -j 4 sarif differs from -j 1"; exit 1; }
