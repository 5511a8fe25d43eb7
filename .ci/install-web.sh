#!/usr/bin/env bash
# Vendors the browser-side parts from npm at the exact versions of viz/web/package-lock.json
# into viz/web/node_modules (ignored by git): MapLibre GL JS and deck.gl, which the viewer
# copies beside its index.html with their licences, and playwright-core, which drives
# Debian's chromium in the browser tests. Nothing is fetched at run time or from a CDN.
# Idempotent: does nothing (and needs no network) when the installed tree matches the lock.
set -euo pipefail
web="$(cd "$(dirname "$0")/../viz/web" && pwd)"
stamp="$web/node_modules/.floodevac-lock.sha256"
want="$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "install-web: viz/web/node_modules matches package-lock.json"
  exit 0
fi
echo "install-web: npm ci in viz/web (maplibre-gl, deck.gl, playwright-core)"
# --ignore-scripts: no package runs code at install; playwright-core must not download browsers.
(cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
echo "$want" > "$stamp"
