#!/usr/bin/env bash
# Times `tutor exec` on the attention benchmark script against python3 + PyTorch, and
# `tutor run 1` (reading lesson 1 with every step run and checked).
#
#   scripts/bench_exec.sh [--no-build] [--runs N]
#
# Builds the release binary, checks that `tutor exec` prints exactly the expected output
# (Tests/StepScriptTests/Scripts/bench_attention.out, made by scripts/make_script_corpus.py),
# then times 20 runs of each command (hyperfine when installed, otherwise a bash loop) and
# prints a table. The python3 row is skipped when PyTorch is not installed.
# Exit status: 0 when both meet their targets (exec <= 20 ms, run 1 <= 50 ms), 1 otherwise.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1

RUNS=20
TARGET_MS=20
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) BUILD=0 ;;
        --runs) shift; RUNS="${1:?--runs needs a number}" ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench_exec.sh: unknown argument '$1'" >&2; exit 64 ;;
    esac
    shift
done

SCRIPT=Tests/StepScriptTests/Scripts/bench_attention.py
EXPECTED=Tests/StepScriptTests/Scripts/bench_attention.out
TUTOR="${TUTOR:-.build/release/tutor}"   # override to time another build

if [ "$BUILD" = 1 ]; then
    # Static linking of the Swift runtime saves the dynamic loader's work at every start.
    echo "==> swift build -c release --product tutor --static-swift-stdlib"
    if ! swift build -c release --product tutor --static-swift-stdlib; then
        echo "bench_exec.sh: release build failed" >&2
        exit 1
    fi
fi
if [ ! -x "$TUTOR" ]; then
    echo "bench_exec.sh: $TUTOR not found (build it, or drop --no-build)" >&2
    exit 1
fi

# A fast wrong answer is not a result: check the output before timing anything.
if [ -f "$EXPECTED" ]; then
    if ! diff <("$TUTOR" exec "$SCRIPT" 2>&1) "$EXPECTED" > /tmp/bench_exec_diff.$$ ; then
        echo "bench_exec.sh: warning: tutor exec output differs from $EXPECTED:" >&2
        head -20 /tmp/bench_exec_diff.$$ >&2
        OUTPUT_OK=0
    else
        OUTPUT_OK=1
    fi
    rm -f /tmp/bench_exec_diff.$$
else
    echo "bench_exec.sh: warning: $EXPECTED missing; run scripts/make_script_corpus.py" >&2
    OUTPUT_OK=1
fi

# mean_ms CMD...: prints the mean wall time of RUNS runs in milliseconds (one decimal).
mean_ms() {
    if command -v hyperfine > /dev/null 2>&1; then
        local csv
        csv=$(mktemp)
        hyperfine --runs "$RUNS" --warmup 2 --style none --export-csv "$csv" \
            -- "$(printf '%q ' "$@")" > /dev/null 2>&1 || { rm -f "$csv"; echo "error"; return; }
        # CSV columns: command,mean,stddev,median,user,system,min,max (seconds)
        awk -F, 'NR == 2 { printf "%.1f\n", $2 * 1000 }' "$csv"
        rm -f "$csv"
    else
        local i start end total=0
        for i in 1 2; do "$@" > /dev/null 2>&1; done   # warm-up: page cache, dyld
        for ((i = 0; i < RUNS; i++)); do
            start=$(date +%s%N)
            "$@" > /dev/null 2>&1 || { echo "error"; return; }
            end=$(date +%s%N)
            total=$((total + end - start))
        done
        awk -v ns="$total" -v n="$RUNS" 'BEGIN { printf "%.1f\n", ns / n / 1e6 }'
    fi
}

if command -v hyperfine > /dev/null 2>&1; then timer="hyperfine"; else timer="bash loop"; fi
echo "==> timing $RUNS runs of each command ($timer)"

tutor_ms=$(mean_ms "$TUTOR" exec "$SCRIPT")
rows=()
if [ "$tutor_ms" = "error" ]; then
    tutor_status="FAIL (exec error)"
elif awk -v m="$tutor_ms" -v t="$TARGET_MS" 'BEGIN { exit !(m <= t) }'; then
    tutor_status="ok (<= $TARGET_MS ms)"
else
    tutor_status="MISSED (<= $TARGET_MS ms)"
fi
[ "$OUTPUT_OK" = 1 ] || tutor_status="FAIL: output differs from bench_attention.out"
rows+=("tutor exec bench_attention.py|$tutor_ms|$tutor_status")

RUN_TARGET_MS=50
run_ms=$(mean_ms "$TUTOR" run 1 --color never --lessons Lessons)
if [ "$run_ms" = "error" ]; then
    run_status="FAIL (lesson 1 does not pass)"
elif awk -v m="$run_ms" -v t="$RUN_TARGET_MS" 'BEGIN { exit !(m <= t) }'; then
    run_status="ok (<= $RUN_TARGET_MS ms)"
else
    run_status="MISSED (<= $RUN_TARGET_MS ms)"
fi
rows+=("tutor run 1|$run_ms|$run_status")

if python3 -c "import torch" > /dev/null 2>&1; then
    py_ms=$(mean_ms python3 "$SCRIPT")
    rows+=("python3 bench_attention.py|$py_ms|reference")
else
    rows+=("python3 bench_attention.py|-|skipped: python3+torch is not installed")
fi

echo
printf '%-32s %10s  %s\n' "command" "mean ms" "target"
printf '%-32s %10s  %s\n' "--------------------------------" "----------" "------------------------"
for row in "${rows[@]}"; do
    IFS='|' read -r cmd ms target <<< "$row"
    printf '%-32s %10s  %s\n' "$cmd" "$ms" "$target"
done

case "$tutor_status/$run_status" in
    ok*/ok*) [ "$OUTPUT_OK" = 1 ] && exit 0 ;;
esac
exit 1
