#!/usr/bin/env bash
# Browser test of realign serve in headless Chromium (Debian "chromium").
#
# Builds realign, writes the web fixture database (web tests'
# TestWriteFixtureDB), starts `realign serve` on a free local port, then
# with chromium --headless --dump-dom / --screenshot:
#   1. opens the overview and checks it lists recent events;
#   2. follows the first dyad link found in the overview's DOM and checks
#      the dyad page has its SVG timeline and evidence;
#   3. follows the first article link and checks the article DOM holds
#      highlighted event sentences (class "event"), triggers, actor
#      mentions, and the side list of explained events;
# and saves a screenshot of each page into a temporary folder (printed).
#
# Usage: web/browsertest/run.sh        (exit 0: pass; 1: fail; 77: skipped, no chromium)
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROME=${CHROME:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$CHROME" ]; then
  echo "browsertest: SKIP: no chromium found (apt-get install chromium)" >&2
  exit 77
fi

work=$(mktemp -d)
shots="$work/screenshots"
mkdir -p "$shots"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

fail() { echo "browsertest: FAIL: $*" >&2; exit 1; }

go build -o "$work/realign" ./cmd/realign
REALIGN_WEB_FIXTURE="$work/fixture.db" go test ./web -run '^TestWriteFixtureDB$' -count=1 >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$work/realign" serve --db "$work/fixture.db" --addr "127.0.0.1:$port" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null "$base/api/stats" 2>/dev/null && break
  sleep 0.2
done
curl -fsS -o /dev/null "$base/api/stats" || fail "server did not start: $(cat "$work/serve.log")"

chrome() {
  "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --user-data-dir="$work/profile" --window-size=1280,1600 "$@" 2>>"$work/chrome.log"
}

# visit NAME URL: dumps the DOM to $work/NAME.html and a screenshot to $shots/NAME.png
visit() {
  chrome --dump-dom "$2" >"$work/$1.html" || fail "chromium could not open $2"
  chrome --screenshot="$shots/$1.png" "$2" >/dev/null || fail "no screenshot of $2"
  [ -s "$shots/$1.png" ] || fail "empty screenshot of $2"
  echo "browsertest: $1: $2 ($(wc -c <"$work/$1.html") bytes of DOM)"
}

visit overview "$base/"
grep -q 'Recent events' "$work/overview.html" || fail "overview has no recent events"
dyad=$(grep -o 'href="/dyads/[A-Z0-9]*/[A-Z0-9]*"' "$work/overview.html" | head -1 | sed 's/^href="//; s/"$//')
[ -n "$dyad" ] || fail "no dyad link in the overview"
article=$(grep -o 'href="/documents/[0-9a-f]\{64\}[^"]*"' "$work/overview.html" | head -1 | sed 's/^href="//; s/"$//; s/#.*//')
[ -n "$article" ] || fail "no article link in the overview"

visit dyad "$base$dyad"
grep -q '<svg class="chart"' "$work/dyad.html" || fail "dyad page has no timeline chart"
grep -q '<rect' "$work/dyad.html" || fail "dyad chart has no bars"
grep -q 'Strongest evidence' "$work/dyad.html" || fail "dyad page has no evidence"

visit article "$base$article"
events=$(grep -o 'class="[^"]*\bevent\b[^"]*"' "$work/article.html" | wc -l)
triggers=$(grep -o 'class="[^"]*\btrigger\b[^"]*"' "$work/article.html" | wc -l)
actors=$(grep -o 'class="[^"]*\bactor\b[^"]*"' "$work/article.html" | wc -l)
explained=$(grep -c 'class="explain"' "$work/article.html" || true)
echo "browsertest: article: $events highlighted event pieces, $triggers triggers, $actors actor pieces, $explained explained events"
[ "$events" -gt 0 ] || fail "no highlighted events in the article DOM"
[ "$triggers" -gt 0 ] || fail "no highlighted triggers in the article DOM"
[ "$actors" -gt 0 ] || fail "no highlighted actors in the article DOM"
[ "$explained" -gt 0 ] || fail "no explained events in the side list"
grep -q '<a class="anchor" id="ev-' "$work/article.html" || fail "no event anchors in the article DOM"
if grep -qi '<script' "$work/overview.html" "$work/dyad.html" "$work/article.html"; then fail "a <script> element reached the DOM"; fi

visit network "$base/network"
grep -q '<svg class="network"' "$work/network.html" || fail "network page has no SVG"

echo "browsertest: PASS; screenshots in $shots"
ls -1 "$shots"
