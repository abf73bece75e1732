#!/usr/bin/env python3
"""Writes an archive of N articles of about 12 KB each (the bundled articles' sentences
shuffled; 10,000 make about 120 MB) and an events file whose sources name them: the folder
`sourceline search` is timed on beside ripgrep (BENCHMARKS.md).

    python3 scripts/gen_archive.py N FOLDER
"""
import json, os, random, sys

from bundled_sentences import sentences as bundled_sentences, write_article

n, folder = int(sys.argv[1]), sys.argv[2]
sentences = bundled_sentences()
rng = random.Random(11)
os.makedirs(os.path.join(folder, "articles"), exist_ok=True)
sources = []
for i in range(n):
    chosen = rng.sample(sentences, 90)
    write_article(folder, i, chosen)
    sources.append({"id": f"a{i}", "title": f"Article {i}", "publisher": "P",
                    "published": f"2025-{1 + i % 12:02}-{1 + i % 28:02}", "file": f"articles/a{i}.txt"})
with open(os.path.join(folder, "events.json"), "w", encoding="utf-8") as f:
    json.dump({"format": "sourceline/1", "title": "archive", "sources": sources, "events": []}, f)
