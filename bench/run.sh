#!/usr/bin/env bash
# Benchmark harness: phasebook against the performance floor on synthetic vaults.
#
#   bench/run.sh [SIZES...]          default sizes: 1000 10000 100000
#
# For each size it generates (once, then reuses) a deterministic vault with
# examples/genvault.rs and times, on the same number of threads:
#   floor            walk + read + pulldown-cmark parse of every note (examples/floor.rs)
#   check            phasebook check --vault DIR --format json > /dev/null
#                    (the note cache warm, as from the second run of a hook:
#                    its time and its peak RSS)
#   check --no-cache the same, every note parsed: a first run, or CI
#   pre-commit       phasebook check --format json FILE×5 (five notes)    (against floor)
#   floor --render   walk + read + render + write one .html per note     } only when
#   build            phasebook build --vault DIR --out OUT (from scratch:  } `phasebook build
#                    no site, and --no-cache: every note parsed)          }  --help` works
#   rebuild          the same build again with nothing changed            }
#   rebuild-1-edit   the same build again after one note's text changed   }
#                    (the rebuilds with the note cache, as `serve` runs)  }
# and prints median seconds, notes/s, MB/s, peak RSS, peak RSS over the
# vault's Markdown bytes, and the ratio to the floor (the rebuilds: also to
# the build from scratch).
# Each floor and the command compared with it run by turns (floor, check,
# floor, check, …; floor --render, build, …), so both see the same machine;
# the rebuild line is timed on its own (with hyperfine when installed).
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
# phasebook's note cache (`vault::cache`) goes with the bench's vaults, not
# into the folder the bench runs in.
export PHASEBOOK_CACHE_DIR=$BENCH_DIR/note-cache
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
# `--no-cache` where the binary has a note cache (older ones parse every
# note every time).
NO_CACHE=''
if [[ $PB_OK == yes ]] && "$PHASEBOOK" --help 2>/dev/null | grep -q -- --no-cache; then
    NO_CACHE=--no-cache
fi

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

# STAMP=wall-clock seconds, without starting a process when bash 5's
# $EPOCHREALTIME is there (the locale may write it with a comma).
stamp() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then STAMP=${EPOCHREALTIME/,/.}; else STAMP=$(now); fi
}

# measure LABEL ALLOWED_EXIT_CODES PREPARE CMD
# One checked run first (exit status, peak RSS; it doubles as the warm-up),
# then RUNS timed runs. PREPARE (may be empty) runs before each run, untimed.
# Sets M_SECS (median, empty on failure), M_RSS (MiB), M_RC.
# measure_checked LABEL ALLOWED_EXIT_CODES PREPARE CMD: the checked run alone.
# Sets M_RSS, M_RC and M_OK (yes, or no after reporting the failure).
measure_checked() {
    local label=$1 allowed=$2 prepare=$3 cmd=$4
    local log=$WORK/$label.log rss=$WORK/$label.rss
    M_RSS='' M_RC=0 M_OK=yes
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
        M_OK=no
    fi
}

measure() {
    local label=$1 allowed=$2 prepare=$3 cmd=$4
    local log=$WORK/$label.log
    M_SECS=''
    measure_checked "$label" "$allowed" "$prepare" "$cmd"
    [[ $M_OK == yes ]] || return 0
    if [[ $TIMER == hyperfine ]]; then
        # -i: exit status 1 is expected for check; it was validated above.
        hyperfine --warmup 1 --runs "$RUNS" -i --export-json "$WORK/$label.json" \
            ${prepare:+--prepare "$prepare"} "$cmd" >>"$log" 2>&1
        M_SECS=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' \
            "$WORK/$label.json" 2>/dev/null ||
            grep -o '"median": *[0-9.e+-]*' "$WORK/$label.json" | head -n 1 | sed 's/.*: *//')
    else
        local i times=()
        for ((i = 0; i < RUNS; i++)); do
            time_once "$prepare" "$cmd" "$log"
            times+=("$T_SECS")
        done
        M_SECS=$(printf '%s\n' "${times[@]}" | median)
    fi
}

