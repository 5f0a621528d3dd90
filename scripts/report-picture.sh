#!/usr/bin/env bash
# Remakes docs/report.png, the README's picture of the report: the demo's report.html, its top
# 1100×1000 pixels, drawn by headless Chromium (what test/browser/ uses).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
npm run --silent build
node bin/winnow.js demo "$out" > /dev/null
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1000 \
  --screenshot="$PWD/docs/report.png" "file://$out/report.html" 2> /dev/null
rm -rf "$out"
echo "docs/report.png remade"
