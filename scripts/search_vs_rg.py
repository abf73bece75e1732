#!/usr/bin/env python3
"""Times `sourceline search` against `rg -F -i` on the same archive, round by round.

Usage: python3 scripts/search_vs_rg.py [ROUNDS] [SOURCELINE] [ARCHIVE]
(defaults: 15, target/release/sourceline, /tmp/arch made by scripts/gen_archive.py).
Each round runs one sourceline search and then one rg of the same query, whole process, output
to /dev/null, and takes their ratio; it prints the medians and ranges (BENCHMARKS.md).
"""
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
BINARY = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.path.join(ROOT, "target/release/sourceline")
ARCHIVE = sys.argv[3] if len(sys.argv) > 3 else "/tmp/arch"


def seconds(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ARCHIVE)
    return time.perf_counter() - start


for name, query, quoted in [("no hit", "zzzqq", "zzzqq"),
                            ("phrase", "security guarantees", '"security guarantees"')]:
    ours, theirs, ratios = [], [], []
    for _ in range(ROUNDS):
        a = seconds([BINARY, "search", "events.json", quoted, "--limit", "100000000"])
        b = seconds(["rg", "-F", "-i", query, "articles"])
        ours.append(a)
        theirs.append(b)
        ratios.append(a / b)
    ms = lambda xs: f"median {statistics.median(xs) * 1000:.0f} ms ({min(xs) * 1000:.0f}-{max(xs) * 1000:.0f})"
    print(f"{name}: sourceline {ms(ours)}, rg {ms(theirs)}, "
          f"ratio median {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})")
