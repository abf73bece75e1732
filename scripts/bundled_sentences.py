"""What the benchmark generators (gen_archive.py, gen_pending.py) share: the bundled articles'
sentences, and an article made of some of them."""
import os, re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sentences():
    """Every sentence of over 40 characters of the bundled articles, in file order."""
    art_dir = os.path.join(ROOT, "assets/articles")
    out = []
    for name in sorted(os.listdir(art_dir)):
        text = open(os.path.join(art_dir, name), encoding="utf-8").read()
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 40]
    return out


def write_article(folder, i, chosen):
    """Writes `chosen` as articles/a{i}.txt in `folder`, three sentences a paragraph."""
    body = "\n".join(" ".join(chosen[k:k + 3]) for k in range(0, len(chosen), 3)) + "\n"
    with open(os.path.join(folder, "articles", f"a{i}.txt"), "w", encoding="utf-8") as f:
        f.write(body)
