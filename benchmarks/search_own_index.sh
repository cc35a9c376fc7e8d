#!/bin/sh
# Issue 16: what Pagefind (as the build runs it) and own_index.py's prototype cost on one built site.
# Each index is made once under memwatch.py (peak RSS and PSS of the process tree, wall time); CPU from
# /usr/bin/time inside it (so the CPU memwatch spends reading /proc is not counted). Then size, files, and the bytes the prototype loads per query (search_recall.py's queries).
# Usage: benchmarks/search_own_index.sh SITE_DIR WORK_DIR [RECALL.json]   (WORK_DIR gets pagefind/ and own/, replaced;
# the queries: the issue's, or those of a search_recall.py --json report: the issue's and 20 common words)
set -eu
site=$(realpath "$1"); work=$2
here=$(dirname "$(realpath "$0")")
rm -rf "$work" && mkdir -p "$work"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$here" rev-parse --short HEAD), $(nproc) CPUs:" \
     "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), site $site"
echo "# load before: $(uptime)"
echo "## Pagefind, extended binary, search.command as the build runs it"
python "$here/memwatch.py" -- /usr/bin/time -f "CPU %U s user + %S s system, wall %e s, largest process %M KB" \
    python -c "
import subprocess, sys
from pathlib import Path
from ita_site.publish import search
subprocess.run(search.command(search.executable(), Path(sys.argv[1]), Path(sys.argv[2])), check=True, cwd=sys.argv[1])
" "$site" "$work/pagefind" 2>&1
python -c "import sys; from pathlib import Path; from ita_site.publish import search; search._prune(Path(sys.argv[1]))" "$work/pagefind"
echo "bundle as published (ready-made UIs pruned as search.index does): $(du -sb "$work/pagefind" | cut -f1) bytes in $(find "$work/pagefind" -type f | wc -l) files"
echo "# load between: $(uptime)"
echo "## own_index.py build"
python "$here/memwatch.py" -- /usr/bin/time -f "CPU %U s user + %S s system, wall %e s, largest process %M KB" \
    python "$here/own_index.py" build "$site" "$work/own" 2>&1
echo "index: $(du -sb "$work/own" | cut -f1) bytes in $(find "$work/own" -type f | wc -l) files" \
     "(shards $(du -sb "$work/own/s" | cut -f1) bytes, fragments $(du -sb "$work/own/f" | cut -f1) bytes)"
echo "## own_index.py: bytes a fresh reader loads per query (meta + shards; fragments of 20 shown results)"
PYTHONPATH="$here:${PYTHONPATH:-}" python - "$work/own" "${3:-}" <<'EOF'
import json, sys
from pathlib import Path
import own_index, search_recall
folder, recall = Path(sys.argv[1]), sys.argv[2]
queries = json.loads(Path(recall).read_text())["byte_queries"] if recall else search_recall.ISSUE_QUERIES
for query in queries:
    cost = own_index.query_cost(folder, query, shown=20)
    print(f"  {query:16} results {cost['results']:>6}  meta {cost['meta']:>7}  shards {cost['shards']:>8} "
          f"({cost['shard_files']} files)  fragments {cost['fragments']:>7}")
EOF
echo "# load after: $(uptime)"
