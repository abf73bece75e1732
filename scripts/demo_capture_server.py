#!/usr/bin/env python3
"""A local web server for trying capture by hand (and for the screenshots in the notes): each of
the five bundled articles as a news page at /a/0.html … /a/4.html (title, site name, date and
the text in paragraphs), the test PDF at /report.pdf, and 404 for anything else. Each answer
waits DELAY seconds, so that a window's progress bar can be watched.

    python3 scripts/demo_capture_server.py [PORT] [DELAY]
"""
import html, http.server, pathlib, re, sys, time

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The bundled articles, in name order: atlantic, euromaidan, macro, trt, white-house.
SEEDS = sorted((ROOT / "assets" / "articles").glob("*.txt"))
PAGES = [
    ("Atlantic Council", "2025-01-15"),
    ("Euromaidan Press", "2025-12-12"),
    ("Macro Insights", "2025-03-07"),
    ("TRT World", "2025-02-26"),
    ("World News", "2025-08-19"),
]
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
DELAY = float(sys.argv[2]) if len(sys.argv) > 2 else 1.5


def page(n):
    text = SEEDS[n].read_text(encoding="utf-8")
    lines = [re.sub(r"^date \d{4}-\d{2}-\d{2}\s*", "", l.strip()) for l in text.splitlines()]
    lines = [l for l in lines if l and l != "Skip to content"]
    # A headline: the first line, or its first sentence when the first line is a paragraph.
    title = lines[0] if len(lines[0]) < 120 else lines[0].split(": ")[0].split(". ")[0][:110]
    site, date = PAGES[n]
    body = "\n".join(f"<p>{html.escape(l)}</p>" for l in lines[1:])
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | {site}</title>
<meta property="og:title" content="{html.escape(title)}"><meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{date}T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><main><article><h1>{html.escape(title)}</h1>
{body}</article></main><footer>{site}</footer></body></html>""".encode()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(DELAY)
        path = self.path.split("?")[0]
        if path.startswith("/a/") and path.endswith(".html") and path[3:-5].isdigit() and int(path[3:-5]) < len(SEEDS):
            body, kind = page(int(path[3:-5])), "text/html; charset=utf-8"
        elif path == "/report.pdf":
            body, kind = (ROOT / "tests/fixtures/pdf/statement.pdf").read_bytes(), "application/pdf"
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
