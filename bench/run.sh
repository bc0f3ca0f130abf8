#!/usr/bin/env bash
# Benchmark harness: phasebook against the performance floor on synthetic vaults.
#
#   bench/run.sh [SIZES...]          default sizes: 1000 10000 100000
#
# For each size it generates (once, then reuses) a deterministic vault with
# examples/genvault.rs and times, on the same number of threads:
#   floor            walk + read + pulldown-cmark parse of every note (examples/floor.rs)
#   check            phasebook check --vault DIR --format json > /dev/null
#   floor --render   walk + read + render + write one .html per note     } only when
#   build            phasebook build --vault DIR --out OUT (from scratch) } `phasebook build
#   rebuild          the same build again with nothing changed            }  --help` works
# and prints median seconds, notes/s, MB/s, peak RSS and the ratio to the floor.
# Why a floor: any implementation must at least read and parse (or render and
# write) every note, so "x floor" shows how much phasebook's own work (index,
# link resolution, rules, templates) costs on top, independent of the machine.
#
# Outputs from earlier runs are moved aside, not deleted, before each
# from-scratch run, and deleted once all of a size's timings are taken. Why:
# on an ext4 file system without a journal (this machine's) the kernel skips
# every inode freed in the last minutes when it creates a file, one buffer
# lookup each, so deleting 11,000 files right before a run made that run's
# file creation several times slower (a fresh build took 4-5 s after `rm -rf`
# of the previous site, 2 s without), and by an amount that depended on what
# the harness had deleted before, not on the command timed. Moved aside, the
# old files keep their inodes until the size is done. It needs room for
# BENCH_RUNS+1 copies of each output (about 1.6 GB for 10,000 notes).
#
# Environment:
#   BENCH_DIR      where vaults, outputs and results go   (default target/bench)
#   BENCH_SEED     genvault seed                          (default 42)
#   BENCH_RUNS     timed runs per command                 (default 5)
#   BENCH_THREADS  RAYON_NUM_THREADS for every command    (default: nproc)
#   PHASEBOOK      phasebook binary to time; when set, it is not built
#                  (default target/release/phasebook, built by this script)
#
# Exit status: 0 when every timed command behaved, 1 when one failed (phasebook
# exiting 2 or crashing; exit 1 from check is expected: the vaults contain
# broken links on purpose), 2 on a setup error.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ $# -gt 0 ]]; then SIZES=("$@"); else SIZES=(1000 10000 100000); fi
for n in "${SIZES[@]}"; do
    [[ $n =~ ^[0-9]+$ ]] || { echo "bench: size '$n' is not a number" >&2; exit 2; }
done
BENCH_DIR=${BENCH_DIR:-target/bench}
SEED=${BENCH_SEED:-42}
RUNS=${BENCH_RUNS:-5}
THREADS=${BENCH_THREADS:-$(nproc)}
# rayon's global pool reads this: phasebook and the floor get the same threads.
export RAYON_NUM_THREADS=$THREADS
TARGET_DIR=${CARGO_TARGET_DIR:-target}
GENVAULT=$TARGET_DIR/release/examples/genvault
FLOOR=$TARGET_DIR/release/examples/floor
PHASEBOOK_GIVEN=${PHASEBOOK:+yes}
PHASEBOOK=${PHASEBOOK:-$TARGET_DIR/release/phasebook}

mkdir -p "$BENCH_DIR"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/phasebook-bench.XXXXXX")
# Earlier outputs, moved aside until a size's timings are done (see above).
TRASH=$BENCH_DIR/aside
trap 'rm -rf "$WORK" "$TRASH"' EXIT
RESULTS=$BENCH_DIR/results.tsv
FAILED=0

say() { printf '%s\n' "$*" >&2; }

# --- build ------------------------------------------------------------------
# One cargo invocation: with another engineer building in the same tree, cargo's
# lock serialises us, and a single call keeps the wait short.
PB_OK=yes
if [[ -n $PHASEBOOK_GIVEN ]]; then
    cargo build --release --example genvault --example floor
elif ! cargo build --release --bin phasebook --example genvault --example floor; then
    say "bench: the phasebook binary did not build; timing the floor only"
    cargo build --release --example genvault --example floor
    PB_OK=no
fi
if [[ $PB_OK == yes && ! -x $PHASEBOOK ]]; then
    say "bench: no phasebook binary at $PHASEBOOK; timing the floor only"
    PB_OK=no
