#!/bin/sh
# Issue 16: what the shipped search index (ita_site/publish/searchindex.py) and Pagefind, as the build
# ran it until the seventh session (pagefind_peer.py), cost on one built site, one after the other.
# Each run under memwatch.py (peak RSS and PSS of the process tree, wall time); CPU of the whole tree
# from /usr/bin/time inside it. The shipped index runs twice: on every core (as the build runs it) and
# in one process (ITA_SITE_JOBS=1). Then size and files of each.
# Usage: benchmarks/search_index_cost.sh SITE_DIR WORK_DIR      (WORK_DIR gets pagefind/, own/, own1/, replaced)
set -eu
site=$(realpath "$1"); work=$2
here=$(dirname "$(realpath "$0")")
rm -rf "$work" && mkdir -p "$work"
pages=$(find "$site" -name '*.html' -not -path '*/search-index/*' -not -path '*/pagefind/*' | wc -l)
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$here" rev-parse --short HEAD), $(nproc) CPUs:" \
     "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), site $site ($pages HTML files)"
TIME="CPU %U s user + %S s system, wall %e s, largest process %M KB"
for run in pagefind own own1; do
    echo "# load before $run: $(uptime | sed 's/.*load/load/')"
    case $run in
    pagefind)
        echo "## Pagefind $(python -c 'from importlib.metadata import version; print(version("pagefind-bin-extended"))'), extended binary, the build's options"
        python "$here/memwatch.py" -- /usr/bin/time -f "$TIME" python -c "
import subprocess, sys
sys.path.insert(0, sys.argv[3])
import pagefind_peer
from pathlib import Path
subprocess.run(pagefind_peer.command(Path(sys.argv[1]), Path(sys.argv[2])), check=True, cwd=sys.argv[1])
pagefind_peer.prune(Path(sys.argv[2]))
" "$site" "$work/pagefind" "$here" 2>&1 ;;
    own)
        echo "## shipped index (python -m ita_site.publish.search), every core"
        python "$here/memwatch.py" -- /usr/bin/time -f "$TIME" python -m ita_site.publish.search "$site" "$work/own" 2>&1 ;;
    own1)
        echo "## shipped index, one process (ITA_SITE_JOBS=1)"
        ITA_SITE_JOBS=1 python "$here/memwatch.py" -- /usr/bin/time -f "$TIME" python -m ita_site.publish.search "$site" "$work/own1" 2>&1 ;;
    esac
    echo "   $(du -sb "$work/$run" | cut -f1) bytes in $(find "$work/$run" -type f | wc -l) files"
done
cmp -s "$work/own/meta.json" "$work/own1/meta.json" && diff -rq "$work/own" "$work/own1" >/dev/null \
    && echo "# every core and one process wrote the same bytes" || echo "# every core and one process DIFFER"
echo "# load after: $(uptime | sed 's/.*load/load/')"
