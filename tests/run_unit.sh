#!/bin/sh
# Run each unit-test program; print one closing line "N passed, N failed".
# Exit non-zero if any program fails.
passed=0; failed=0
for t in "$@"; do
    if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $t"; fi
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