fi

# phasebook_supports SUBCOMMAND: true when `phasebook SUBCOMMAND --help` works.
phasebook_supports() {
    [[ $PB_OK == yes ]] && "$PHASEBOOK" "$1" --help >/dev/null 2>&1
}

# --- measuring ----------------------------------------------------------------
if command -v hyperfine >/dev/null 2>&1; then TIMER=hyperfine; else TIMER=date; fi
if /usr/bin/time -f %M -o /dev/null true >/dev/null 2>&1; then
    RSS_TOOL=gnu-time
elif command -v python3 >/dev/null 2>&1; then
    RSS_TOOL=python3
else
    RSS_TOOL=none
fi

# Runs a command string under a shell and writes the peak RSS (KiB) of it and
# its children to file $2; returns the command's exit status.
PY_RSS='import resource, subprocess, sys
rc = subprocess.call(["bash", "-c", sys.argv[2]])
open(sys.argv[1], "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc if rc >= 0 else 128 - rc)'
run_with_rss() {
    local cmd=$1 out=$2
    case $RSS_TOOL in
        gnu-time) /usr/bin/time -f %M -o "$out" bash -c "exec $cmd" ;;
        python3) python3 -c "$PY_RSS" "$out" "exec $cmd" ;;
        *) echo "" >"$out"; bash -c "exec $cmd" ;;
    esac
}

now() { date +%s.%N; }

# measure LABEL ALLOWED_EXIT_CODES PREPARE CMD
# One checked run first (exit status, peak RSS; it doubles as the warm-up),
# then RUNS timed runs. PREPARE (may be empty) runs before each run, untimed.
# Sets M_SECS (median, empty on failure), M_RSS (MiB), M_RC.
measure() {
    local label=$1 allowed=$2 prepare=$3 cmd=$4
    local log=$WORK/$label.log rss=$WORK/$label.rss
    M_SECS='' M_RSS='' M_RC=0
    [[ -z $prepare ]] || bash -c "$prepare"
    run_with_rss "$cmd" "$rss" >"$log" 2>&1 || M_RC=$?
    # GNU time writes "Command exited with non-zero status N" before the figure.
    M_RSS=$(tail -n 1 "$rss" 2>/dev/null | awk '/^[0-9]+$/ { printf "%.0f", $1 / 1024 }')
    if (( M_RC >= 128 )) || [[ " $allowed " != *" $M_RC "* ]]; then
        local why="exit $M_RC"
        (( M_RC <= 128 )) || why+=", killed by signal $((M_RC - 128))"
        say "bench: $label FAILED ($why): $cmd"
        tail -n 15 "$log" | sed 's/^/    /' >&2
        FAILED=1
        return 0
    fi
    if [[ $TIMER == hyperfine ]]; then
        # -i: exit status 1 is expected for check; it was validated above.
        hyperfine --warmup 1 --runs "$RUNS" -i --export-json "$WORK/$label.json" \
            ${prepare:+--prepare "$prepare"} "$cmd" >>"$log" 2>&1
        M_SECS=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' \
            "$WORK/$label.json" 2>/dev/null ||
            grep -o '"median": *[0-9.e+-]*' "$WORK/$label.json" | head -n 1 | sed 's/.*: *//')
    else
        local i t0 t1 times=()
        for ((i = 0; i < RUNS; i++)); do
            [[ -z $prepare ]] || bash -c "$prepare"
            t0=$(now)
            bash -c "exec $cmd" >>"$log" 2>&1 || true
            t1=$(now)
            times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')")
        done
        M_SECS=$(printf '%s\n' "${times[@]}" | sort -g |
            awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    fi
}

# row LABEL FLOOR_SECS: prints one table line from M_* (and records it).
row() {
    local label=$1 floor=$2
    if [[ -z $M_SECS ]]; then
        printf '  %-16s %10s\n' "$label" "FAILED (exit $M_RC)"
        return
    fi
    awk -v l="$label" -v s="$M_SECS" -v n="$NOTES" -v b="$BYTES" -v r="${M_RSS:-}" -v f="$floor" -v rc="$M_RC" 'BEGIN {
        ratio = (f > 0) ? sprintf("%.2f", s / f) : "-"
        printf "  %-16s %10.3f %12.0f %10.1f %10s %8s%s\n", l, s, n / s, b / 1e6 / s,
            (r == "") ? "n/a" : r, ratio, (rc != 0) ? "   (exit " rc ")" : ""
    }'
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$NOTES" "$BYTES" "$THREADS" \
        "$label" "$M_SECS" "${M_RSS:-}" "$floor" "$M_RC" "$TIMER" >>"$RESULTS"
}

