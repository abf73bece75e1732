#!/bin/bash
# How long the real window takes to show a cited passage of a 16 MiB article, and its memory.
#
#   bash scripts/measure_long_article.sh BINARY
#
# Needs Xvfb on :99, xdotool and ImageMagick (apt-get install -y xvfb xdotool imagemagick). Writes
# a 16 MiB transcript of distinct lines to /tmp/longart, opens it, clicks the event in the list,
# and takes a screenshot every half second until the passage's highlight shows in the reader.
# Prints the seconds since the click and the window's RSS at each look.
set -euo pipefail
BIN=$(realpath "$1")
mkdir -p /tmp/longart
python3 - <<'PY'
import json
lines, n, size = [], 0, 0
while size < (16 << 20) - 200:
    line = f"Speaker {n % 97}: item {n}, and so the talks went on through the night ({n * 7919 % 100003}).\n"
    lines.append(line); size += len(line); n += 1
lines.insert(len(lines) - 5, "the ministers signed the final communique at dawn.\n")
open("/tmp/longart/a.txt", "w").write("".join(lines))
passage = "the ministers signed the final communique at dawn"
events = {"format": "sourceline/1", "title": "Long transcript",
          "sources": [{"id": "a", "title": "Night session transcript", "publisher": "Wire",
                       "published": "2025-02-18", "file": "a.txt"}],
          "events": [{"id": "e1", "date": "2025-02-18", "title": "Communique signed at dawn",
                      "actors": ["Russia"], "citations": [{"source": "a", "quote": passage}]},
                     {"id": "e2", "date": "2025-02-10", "title": "Talks open", "actors": ["Russia"],
                      "citations": [{"source": "a", "quote": "Speaker 0: item 0"}]}]}
json.dump(events, open("/tmp/longart/events.json", "w"), indent=2)
PY
export DISPLAY=:99 XDG_DATA_HOME
XDG_DATA_HOME=$(mktemp -d)
WGPU_BACKEND=gl "$BIN" /tmp/longart/events.json > /dev/null 2>&1 &
PID=$!
sleep 6
xdotool windowfocus "$(xdotool search --name sourceline | head -1)"
start=$(date +%s.%N)
# The second row of the list: "18 February 2025 · Communique signed at dawn" at 1280×800.
xdotool mousemove 95 223 click 1
for _ in $(seq 1 80); do
  sleep 0.5
  import -window root /tmp/longart/poll.png
  # The share of the reader's text area painted in the chosen passage's highlight colour.
  lit=$(convert /tmp/longart/poll.png -crop 390x400+885+370 -fill black +opaque "rgb(152,122,12)" \
        -fill white -opaque "rgb(152,122,12)" -format "%[fx:mean]" info:)
  echo "t=$(echo "$(date +%s.%N) - $start" | bc) s lit=$lit rss=$(ps -o rss= -p $PID) KB"
  if [ "$(echo "$lit > 0.0005" | bc)" = 1 ]; then break; fi
done
kill $PID
