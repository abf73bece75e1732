#!/usr/bin/env python3
"""Writes the small PDFs the tests read (tests/fixtures/pdf/): a two-page statement with a text
layer, and a 'scan' with a picture and no text. Hand-made, so that every byte is known; run it
again only to change them."""
import sys, zlib

def pdf(pages, info):
    objects = []
    def add(body):
        objects.append(body)
        return len(objects)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    page_ids = []
    pages_id = len(objects) + 2 * len(pages) + 1
    for content in pages:
        data = zlib.compress(content)
        stream = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        page_ids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> /XObject << >> >> /Contents %d 0 R >>" % (pages_id, font, stream)))
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    assert add(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(pages)) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info_id = add(b"<< " + b" ".join(b"/%s (%s)" % (k, v) for k, v in info.items()) + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, info_id, xref)
    return bytes(out)

def text_page(lines):
    ops = [b"BT /F1 12 Tf 72 720 Td 16 TL"]
    for line in lines:
        ops.append(b"(" + line.encode("cp1252") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)

statement = pdf(
    [
        text_page(["Joint statement of the coalition of the willing.", "The leaders met in Paris on 6 January 2026."]),
        text_page(["The partners agreed on security guarantees for Ukraine.", "A multinational force would deploy after a ceasefire."]),
    ],
    {b"Title": b"Paris Declaration", b"Author": b"Coalition of the willing"},
)
scan = pdf([b"q 612 0 0 792 0 0 cm 0.5 g 0 0 1 1 re f Q"], {b"Title": b"Scanned letter"})
folder = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/pdf"
open(f"{folder}/statement.pdf", "wb").write(statement)
open(f"{folder}/scan.pdf", "wb").write(scan)
