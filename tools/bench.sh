#!/bin/sh
# Throughput benchmark (make bench). Not a test: it asserts nothing, it
# reports, in one run and as ratios:
#   - fineprint MB/s single-threaded and with -j 2, on the CUAD contracts
#     concatenated (one big file) and as separate files, and on the
#     Open Terms Archive Markdown (separate files and concatenated);
#   - pcre2grep -c -f on the rules fineprint exports (the same patterns);
#   - cat as the floor (the cost of reading the bytes);
#   - peak RSS, and whether it grows with the number of files;
#   - HTML and DOCX ingest against pandoc -t plain, when fineprint reads
#     them and pandoc is installed.
# Each timing is the best of $RUNS runs (default 3). Tools that are missing
# are skipped with a note. Data comes from ../shared/data and is never
# copied into the project.
# Usage: tools/bench.sh BUILD/fineprint
#        RULES=DIR tools/bench.sh ...   to measure another rule set
set -u
BIN=${1:-build/fineprint}
RUNS=${RUNS:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2
data=../shared/data
case $BIN in /*) ;; *) BIN=$here/$BIN ;; esac
if [ ! -d "$data/cuad/contracts" ] || [ ! -d "$data/ota-genai/markdown" ]; then
    echo "bench: SKIP: $data (cuad/contracts, ota-genai/markdown) not found"
    exit 0
fi
[ -x "$BIN" ] || { echo "bench: $BIN not built (run make)"; exit 2; }
if [ -n "${RULES:-}" ]; then # every fineprint call below loads these rules
    real_bin=$BIN
    BIN=$(mktemp); printf '#!/bin/sh\nexec "%s" "$@" --rules "%s"\n' "$real_bin" "$RULES" > "$BIN"
    chmod +x "$BIN"
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; [ -z "${RULES:-}" ] || rm -f "$BIN"' EXIT
GNU_TIME=/usr/bin/time
"$GNU_TIME" -f %M true > /dev/null 2>&1 || GNU_TIME=""
[ -n "$GNU_TIME" ] || echo "bench: note: GNU time not installed (apt-get install time): no peak RSS"

now_ns() { date +%s%N; }

# measure LABEL BYTES CMD...: best wall time of $RUNS runs and MB/s over
# it; MB per CPU-second (user + sys, from GNU time: the figure that holds
# when other processes share the cores); peak RSS. Sets $best (ns), $secs,
# $mbs, $cpu_s, $cpu_mbs and $rss for the caller.
measure() {
    label=$1; bytes=$2; shift 2
    best=""; rss=0; cpu=""
    r=0
    while [ $r -lt "$RUNS" ]; do
        t0=$(now_ns)
        if [ -n "$GNU_TIME" ]; then
            "$GNU_TIME" -f '%M %U %S' -o "$tmp/rss" "$@" > /dev/null 2> "$tmp/err"
        else
            "$@" > /dev/null 2> "$tmp/err"
        fi
        status=$?
        t1=$(now_ns)
        dt=$((t1 - t0))
        if [ -z "$best" ] || [ "$dt" -lt "$best" ]; then
            best=$dt
            if [ -n "$GNU_TIME" ]; then
                rss=$(tail -n 1 "$tmp/rss" | cut -d' ' -f1)
                cpu=$(tail -n 1 "$tmp/rss" | awk '{ print $2 + $3 }')
            fi
        fi
        r=$((r + 1))
    done
    secs=$(awk -v n="$best" 'BEGIN { printf "%.3f", n / 1e9 }')
    mbs=$(awk -v b="$bytes" -v n="$best" 'BEGIN { printf "%.1f", b / 1e6 / (n / 1e9) }')
    cpu_mbs=$(awk -v b="$bytes" -v c="${cpu:-0}" 'BEGIN { if (c > 0) printf "%.1f", b / 1e6 / c; else print "-" }')
    cpu_s=${cpu:-0}
    printf '  %-40s %7s s %8s MB/s %8s MB/cpu-s %7s KB\n' "$label" "$secs" "$mbs" "$cpu_mbs" "$rss"
}

# ratio A B: A / B (n/a when B is 0 or empty)
ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo "bench: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)," \
     "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" rules --export-pcre > "$tmp/rules.pcre" || exit 2
echo "bench: $("$BIN" rules | wc -l) rules, $(wc -l < "$tmp/rules.pcre") exported patterns; best of $RUNS runs"

# bench_set NAME DIR EXT: fineprint on the files, on one concatenation of
# them, pcre2grep on the same concatenation, cat.
bench_set() {
    name=$1; dir=$2; ext=$3
    find "$dir" -type f -name "*.$ext" | LC_ALL=C sort > "$tmp/$name.list"
    tr '\n' '\0' < "$tmp/$name.list" | xargs -0 cat > "$tmp/$name.all.$ext"
    bytes=$(wc -c < "$tmp/$name.all.$ext")
    files=$(wc -l < "$tmp/$name.list")
    echo
    echo "== $name: $files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB"
    measure "cat (floor)" "$bytes" cat "$tmp/$name.all.$ext"; cat_ns=$best
    measure "fineprint -j 1, concatenated" "$bytes" "$BIN" -q -j 1 "$tmp/$name.all.$ext"; one_ns=$best; one_cpu=$cpu_s
    measure "fineprint -j 1, $files files" "$bytes" "$BIN" -q -j 1 --files-from "$tmp/$name.list"; j1_ns=$best; j1_rss=$rss
    measure "fineprint -j 2, $files files" "$bytes" "$BIN" -q -j 2 --files-from "$tmp/$name.list"; j2_ns=$best
    pg_ns=""; pg_cpu=""
    if command -v pcre2grep > /dev/null 2>&1; then
        # one run: with a full rule set it is the slow one
        RUNS=1 measure "pcre2grep -c -f (exported rules)" "$bytes" pcre2grep -c -f "$tmp/rules.pcre" "$tmp/$name.all.$ext"
        pg_ns=$best; pg_cpu=$cpu_s
        # exit 2 with no match-limit note means it never ran (a pattern it
        # refused): a time for that would be a fake
        if [ "$status" -ge 2 ] && ! grep -q "resource limit" "$tmp/err"; then
            echo "  pcre2grep FAILED, no comparison: $(head -n 1 "$tmp/err")"
            pg_ns=""; pg_cpu=""
        elif grep -q "resource limit" "$tmp/err"; then
            echo "  (pcre2grep hit its match limit on $(grep -c 'gave error' "$tmp/err") lines and went on)"
        fi
    else
        echo "  pcre2grep: SKIP (apt-get install pcre2-utils)"
    fi
    # speed ratios: the same bytes, so the inverse ratio of the times
    echo "  ratios: fineprint -j1 / pcre2grep = $(ratio "$pg_ns" "$one_ns")x wall," \
         "$(ratio "$pg_cpu" "$one_cpu")x cpu (target >= 5);" \
         "-j2 / -j1 = $(ratio "$j1_ns" "$j2_ns")x (target >= 1.8); fineprint / cat = $(ratio "$cat_ns" "$one_ns")"
    # peak RSS must not grow with the number of files: scan the list 8 times
    if [ -n "$GNU_TIME" ]; then
        for k in 1 2 3 4 5 6 7 8; do cat "$tmp/$name.list"; done > "$tmp/$name.list8"
        RUNS=1 measure "fineprint -j 1, the files 8 times over" $((bytes * 8)) "$BIN" -q -j 1 --files-from "$tmp/$name.list8"
        echo "  peak RSS: $j1_rss KB for $files files, $rss KB for $((files * 8)) files"
    fi
}

bench_set cuad "$data/cuad/contracts" txt
bench_set ota-markdown "$data/ota-genai/markdown" md

# bench_ingest NAME DIR EXT: fineprint (whole pipeline) against pandoc -t plain
# (conversion only) over the same files, one process per file for both.
bench_ingest() {
    name=$1; dir=$2; ext=$3
    echo
    [ -d "$dir" ] || { echo "== $name: SKIP: $dir not found"; return; }
    find "$dir" -type f -name "*.$ext" | LC_ALL=C sort > "$tmp/$name.list"
    first=$(head -n 1 "$tmp/$name.list")
    [ -n "$first" ] || { echo "== $name: SKIP: no .$ext files"; return; }
    if "$BIN" -q "$first" 2>&1 | grep -q "unsupported"; then
        echo "== $name: SKIP: this fineprint build does not read .$ext"
        return
    fi
    bytes=$(tr '\n' '\0' < "$tmp/$name.list" | xargs -0 cat | wc -c)
    echo "== $name: $(wc -l < "$tmp/$name.list") files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB"
    cat > "$tmp/each.sh" <<'EOF'
tool=$1; list=$2; shift 2
while IFS= read -r f; do "$tool" "$@" "$f" > /dev/null 2>&1; done < "$list"
EOF
    measure "fineprint (one process per file)" "$bytes" sh "$tmp/each.sh" "$BIN" "$tmp/$name.list" -q
    fp_ns=$best
    measure "fineprint -j 1 (one process)" "$bytes" "$BIN" -q -j 1 --files-from "$tmp/$name.list"
    if command -v pandoc > /dev/null 2>&1; then
        measure "pandoc -t plain (one process per file)" "$bytes" sh "$tmp/each.sh" pandoc "$tmp/$name.list" -t plain
        echo "  ratio: fineprint / pandoc = $(ratio "$best" "$fp_ns")x (per-file processes both)"
    else
        echo "  pandoc: SKIP (apt-get install pandoc)"
    fi
}

bench_ingest html "$data/ota-genai/html" html
bench_ingest docx "$data/docx" docx
