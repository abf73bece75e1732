#!/usr/bin/env python3
"""Scores suggested passages on the evaluation set (tests/fixtures/suggest/eval.json: 42 events
paraphrased from the five bundled articles, each with the passage that supports it).

`sourceline suggest --json` is run on an events file made of those events, each with a pending
citation of its article. A suggestion is right when it holds at least half of the gold
passage's bytes (a run of two sentences holding it counts). Printed: how often the gold passage
is first and in the top three, for sourceline and, in the same run, for a plain BM25 over naive
sentences (split after . ! ? and at line ends; lower-cased words; no stemming, no stop words,
single sentences only), then that baseline with each of sourceline's choices added in turn
(Snowball stemming from PyPI's snowballstemmer, if installed; folding and stop words; runs of two
sentences; sentence breaks kept after abbreviations).

    python3 scripts/suggest_eval.py [path/to/sourceline]
"""
import json, math, os, re, shutil, subprocess, sys, tempfile, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/sourceline")
# The set to score: eval.json (the default) or held-out.json (written after the choices below were
# made, and never tuned on).
set_name = os.environ.get("SET", "eval")
items = json.load(open(os.path.join(ROOT, f"tests/fixtures/suggest/{set_name}.json"), encoding="utf-8"))
articles = sorted({i["article"] for i in items})
texts = {a: open(os.path.join(ROOT, "assets/articles", a), encoding="utf-8").read() for a in articles}

folder = tempfile.mkdtemp(prefix="sourceline-suggest-eval-")
os.makedirs(os.path.join(folder, "articles"))
sources = []
for n, a in enumerate(articles):
    shutil.copy(os.path.join(ROOT, "assets/articles", a), os.path.join(folder, "articles", a))
    sources.append({"id": f"s{n}", "title": a, "publisher": "P", "published": "2025", "file": f"articles/{a}"})
source_of = {a: f"s{n}" for n, a in enumerate(articles)}
events = [{"id": f"e{n:02}", "date": "2025", "title": i["title"], "summary": i["summary"],
           "citations": [{"source": source_of[i["article"]]}]} for n, i in enumerate(items)]
events_file = os.path.join(folder, "events.json")
json.dump({"format": "sourceline/1", "title": "eval", "sources": sources, "events": events},
          open(events_file, "w", encoding="utf-8"), ensure_ascii=False)


def gold_range(item):
    start = texts[item["article"]].encode().index(item["passage"].encode())
    return start, start + len(item["passage"].encode())


def right(ranges, gold):
    g0, g1 = gold
    return [max(0, min(r1, g1) - max(r0, g0)) * 2 >= (g1 - g0) for r0, r1 in ranges]


def score(name, ranked_per_item):
    first = sum(1 for item, ranked in zip(items, ranked_per_item) if any(right(ranked[:1], gold_range(item))))
    top3 = sum(1 for item, ranked in zip(items, ranked_per_item) if any(right(ranked[:3], gold_range(item))))
    n = len(items)
    print(f"| {name} | {first}/{n} = {100 * first / n:.0f}% | {top3}/{n} = {100 * top3 / n:.0f}% |")


run = subprocess.run([binary, "suggest", events_file, "--json"], capture_output=True, text=True, check=True)
found = {p["event"]: p["passages"] for p in json.loads(run.stdout)}
for e, i in zip(events, items):
    for p in found[e["id"]]:
        b = texts[i["article"]].encode()
        assert b[p["start"]:p["end"]].decode() == p["quote"], "a quote that is not verbatim"
print("| method | gold passage first | in the top three |")
print("|---|---|---|")
score("sourceline suggest", [[(p["start"], p["end"]) for p in found[e["id"]]] for e in events])
if os.environ.get("VERBOSE"):
    for e, i in zip(events, items):
        ranked = [(p["start"], p["end"]) for p in found[e["id"]]]
        if not any(right(ranked[:1], gold_range(i))):
            print("  miss:", e["id"], i["title"], "| first:", (found[e["id"]] or [{"quote": "-"}])[0]["quote"][:90], "| in top 3:", any(right(ranked[:3], gold_range(i))))

try:
    import snowballstemmer
    stem = snowballstemmer.stemmer("english").stemWord
except ImportError:
    stem = None
STOP = set("a an the and or but of to in on at by for with from as is are was were be been it its this that these those he she they his her their has have had will would not no s than then so if into about".split())
ABBR = {"u.s", "u.k", "u.n", "e.u", "st", "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt",
        "jan", "feb", "mar", "apr", "aug", "sept", "oct", "nov", "dec", "no", "vs", "e.g", "i.e", "etc", "inc", "jr", "sr"}


def naive_sentences(text, abbreviations):
    b = text.encode()
    out, start = [], 0
    for m in re.finditer(rb"(?<=[.!?])[ \t]+|\n+", b):
        piece = b[start:m.start()]
        last = piece.split()[-1].decode(errors="ignore").lower().rstrip(".") if piece.split() else ""
        if abbreviations and b[m.start():m.end()].strip(b" \t") == b"" and piece.endswith(b".") and (last in ABBR or (len(last) == 1 and last.isalpha())):
            continue
        if piece.strip():
            out.append((start, m.start()))
        start = m.end()
    if b[start:].strip():
        out.append((start, len(b)))
    return out


def words(text, fold, stemming):
    if fold:
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).replace("’", "'")
    ws = re.findall(r"\w+", text.lower())
    if fold:
        ws = [w for w in ws if w not in STOP]
    if stemming and stem:
        ws = [stem(w) for w in ws]
    return ws


def bm25_rank(text, query, fold=False, stemming=False, pairs=False, abbreviations=False):
    b = text.encode()
    sents = naive_sentences(text, abbreviations)
    passages = [(s, [*words(b[s[0]:s[1]].decode(), fold, stemming)]) for s in sents]
    if pairs:
        passages += [((sents[i][0], sents[i + 1][1]), passages[i][1] + passages[i + 1][1]) for i in range(len(sents) - 1)]
    q = set(words(query, fold, stemming))
    n = len(passages)
    avg = sum(len(t) for _, t in passages) / max(n, 1)
    idf = {t: math.log((n - sum(t in set(p) for _, p in passages) + 0.5) / (sum(t in set(p) for _, p in passages) + 0.5) + 1) for t in q}
    scored = []
    for r, t in passages:
        s = sum(idf[w] * t.count(w) * 2.2 / (t.count(w) + 1.2 * (0.25 + 0.75 * len(t) / avg)) for w in q)
        scored.append((s, r))
    scored.sort(key=lambda x: -x[0])
    chosen = []
    for s, r in scored:
        if s <= 0 or len(chosen) == 3:
            break
        if all(r[1] <= c[0] or c[1] <= r[0] for c in chosen):
            chosen.append(r)
    return chosen


variants = [
    ("plain BM25 over naive sentences (the baseline)", {}),
    ("+ folding and stop words", {"fold": True}),
    ("+ Snowball stemming" + ("" if stem else " (snowballstemmer not installed: skipped)"), {"fold": True, "stemming": True}),
    ("+ runs of two sentences", {"fold": True, "stemming": True, "pairs": True}),
    ("+ no break after abbreviations", {"fold": True, "stemming": True, "pairs": True, "abbreviations": True}),
]
for name, options in variants:
    score(name, [bm25_rank(texts[i["article"]], i["title"] + " " + i["summary"], **options) for i in items])