# --- vaults and runs ----------------------------------------------------------
[[ -s $RESULTS ]] || printf 'date\tnotes\tbytes\tthreads\tcommand\tmedian_s\tpeak_rss_mib\tfloor_s\texit\ttimer\n' >"$RESULTS"
GEN_ID=$(cksum <examples/genvault.rs | cut -d' ' -f1)
say "bench: sizes ${SIZES[*]}, seed $SEED, $THREADS threads, $RUNS runs, timer $TIMER, peak RSS via $RSS_TOOL"
say "bench: phasebook $([[ $PB_OK == yes ]] && echo "$PHASEBOOK" || echo '(skipped)')"

for n in "${SIZES[@]}"; do
    vault=$BENCH_DIR/vault-$n-s$SEED
    stamp=$vault/.bench-stamp
    # Reuse a vault only if it was fully generated for this N, seed and generator.
    want="notes=$n seed=$SEED genvault=$GEN_ID"
    if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
        say "bench: reusing $vault"
    else
        rm -rf "$vault"
        t0=$(now)
        "$GENVAULT" --notes "$n" --seed "$SEED" --out "$vault" >&2
        printf '%s\n' "$want" >"$stamp"
        say "bench: generated $vault in $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }') s"
    fi
    NOTES=$(find "$vault" -name '.*' -prune -o -type f -name '*.md' -print | wc -l)
    BYTES=$(find "$vault" -name '.*' -prune -o -type f -name '*.md' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')

    echo
    printf '== %s notes, %.1f MB of Markdown, %s on disk (%s threads, median of %s runs)\n' \
        "$NOTES" "$(awk -v b="$BYTES" 'BEGIN { print b / 1e6 }')" "$(du -sh "$vault" | cut -f1)" "$THREADS" "$RUNS"
    printf '  %-16s %10s %12s %10s %10s %8s\n' command "median s" notes/s MB/s "RSS MiB" "x floor"

    q_vault=$(printf '%q' "$vault")
    q_floor=$(printf '%q' "$FLOOR")
    q_pb=$(printf '%q' "$PHASEBOOK")

    measure floor "0" "" "$q_floor $q_vault"
    floor_secs=$M_SECS
    row floor "$floor_secs"

    if phasebook_supports check; then
        # Exit 1 = findings (the vault has broken links on purpose); 2 = error.
        measure check "0 1" "" "$q_pb check --vault $q_vault --format json > /dev/null"
        row check "$floor_secs"
    else
        printf '  %-16s skipped: phasebook check is not available\n' check
    fi

    if phasebook_supports build; then
        render=$(printf '%q' "$BENCH_DIR/render-$n-s$SEED")
        site=$(printf '%q' "$BENCH_DIR/site-$n-s$SEED")
        q_trash=$(printf '%q' "$TRASH")
        # Move the previous output aside (same file system: instant, frees
        # no inode); `mktemp -u` names a fresh place for it.
        aside() { printf 'mkdir -p %s && { [ ! -e %s ] || mv %s "$(mktemp -u %s/out.XXXXXXXX)"; }' \
            "$q_trash" "$1" "$1" "$q_trash"; }
        measure floor-render "0" "$(aside "$render")" "$q_floor $q_vault --render $render"
        render_secs=$M_SECS
        row "floor --render" "$floor_secs"
        measure build "0 1" "$(aside "$site")" "$q_pb build --vault $q_vault --out $site"
        row build "$render_secs"
        # No PREPARE: the site from the last build run is still there.
        measure rebuild "0 1" "" "$q_pb build --vault $q_vault --out $site"
        row rebuild "$render_secs"
        rm -rf "$TRASH"
    else
        printf '  %-16s skipped: phasebook build is not available\n' "build"
    fi
done

echo
echo "x floor: check against floor; floor --render, build and rebuild against floor --render"
echo "(floor --render against floor). Page cache warm. Results appended to $RESULTS."
exit "$FAILED"
