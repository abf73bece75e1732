#!/usr/bin/env python3
"""Scores `sourceline dates` on the marked set (tests/fixtures/dates/set.json): for each article
and publication date, the mentions a reader would date, each with the date it means, and the
traps (numbers that are not dates). A mention is found right when a mention `dates` prints
overlaps its words and gives the same date. Printed: mentions found right, mentions printed
that the set does not mark (false dates), and traps touched (must be 0).

    python3 scripts/dates_eval.py [path/to/sourceline]
"""
import json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/sourceline")
cases = json.load(open(os.path.join(ROOT, "tests/fixtures/dates/set.json"), encoding="utf-8"))
right = marked = extra = traps = 0
for case in cases:
    path = os.path.join(ROOT, case["article"])
    text = open(path, encoding="utf-8").read().encode()
    out = subprocess.run([binary, "dates", path, "--published", case["published"], "--json"],
                         capture_output=True, text=True, check=True)
    found = json.loads(out.stdout)
    used = set()
    search_from = 0
    for words, date in case["mentions"]:
        marked += 1
        at = text.find(words.encode(), search_from)
        if at < 0:
            at = text.find(words.encode())
        search_from = at + 1
        hit = [i for i, m in enumerate(found) if m["start"] < at + len(words.encode()) and at < m["end"] and m["date"] == date]
        if hit:
            right += 1
            used.add(hit[0])
        else:
            print(f"  missed: {case['article']}: '{words}' → {date}; printed:",
                  [(m['text'], m['date']) for m in found if m['start'] < at + len(words.encode()) and at < m['end']])
    for i, m in enumerate(found):
        if i not in used:
            extra += 1
            print(f"  not marked: {case['article']}: '{m['text']}' → {m['date']}")
    for trap in case["traps"]:
        at = text.find(trap.encode())
        assert at >= 0, trap
        if any(m["start"] < at + len(trap.encode()) and at < m["end"] for m in found):
            traps += 1
            print(f"  trap dated: {case['article']}: '{trap}'")
print(f"| mentions found with the right date | {right}/{marked} = {100 * right / marked:.0f}% |")
print(f"| dates printed that the set does not mark | {extra} |")
print(f"| traps dated (numbers that are not dates) | {traps} |")
