#!/usr/bin/env python3
"""1,000 `BINARY check` runs while a thread swaps the article folder for a symlink to the outside.

    python3 scripts/race_check.py BINARY

Prints how many runs read the outside text (its quote anchored exactly). Uses /tmp/race."""
import json, os, subprocess, sys, threading

base = "/tmp/race"
os.makedirs(f"{base}/inside/sub", exist_ok=True)
os.makedirs(f"{base}/outside", exist_ok=True)
open(f"{base}/inside/sub/a.txt", "w").write("inside text only")
open(f"{base}/outside/a.txt", "w").write("SECRET outside")
if not os.path.islink(f"{base}/inside/evil"):
    os.symlink(f"{base}/outside", f"{base}/inside/evil")
json.dump({"format": "sourceline/1", "title": "T",
           "sources": [{"id": "s", "title": "A", "publisher": "P", "published": "2025", "file": "sub/a.txt"}],
           "events": [{"id": "e", "date": "2025", "title": "T", "citations": [{"source": "s", "quote": "SECRET outside"}]}]},
          open(f"{base}/inside/events.json", "w"))
stop = False
def swap():
    i = f"{base}/inside"
    while not stop:
        for a, b in [("sub", "parked"), ("evil", "sub"), ("sub", "evil"), ("parked", "sub")]:
            try: os.rename(f"{i}/{a}", f"{i}/{b}")
            except OSError: pass
t = threading.Thread(target=swap); t.start()
leaks = refused = 0
for _ in range(1000):
    out = subprocess.run([sys.argv[1], "check", f"{base}/inside/events.json"], capture_output=True, text=True).stdout
    if "(1 exact" in out: leaks += 1
    elif "error(s)" in out and "; 0 error(s)" not in out: refused += 1
stop = True; t.join()
print(sys.argv[1], "outside read:", leaks, "refused:", refused, "of 1000")