# time_once PREPARE CMD LOG: runs PREPARE (may be empty; untimed), then CMD
# with its output appended to LOG, and sets T_SECS to CMD's wall-clock
# seconds. The one timing loop body of `measure` and `measure_pair`, so both
# use the same clock and the same overhead.
time_once() {
    local prepare=$1 cmd=$2 log=$3 t0
    [[ -z $prepare ]] || bash -c "$prepare"
    stamp && t0=$STAMP
    bash -c "exec $cmd" >>"$log" 2>&1 || true
    stamp
    T_SECS=$(awk -v a="$t0" -v b="$STAMP" 'BEGIN { printf "%.6f", b - a }')
}

# aside QUOTED_PATH: a PREPARE command that moves the previous output into
# $TRASH (same file system: instant, frees no inode; see the top of this
# file); `mktemp -u` names a fresh place for it.
aside() {
    local q_trash
    q_trash=$(printf '%q' "$TRASH")
    printf 'mkdir -p %s && { [ ! -e %s ] || mv %s "$(mktemp -u %s/out.XXXXXXXX)"; }' \
        "$q_trash" "$1" "$1" "$q_trash"
}

# median of the numbers on stdin.
median() {
    sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# measure_pair LABEL_A ALLOWED_A PREPARE_A CMD_A  LABEL_B ALLOWED_B PREPARE_B CMD_B
# A floor and the command compared with it, run by turns (A B A B …) after
# one checked run and one warm-up each. Why: on this shared VM the machine's
# speed drifts by 20% within a minute, and timing all of A then all of B let
# that drift move the ratio as much as the code did; taken in turns, both
# see the same machine. Timed with the shell's clock (same overhead for both).
# Sets A_SECS/A_RSS/A_RC and B_SECS/B_RSS/B_RC (SECS empty on failure).
measure_pair() {
    local la=$1 aa=$2 pa=$3 ca=$4 lb=$5 ab=$6 pb=$7 cb=$8
    measure_checked "$la" "$aa" "$pa" "$ca"
    local a_ok=$M_OK
    A_RSS=$M_RSS A_RC=$M_RC A_SECS=''
    measure_checked "$lb" "$ab" "$pb" "$cb"
    local b_ok=$M_OK
    B_RSS=$M_RSS B_RC=$M_RC B_SECS=''
    [[ $a_ok == yes && $b_ok == yes ]] || return 0
    local i ta=() tb=()
    for ((i = -1; i < RUNS; i++)); do # run -1 is the warm-up
        time_once "$pa" "$ca" "$WORK/$la.log"
        ((i < 0)) || ta+=("$T_SECS")
        time_once "$pb" "$cb" "$WORK/$lb.log"
        ((i < 0)) || tb+=("$T_SECS")
    done
    A_SECS=$(printf '%s\n' "${ta[@]}" | median)
    B_SECS=$(printf '%s\n' "${tb[@]}" | median)
}

# row LABEL FLOOR_SECS: prints one table line from M_* (and records it).
row() {
    local label=$1 floor=$2
    if [[ -z $M_SECS ]]; then
        printf '  %-16s %10s\n' "$label" "FAILED (exit $M_RC)"
        return
    fi
    awk -v l="$label" -v s="$M_SECS" -v n="$NOTES" -v b="$BYTES" -v r="${M_RSS:-}" -v f="$floor" -v rc="$M_RC" \
        -v bs="${BUILD_SECS:-}" 'BEGIN {
        ratio = (f > 0) ? sprintf("%.2f", s / f) : "-"
        per_vault = (r == "" || b == 0) ? "n/a" : sprintf("%.2f", r * 1048576 / b)
        of_build = (bs > 0) ? sprintf("   %.3f x build", s / bs) : ""
        printf "  %-16s %10.3f %12.0f %10.1f %10s %9s %8s%s%s\n", l, s, n / s, b / 1e6 / s,
            (r == "") ? "n/a" : r, per_vault, ratio, of_build, (rc != 0) ? "   (exit " rc ")" : ""
    }'
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$NOTES" "$BYTES" "$THREADS" \
        "$label" "$M_SECS" "${M_RSS:-}" "$floor" "$M_RC" "${ROW_TIMER:-$TIMER}" >>"$RESULTS"
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
    printf '  %-16s %10s %12s %10s %10s %9s %8s\n' command "median s" notes/s MB/s "RSS MiB" "RSS/vault" "x floor"

    ROW_TIMER='' # "turns" while rows come from measure_pair
    q_vault=$(printf '%q' "$vault")
    q_floor=$(printf '%q' "$FLOOR")
    q_pb=$(printf '%q' "$PHASEBOOK")

    if phasebook_supports check; then
        # The row is a warm check's, its peak RSS included: one run first
        # writes the note cache for this binary (a hook's first run does
        # that once; its peak is higher, and not what the row measures).
        "$PHASEBOOK" check --vault "$vault" --format json >/dev/null 2>&1 || true
        # Exit 1 = findings (the vault has broken links on purpose); 2 = error.
        measure_pair floor "0" "" "$q_floor $q_vault" \
            check "0 1" "" "$q_pb check --vault $q_vault --format json > /dev/null"
        ROW_TIMER=turns M_SECS=$A_SECS M_RSS=$A_RSS M_RC=$A_RC
        floor_secs=$M_SECS
        row floor "$floor_secs"
        M_SECS=$B_SECS M_RSS=$B_RSS M_RC=$B_RC
        row check "$floor_secs"
        if [[ -n $NO_CACHE ]]; then
            measure_pair floor "0" "" "$q_floor $q_vault" \
                check-no-cache "0 1" "" "$q_pb check --no-cache --vault $q_vault --format json > /dev/null"
            ROW_TIMER=turns M_SECS=$B_SECS M_RSS=$B_RSS M_RC=$B_RC
            row "check --no-cache" "$A_SECS"
        fi
        # A pre-commit hook's check: five notes given, the whole vault read
        # to resolve their links.
        picked=$(find "$vault" -name '.*' -prune -o -type f -name '*.md' -print | sort | sed -n 1,5p |
            while read -r f; do printf '%q ' "$f"; done)
        measure_pair floor "0" "" "$q_floor $q_vault" \
            pre-commit "0 1" "" "$q_pb check --vault $q_vault --format json $picked > /dev/null"
        ROW_TIMER=turns M_SECS=$B_SECS M_RSS=$B_RSS M_RC=$B_RC
        row pre-commit "$A_SECS"
    else
        measure floor "0" "" "$q_floor $q_vault"
        floor_secs=$M_SECS
        row floor "$floor_secs"
        printf '  %-16s skipped: phasebook check is not available\n' check
    fi

    if phasebook_supports build; then
        render=$(printf '%q' "$BENCH_DIR/render-$n-s$SEED")
        site=$(printf '%q' "$BENCH_DIR/site-$n-s$SEED")
        measure_pair floor-render "0" "$(aside "$render")" "$q_floor $q_vault --render $render" \
            build "0 1" "$(aside "$site")" "$q_pb build $NO_CACHE --vault $q_vault --out $site"
        ROW_TIMER=turns M_SECS=$A_SECS M_RSS=$A_RSS M_RC=$A_RC
        render_secs=$M_SECS
        row "floor --render" "$floor_secs"
        M_SECS=$B_SECS M_RSS=$B_RSS M_RC=$B_RC
        row build "$render_secs"
        BUILD_SECS=$B_SECS
        # No PREPARE: the site from the last build run is still there. A
        # build writes its inputs' stamp only once they have been still for
        # two seconds (site::fresh), as the generated vault has.
        ROW_TIMER=''
        measure rebuild "0 1" "" "$q_pb build --vault $q_vault --out $site"
        row rebuild "$render_secs"
        # One note's text changed before each run (and put back after).
        edited=$(find "$vault" -name '.*' -prune -o -type f -name '*.md' -print | sort | sed -n 7p)
        cp -p "$edited" "$WORK/edited.orig"
        q_edited=$(printf '%q' "$edited") q_orig=$(printf '%q' "$WORK/edited.orig")
        measure rebuild-1-edit "0 1" "cp $q_orig $q_edited && printf '\\nEdited at %s.\\n' \$RANDOM >> $q_edited" \
            "$q_pb build --vault $q_vault --out $site"
        row rebuild-1-edit "$render_secs"
        cp -p "$WORK/edited.orig" "$edited"
        BUILD_SECS=''
        rm -rf "$TRASH"
    else
        printf '  %-16s skipped: phasebook build is not available\n' "build"
    fi
done

echo
echo "x floor: check and pre-commit against floor; build and the rebuilds against floor --render"
echo "(floor --render against floor); x build: against the build from scratch. RSS/vault: peak"
echo "RSS over the vault's Markdown bytes. Page cache warm. Results appended to $RESULTS."
exit "$FAILED"
