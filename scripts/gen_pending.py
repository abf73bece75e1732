#!/usr/bin/env python3
"""Writes a timeline of N archived articles (each about 6 KB: the bundled articles' sentences
shuffled) and N events, each with one pending citation of its own article and a title made of a
few words of one of its sentences: the load `sourceline suggest` is timed on (BENCHMARKS.md).

    python3 scripts/gen_pending.py N FOLDER
"""
import json, os, random, re, sys

n, folder = int(sys.argv[1]), sys.argv[2]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
art_dir = os.path.join(root, "assets/articles")
sentences = []
for name in sorted(os.listdir(art_dir)):
    text = open(os.path.join(art_dir, name), encoding="utf-8").read()
    sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 40]
rng = random.Random(7)
os.makedirs(os.path.join(folder, "articles"), exist_ok=True)
sources, events = [], []
for i in range(n):
    chosen = rng.sample(sentences, 45)
    body = "\n".join(" ".join(chosen[k:k + 3]) for k in range(0, 45, 3)) + "\n"
    with open(os.path.join(folder, "articles", f"a{i}.txt"), "w", encoding="utf-8") as f:
        f.write(body)
    sources.append({"id": f"a{i}", "title": f"Article {i}", "publisher": "P", "published": "2025", "file": f"articles/a{i}.txt"})
    words = rng.choice(chosen).split()
    start = rng.randrange(max(1, len(words) - 8))
    events.append({"id": f"e{i}", "date": "2025-01-01", "title": " ".join(words[start:start + 8]),
                   "citations": [{"source": f"a{i}"}]})
with open(os.path.join(folder, "events.json"), "w", encoding="utf-8") as f:
    json.dump({"format": "sourceline/1", "title": "pending", "sources": sources, "events": events}, f, ensure_ascii=False)
