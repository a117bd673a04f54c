#!/usr/bin/env bash
# Exports every lesson as HTML and takes a headless-Chromium screenshot of each page, for
# looking at the HTML export by eye. Not part of CI (it needs Chromium:
# `apt-get install -y chromium` on Debian).
#
# Usage: scripts/screenshot_html.sh [OUT_DIR] [WIDTHxHEIGHT]
#   OUT_DIR defaults to .build/screenshots; the window defaults to 1000x3000.
# Writes OUT_DIR/NN-name.html and OUT_DIR/NN-name.png for each lesson.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/.build/screenshots}"
size="${2:-1000x3000}"
tutor="${TUTOR_BIN:-$root/.build/debug/tutor}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"

[ -x "$tutor" ] || { echo "error: $tutor not found; run swift build first" >&2; exit 1; }
[ -n "$browser" ] || { echo "error: no chromium found (apt-get install -y chromium)" >&2; exit 1; }
mkdir -p "$out"

for lesson in "$root"/Lessons/[0-9]*-*.md; do
    name="$(basename "$lesson" .md)"
    number="$((10#${name%%-*}))"
    # A lesson whose steps differ still exports (status 1); the page shows the ✗.
    "$tutor" export "$number" --format html -o "$out/$name.html" --lessons "$root/Lessons" || true
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --window-size="${size/x/,}" --screenshot="$out/$name.png" "file://$out/$name.html" 2>/dev/null
    echo "$out/$name.png"
done
