#!/usr/bin/env python3
"""Scores `sourceline corroborate` on claims two bundled articles make in different words
(tests/fixtures/suggest/corroborate.json: 16 pairs, each asked both ways: 32 cases). Each case is
an event citing one article's passage (its title says nothing: "Claim N"); the other article's
passage should be in the top three. A hit holds at least half of that passage's bytes. Beside
it, in the same run: a plain BM25 over naive sentences of the other articles, the quote as
the query.

    python3 scripts/corroborate_eval.py [path/to/sourceline] [SET]

SET is tests/fixtures/suggest/corroborate.json (the default) or corroborate-read.json: every
claim two of the five articles share, found by reading them all (25 claims, 50 cases), where a
claim the other article makes twice lists both passages and either counts.
"""
import json, math, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/sourceline")
set_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "tests/fixtures/suggest/corroborate.json")
cases = json.load(open(set_path, encoding="utf-8"))
articles = sorted(os.listdir(os.path.join(ROOT, "assets/articles")))
texts = {a: open(os.path.join(ROOT, "assets/articles", a), encoding="utf-8").read() for a in articles}
folder = tempfile.mkdtemp(prefix="sourceline-corroborate-eval-")
os.makedirs(os.path.join(folder, "articles"))
for a in articles:
    shutil.copy(os.path.join(ROOT, "assets/articles", a), os.path.join(folder, "articles", a))
sources = [{"id": a[:-4], "title": a, "publisher": a.split("-")[0], "published": "2025", "file": f"articles/{a}"} for a in articles]
events = [{"id": f"c{n:02}", "date": "2025", "title": f"Claim {n}",
           "citations": [{"source": c["cited"]["article"][:-4], "quote": c["cited"]["quote"]}]} for n, c in enumerate(cases)]
path = os.path.join(folder, "events.json")
json.dump({"format": "sourceline/1", "title": "eval", "sources": sources, "events": events}, open(path, "w", encoding="utf-8"), ensure_ascii=False)


def gold(case):
    """The other article's passages that make the claim, as (source, start, end) in bytes."""
    text = texts[case["other"]["article"]].encode()
    passages = case["other"].get("passages") or [case["other"]["passage"]]
    out = []
    for passage in passages:
        start = text.index(passage.encode())
        out.append((case["other"]["article"][:-4], start, start + len(passage.encode())))
    return out


def hit(found, golds):
    """Whether one of the first three holds at least half of one of the passages."""
    return any(s == source and max(0, min(e, g1) - max(b, g0)) * 2 >= g1 - g0
               for source, g0, g1 in golds for s, b, e in found[:3])


ours = 0
for e, case in zip(events, cases):
    out = subprocess.run([binary, "corroborate", path, "--event", e["id"], "--json", "--limit", "3"], capture_output=True, text=True, check=True)
    found = [(p["source"], p["start"], p["end"]) for p in json.loads(out.stdout)]
    for p in json.loads(out.stdout):
        assert texts[p["source"] + ".txt"].encode()[p["start"]:p["end"]].decode() == p["quote"]
    if hit(found, gold(case)):
        ours += 1
    elif os.environ.get("VERBOSE"):
        print("  miss:", e["id"], case["cited"]["quote"][:60], "->", case["other"]["article"], found[:3])


def naive(text):
    b = text.encode()
    out, start = [], 0
    for m in re.finditer(rb"(?<=[.!?])[ \t]+|\n+", b):
        if b[start:m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if b[start:].strip():
        out.append((start, len(b)))
    return out


base = 0
for case in cases:
    cited = case["cited"]["article"]
    passages = []
    for a in articles:
        if a == cited:
            continue
        b = texts[a].encode()
        passages += [(a[:-4], s, e, re.findall(r"\w+", b[s:e].decode().lower())) for s, e in naive(texts[a])]
    q = set(re.findall(r"\w+", case["cited"]["quote"].lower()))
    n = len(passages)
    avg = sum(len(p[3]) for p in passages) / n
    df = {t: sum(t in set(p[3]) for p in passages) for t in q}
    scored = sorted(passages, key=lambda p: -sum(math.log((n - df[t] + 0.5) / (df[t] + 0.5) + 1) * p[3].count(t) * 2.2 / (p[3].count(t) + 1.2 * (0.25 + 0.75 * len(p[3]) / avg)) for t in q))
    top, seen = [], set()
    for s, b, e, _ in scored:
        if s not in seen:
            seen.add(s)
            top.append((s, b, e))
        if len(top) == 3:
            break
    if hit(top, gold(case)):
        base += 1
n = len(cases)
print("| method | other article's passage in the top three |")
print("|---|---|")
print(f"set: {os.path.relpath(set_path, ROOT)}")
print(f"| sourceline corroborate | {ours}/{n} = {100 * ours / n:.0f}% |")
print(f"| plain BM25 over naive sentences, the quote as query | {base}/{n} = {100 * base / n:.0f}% |")
