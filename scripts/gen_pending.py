#!/usr/bin/env python3
"""Writes a timeline of N archived articles (each about 6 KB: the bundled articles' sentences
shuffled) and N events, each with one pending citation of its own article and a title made of a
few words of one of its sentences: the load `sourceline suggest` is timed on (BENCHMARKS.md).

    python3 scripts/gen_pending.py N FOLDER
"""
import json, os, random, sys

from bundled_sentences import sentences as bundled_sentences, write_article

n, folder = int(sys.argv[1]), sys.argv[2]
sentences = bundled_sentences()
rng = random.Random(7)
os.makedirs(os.path.join(folder, "articles"), exist_ok=True)
sources, events = [], []
for i in range(n):
    chosen = rng.sample(sentences, 45)
    write_article(folder, i, chosen)
    sources.append({"id": f"a{i}", "title": f"Article {i}", "publisher": "P", "published": "2025", "file": f"articles/a{i}.txt"})
    words = rng.choice(chosen).split()
    start = rng.randrange(max(1, len(words) - 8))
    events.append({"id": f"e{i}", "date": "2025-01-01", "title": " ".join(words[start:start + 8]),
                   "citations": [{"source": f"a{i}"}]})
with open(os.path.join(folder, "events.json"), "w", encoding="utf-8") as f:
    json.dump({"format": "sourceline/1", "title": "pending", "sources": sources, "events": events}, f, ensure_ascii=False)
