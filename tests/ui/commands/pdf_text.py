"""Reading a printed PDF back as text: page header and footer dropped, wrapping and ligatures evened out."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pypdf import PdfReader

# ui.printing draws four pieces of header text (title, page, label, drug and content version) and two of
# footer (the check-against line, the print time) on every page; pypdf reads each as a line.
HEADER_LINES = 4
FOOTER_LINES = 2


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdf_text(path: Path) -> str:
    """The body text of every page, joined, so a sentence that runs onto the next page reads whole.

    A table row split across pages leaves its boundary line (clipped, unseen) in the PDF text of
    both pages; it is counted once.
    """
    lines: list[str] = []
    for text in pdf_pages(path):
        body = [flat(line) for line in text.splitlines()[HEADER_LINES:-FOOTER_LINES]]
        body = [line for line in body if line]
        if lines and body and body[0] == lines[-1]:
            body = body[1:]
        lines.extend(body)
    return flat(" ".join(lines))


def pdf_frames(path: Path) -> str:
    """Only the header and footer lines of every page."""
    return " ".join(page_frames(path))


def page_frames(path: Path) -> list[str]:
    """The header and footer text of each page, one string per page."""
    return [flat(" ".join([*t.splitlines()[:HEADER_LINES], *t.splitlines()[-FOOTER_LINES:]])) for t in pdf_pages(path)]


def flat(text: str) -> str:
    """Whitespace runs to one space; a line wrapped after "-" or "/" joins again (on both sides of a compare)."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    return re.sub(r"([-/]) ", r"\1", text)
