#!/usr/bin/env python3
"""Writes a TimelineJS 3 file of N slides for the import benchmark (BENCHMARKS.md, issue #22).

--same-headline: every slide has the same headline (ids made unique from one slug).
--media: every slide links a different media URL (one source each, deduplicated by URL).
"""
import argparse
import json

parser = argparse.ArgumentParser()
parser.add_argument("--slides", type=int, default=200_000)
parser.add_argument("--same-headline", action="store_true")
parser.add_argument("--media", action="store_true")
parser.add_argument("--out", required=True)
args = parser.parse_args()

events = []
for i in range(args.slides):
    slide = {
        "start_date": {"year": 2024 + i % 2, "month": 1 + i % 12, "day": 1 + i % 28},
        "text": {
            "headline": "Talks on guarantees" if args.same_headline else f"Talks, round {i}",
            "text": f"<p>Delegations met for round <b>{i}</b> &amp; agreed to meet again.</p>",
        },
    }
    if args.media:
        slide["media"] = {"url": f"https://example.org/news/{i}", "credit": "Example News"}
    events.append(slide)
with open(args.out, "w", encoding="utf-8") as out:
    json.dump({"title": {"text": {"headline": "Benchmark"}}, "events": events}, out)
