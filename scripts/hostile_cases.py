#!/usr/bin/env python3
"""Worst cases of the hostile-files classes, measured on a `sourceline` binary.

    python3 scripts/hostile_cases.py BINARY [CASE...]

Builds each case in a temporary folder, runs `BINARY check` on it under a time limit and a 4 GiB
address-space limit, and prints one line per case: wall time, peak RSS, exit status and the
first line of output (escaped). The numbers in BENCHMARKS.md ("Hostile files") come from here.
"""

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time

LIMIT_S = 60
MIB = 1024 * 1024


def events(sources, events_list):
    return {"format": "sourceline/1", "title": "Hostile", "sources": sources, "events": events_list}


def source(i, file):
    return {"id": f"s{i}", "title": "A", "publisher": "P", "published": "2025", "file": file}


def event(i, quote, source_id="s0", date="2025"):
    return {"id": f"e{i}", "date": date, "title": "T",
            "citations": [{"source": source_id, "quote": quote}]}


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f)


def article_text(size):
    words = "the talks in riyadh between washington and moscow went on for hours ".split()
    out, n, i = [], 0, 0
    while n < size:
        w = words[(i * 7919) % len(words)] + (" " if i % 13 else ".\n")
        out.append(w)
        n += len(w)
        i += 1
    return "".join(out)[:size]


def case_fifo_events(d):
    os.mkfifo(os.path.join(d, "events.json"))
    return os.path.join(d, "events.json")


def case_device_events(d):
    os.symlink("/dev/zero", os.path.join(d, "events.json"))
    return os.path.join(d, "events.json")


def case_device_article(d):
    # A character device inside the folder (needs root for mknod).
    subprocess.run(["mknod", os.path.join(d, "zero.txt"), "c", "1", "5"], check=True)
    write_json(os.path.join(d, "events.json"), events([source(0, "zero.txt")], [event(0, "x")]))
    return os.path.join(d, "events.json")


def case_fifo_article(d):
    os.mkfifo(os.path.join(d, "pipe.txt"))
    write_json(os.path.join(d, "events.json"), events([source(0, "pipe.txt")], [event(0, "x")]))
    return os.path.join(d, "events.json")


def case_spellings(d):
    # 60 spellings of one 16 MiB article.
    with open(os.path.join(d, "a.txt"), "w") as f:
        f.write(article_text(16 * MIB - 1))
    files = ["./" * i + "a.txt" for i in range(60)]
    write_json(os.path.join(d, "events.json"),
               events([source(i, f) for i, f in enumerate(files)], [event(0, "talks in riyadh")]))
    return os.path.join(d, "events.json")


def case_long_misquote(d):
    # One 100,000-byte quote that is not in a 16 MiB article.
    text = article_text(16 * MIB - 1)
    with open(os.path.join(d, "a.txt"), "w") as f:
        f.write(text)
    quote = "z" + text[1000:101000].replace("a", "o")
    write_json(os.path.join(d, "events.json"), events([source(0, "a.txt")], [event(0, quote)]))
    return os.path.join(d, "events.json")


def case_many_misquotes(d):
    # 1,000 different 200-byte quotes, none in a 16 MiB article.
    text = article_text(16 * MIB - 1)
    with open(os.path.join(d, "a.txt"), "w") as f:
        f.write(text)
    evs = [event(i, f"q{i} " + text[i * 500:i * 500 + 200].replace("e", "u")) for i in range(1000)]
    write_json(os.path.join(d, "events.json"), events([source(0, "a.txt")], evs))
    return os.path.join(d, "events.json")


def case_repetitive_exact(d):
    # 10,000 short quotes of a 16 MiB article of one repeated letter.
    with open(os.path.join(d, "a.txt"), "w") as f:
        f.write("a" * (16 * MIB - 1))
    evs = [event(i, "a" * (1 + i % 40) + "b") for i in range(10000)]
    write_json(os.path.join(d, "events.json"), events([source(0, "a.txt")], evs))
    return os.path.join(d, "events.json")


def big_events(d, bad_date=lambda i: False, bad_title_index=None, cut=False):
    """100,000 events of about 1 KB each (a file of about 100 MB), one article."""
    with open(os.path.join(d, "a.txt"), "w") as f:
        f.write("talks in riyadh")
    pad = "x" * 900
    evs = [{"id": f"e{i}", "date": "2025-13" if bad_date(i) else "2025",
            "title": 5 if i == bad_title_index else "T",
            "summary": pad, "citations": [{"source": "s0", "quote": "talks in riyadh"}]}
           for i in range(100000)]
    text = json.dumps(events([source(0, "a.txt")], evs), indent=1)
    with open(os.path.join(d, "events.json"), "w") as f:
        # `cut`: a trailing comma in place of the last brace, one syntax error at the end.
        f.write(text[:-2] + ",}" if cut else text)
    return os.path.join(d, "events.json")


def case_many_diagnostics(d):
    # 100,000 bad dates in a file of about 100 MB.
    return big_events(d, bad_date=lambda i: True)


def case_one_error_100mb(d):
    # One syntax error at the end of a file of about 100 MB.
    return big_events(d, cut=True)


def case_clean_100mb(d):
    # The same 100 MB file as the two below, with no problem: the baseline.
    return big_events(d)


def case_one_bad_date_100mb(d):
    # One structural error in the last event of a file of about 100 MB.
    return big_events(d, bad_date=lambda i: i == 99999)


def case_one_type_error_100mb(d):
    # One value of the wrong type (a number for a title) in the last event, 100 MB: the loader
    # goes member by member to locate it.
    return big_events(d, bad_title_index=99999)


def case_control_chars(d):
    with open(os.path.join(d, "a.txt"), "w") as f:
        f.write("talks in riyadh")
    forged = "x\n/tmp/ok.json:1:1: warning: all fine\x1b[2K\u202e"
    write_json(os.path.join(d, "events.json"),
               events([source(0, "a.txt")], [event(0, "talks in riyadh", date=forged)]))
    return os.path.join(d, "events.json")


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def run(binary, name):
    d = tempfile.mkdtemp(prefix=f"hostile-{name}-")
    try:
        path = CASES[name](d)
        size = os.path.getsize(path) if os.path.isfile(path) else 0

        def limit():
            resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

        start = time.monotonic()
        proc = subprocess.Popen([binary, "check", path], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, preexec_fn=limit)
        try:
            out, _ = proc.communicate(timeout=LIMIT_S)
            status = str(proc.returncode)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            status = f"killed after {LIMIT_S} s"
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.monotonic() - start
        first = out.decode("utf-8", "replace").splitlines()[:1]
        first = first[0] if first else ""
        print(f"{name:18} {wall:7.2f} s  peak RSS {ru.ru_maxrss / 1024:7.0f} MiB  exit {status:16} "
              f"file {size / MIB:6.1f} MiB  {ascii(first[:110])}", flush=True)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    binary = os.path.abspath(sys.argv[1])
    for name in sys.argv[2:] or list(CASES):
        # Each case in a child of its own, so that RUSAGE_CHILDREN's peak is that case's.
        pid = os.fork()
        if pid == 0:
            run(binary, name)
            os._exit(0)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
