#!/usr/bin/env bash
# How ita-site's clean build grows with an ITA-shaped site (make_ita_site.py: fiscal years of OIT items,
# each with 9 indicator files and attachments): SCALE_SIZES pages, wall time, the largest process's
# peak RSS (/usr/bin/time -v) and the whole process tree's peak RSS and PSS (memwatch.py: the build
# forks workers). "pages" = the Pagefind step off; "shipped" = `ita-site build` as is (search index
# included), run up to SHIPPED_MAX pages (Pagefind alone used 3 GiB at 10,000 corpus pages).
# Results: $RESULTS/ita-scale.tsv and ita-scale.md.
set -uo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
PEERS=${PEERS:-/tmp/peers}
WORK=${WORK:-/tmp/bench}
RESULTS=${RESULTS:-$BENCH/results}
ITA_PY=${ITA_PY:-$PEERS/ita-venv/bin/python}
SCALE_SIZES=${SCALE_SIZES:-"1000 10000 100000"}
SHIPPED_MAX=${SHIPPED_MAX:-10000}
TIME=/usr/bin/time
mkdir -p "$RESULTS" "$WORK/logs"
OUT=$RESULTS/ita-scale.tsv
printf 'n\tvariant\thtml_pages\tfiles\twall_s\tuser_s\tsys_s\tmaxrss_mib\ttree_rss_mib\ttree_pss_mib\trc\n' > "$OUT"
for n in $SCALE_SIZES; do
  d=$WORK/ita-scale-$n
  rm -rf "$d"; mkdir -p "$d"
  python3 "$BENCH/make_ita_site.py" --pages "$n" --out "$d" 2>/dev/null
  for variant in pages shipped; do
    flag=""; [ "$variant" = pages ] && flag="--no-search-index"
    if [ "$variant" = shipped ] && [ "$n" -gt "$SHIPPED_MAX" ]; then continue; fi
    rm -rf "$d/output" "$d/.output.lock"; sync
    tf=$(mktemp); log=$WORK/logs/scale-$n-$variant.log
    $TIME -v -o "$tf" "$ITA_PY" "$BENCH/memwatch.py" -- "$ITA_PY" "$BENCH/ita_bench.py" $flag build \
      --project "$d" --output "$d/output" --quiet > "$log" 2>&1
    rc=$?
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tf")
    user=$(awk -F': ' '/User time/{print $2}' "$tf"); sys=$(awk -F': ' '/System time/{print $2}' "$tf")
    rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$tf")
    mw=$(grep '^{' "$log" | tail -1)
    trss=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1] or "{}").get("tree_rss_peak_mib","NA"))' "$mw")
    tpss=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1] or "{}").get("tree_pss_peak_mib","NA"))' "$mw")
    html=$(find "$d/output" -name '*.html' 2>/dev/null | wc -l); files=$(find "$d/output" -type f 2>/dev/null | wc -l)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$variant" "$html" "$files" "$wall" "$user" "$sys" \
      "$rss" "$trss" "$tpss" "$rc" >> "$OUT"
    printf '  ita-scale n=%-6s %-8s %7ss  rss %5s MiB  tree rss %6s / pss %6s MiB  html=%s rc=%s\n' \
      "$n" "$variant" "$wall" "$rss" "$trss" "$tpss" "$html" "$rc"
    rm -f "$tf"
  done
  rm -rf "$d/output"
done
python3 - "$OUT" > "$RESULTS/ita-scale.md" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"))
print("| N (generated) | variant | HTML pages | files | wall s | CPU s | peak RSS MiB (largest process) | tree RSS MiB | tree PSS MiB | ms/page | PSS KiB/page |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    try:
        pages = int(r["html_pages"]); ms = float(r["wall_s"]) * 1000 / pages; kb = float(r["tree_pss_mib"]) * 1024 / pages
        cpu = float(r["user_s"]) + float(r["sys_s"])
        print(f"| {int(r['n']):,} | {r['variant']} | {pages:,} | {int(r['files']):,} | {float(r['wall_s']):.2f} | {cpu:.1f} | "
              f"{r['maxrss_mib']} | {r['tree_rss_mib']} | {r['tree_pss_mib']} | {ms:.2f} | {kb:.1f} |")
    except (ValueError, ZeroDivisionError):
        print(f"| {r['n']} | {r['variant']} | failed (rc={r['rc']}) | | | | | | | | |")
PY
cat "$RESULTS/ita-scale.md"
