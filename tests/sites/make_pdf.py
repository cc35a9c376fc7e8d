"""Write the small text PDFs of the test sites (run from anywhere: python tests/sites/make_pdf.py).

A minimal PDF 1.4 writer: one A4 page per document, Helvetica text (ASCII only), an Info title and a
correct cross-reference table. Output is deterministic (no dates, no IDs), so the committed files only
change when this script does.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
O43 = HERE / "rich" / "content" / "2567" / "o43" / "files"
O1 = HERE / "rich" / "content" / "2567" / "o1" / "files"

DOCUMENTS: dict[Path, tuple[str, list[str]]] = {
    O43 / "annual-integrity-and-transparency-measures-implementation-report-fy2567-final-version.pdf": (
        "Integrity and transparency measures: implementation report FY2567",
        [
            "Integrity and Transparency Measures - Implementation Report, fiscal year 2567",
            "Test Systems Office (a made-up agency used by the ita-site test suite).",
            "Indicator 1: communication efficiency. Channels: website, Facebook page, Q&A box.",
            "Indicator 2: quality of operations. Service manuals were published on 15 January 2024.",
            "Indicator 3: information disclosure. All items are reachable from the main website.",
        ],
    ),
    O43 / "no-gift-policy-notice-2567.pdf": (
        "No Gift Policy notice 2567",
        [
            "Notice: No Gift Policy, fiscal year 2567.",
            "Signed by the director of the Test Systems Office on 2 October 2023.",
        ],
    ),
    O1 / "organisation-chart-2567.pdf": (
        "Organisation chart 2567",
        [
            "Organisation chart of the Test Systems Office, fiscal year 2567.",
            "Director - Deputy director - Administration division - Technology division.",
        ],
    ),
}


def _escape(text: str) -> str:
    if not text.isascii():
        raise ValueError(f"Helvetica text must be ASCII: {text!r}")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def assemble(objects: list[bytes], info: int | None = None) -> bytes:
    """A PDF file from its numbered objects (1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    info_ref = b" /Info %d 0 R" % info if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R" % (len(objects) + 1) + info_ref + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def one_page(resources: bytes, stream: bytes, *more: bytes) -> list[bytes]:
    """The objects of a one-page A4 PDF: catalog, pages, the page with `resources`, its content stream, then
    `more` (objects 5, 6, ... that the resources name)."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        *more,
    ]


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page PDF showing `lines`, with `title` in the document information."""
    text = ["BT", "/F1 12 Tf", "16 TL", "72 770 Td"]
    for line in lines:
        text.append(f"({_escape(line)}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = one_page(b"<< /Font << /F1 5 0 R >> >>", stream,
                       b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
                       f"<< /Title ({_escape(title)}) /Producer (ita-site tests/sites/make_pdf.py) >>".encode("ascii"))
    return assemble(objects, info=len(objects))


def main() -> None:
    for path, (title, lines) in DOCUMENTS.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf_bytes(title, lines))
        print(path.relative_to(HERE))


if __name__ == "__main__":
    main()
