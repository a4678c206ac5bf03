# tests/lib.sh - the frame the shell tests share, sourced once the
# caller set BIN and test_name. Moves to the project root, makes a
# scratch directory ($tmp, removed on exit) and counts results with ok/bad;
# finish prints the tally and gives the exit status.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
: "${test_name:?}"
passed=0; failed=0
ok()  { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
finish() { echo "$test_name: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; }
