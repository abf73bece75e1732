#!/usr/bin/env python3
"""Times `sourceline extract` (release build) on hostile originals, with its peak memory: a page
nesting 100,000 tags, a 50 MB page, a PDF bomb (300 MiB of zeros deflated), a PDF nesting
100,000 arrays, HTML named .pdf, and a PDF named .html. Each must end within a second or two
with a clear refusal and bounded memory. Prints one line each, as BENCHMARKS.md quotes them.

    python3 scripts/hostile_captures.py [path/to/sourceline]
"""
import os, subprocess, sys, tempfile, time, zlib

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/sourceline"
folder = tempfile.mkdtemp(prefix="sourceline-hostile-captures-")


def write(name, data):
    path = os.path.join(folder, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


deflated = zlib.compressobj(9)
bomb = b"".join(deflated.compress(b"\0" * (1 << 20)) for _ in range(300)) + deflated.flush()
cases = {
    "nesting 100,000 deep (HTML)": write("deep.html", b"<html><body>" + b"<div>" * 100_000 + b"x"),
    "a 50 MB page": write("big.html", b"<html><body><p>" + b"word " * 10_000_000 + b"</p>"),
    "a PDF bomb (300 MiB deflated)": write(
        "bomb.pdf",
        b"%%PDF-1.4\n1 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb)
        + bomb + b"\nendstream\nendobj\n",
    ),
    "a PDF nesting 100,000 deep": write("deep.pdf", b"%PDF-1.4\n1 0 obj\n" + b"[" * 100_000 + b"\nendobj\n"),
    "HTML named .pdf": write("page.pdf", b"<html><body><p>Not a PDF at all.</p></body></html>"),
    "a PDF named .html": write("report.html", open("tests/fixtures/pdf/statement.pdf", "rb").read()),
}
for name, path in cases.items():
    started = time.monotonic()
    peak_file = os.path.join(folder, "peak")
    # GNU time's %M: this run's own peak resident set, in KiB.
    run = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak_file, binary, "extract", path],
                         capture_output=True, text=True)
    seconds = time.monotonic() - started
    peak = int(open(peak_file).read().split()[-1])
    size = os.path.getsize(path)
    message = (run.stderr or run.stdout).strip().splitlines()[-1] if (run.stderr or run.stdout).strip() else ""
    print(f"| {name} | {size / 1e6:.1f} MB | exit {run.returncode} | {seconds:.2f} s | {peak / 1024:.0f} MiB | {message[:140]} |")
