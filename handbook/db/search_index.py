"""Full-text search over all content with SQLite FTS5.

Whatever a nurse types is treated as words, never as FTS5 syntax: each word becomes a quoted prefix
term, so quotes, ``AND``, ``NEAR(``, ``*``, ``-`` or SQL fragments simply search for those words.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from handbook.tabs import Tab

MARK_START = "\x02"
MARK_END = "\x03"
MAX_TERMS = 12
MAX_TERM_LENGTH = 60
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchEntry:
    tab: Tab
    anchor: str  # what to show in the tab, e.g. "side_effect:agitation", "warning:capillary-leak"
    title: str
    body: str


@dataclass(frozen=True)
class Hit:
    tab: Tab
    anchor: str
    title: str
    marked_snippet: str  # the match between MARK_START and MARK_END
    rank: float

    @property
    def where(self) -> str:
        return self.tab.title

    @property
    def snippet(self) -> str:
        return self.marked_snippet.replace(MARK_START, "").replace(MARK_END, "")

    @property
    def snippet_html(self) -> str:
        escaped = html.escape(self.marked_snippet)
        return escaped.replace(MARK_START, "<b>").replace(MARK_END, "</b>")

    def as_dict(self) -> dict[str, object]:
        return {"where": self.where, "tab": self.tab.value, "anchor": self.anchor, "title": self.title,
                "snippet": self.snippet, "rank": round(self.rank, 4)}


def create_index(session: Session) -> None:
    session.execute(text(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "title, body, tab UNINDEXED, anchor UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"))


def fill_index(session: Session, entries: list[SearchEntry]) -> None:
    if entries:
        session.execute(
            text("INSERT INTO search_index (title, body, tab, anchor) VALUES (:title, :body, :tab, :anchor)"),
            [{"title": e.title, "body": e.body, "tab": e.tab.value, "anchor": e.anchor} for e in entries])


def match_expression(query: str, *, any_word: bool = False) -> str | None:
    """An FTS5 MATCH expression in which every typed word is a quoted prefix term, or None."""
    terms = [word[:MAX_TERM_LENGTH] for word in _WORD.findall(query)][:MAX_TERMS]
    if not terms:
        return None
    quoted = [f'"{term}"*' for term in terms]  # \w+ cannot contain a double quote
    return (" OR " if any_word else " ").join(quoted)


_QUERY = text(
    f"SELECT tab, anchor, title, snippet(search_index, -1, '{MARK_START}', '{MARK_END}', '…', 14) AS snip, "
    "bm25(search_index, 4.0, 1.0) AS rank "
    "FROM search_index WHERE search_index MATCH :expr ORDER BY rank LIMIT :limit")


def search(session: Session, query: str, limit: int = 50) -> list[Hit]:
    """Ranked hits for ``query``; all words must match, or failing that any word."""
    if not isinstance(query, str):
        return []
    for any_word in (False, True):
        expr = match_expression(query, any_word=any_word)
        if expr is None:
            return []
        rows = session.execute(_QUERY, {"expr": expr, "limit": limit * 4}).all()
        if rows or len(_WORD.findall(query)) < 2:
            break
    hits: list[Hit] = []
    seen: set[str] = set()
    for tab, anchor, title, snip, rank in rows:
        if anchor in seen:  # one hit per place: the best-ranked statement there
            continue
        seen.add(anchor)
        hits.append(Hit(tab=Tab(tab), anchor=anchor, title=title, marked_snippet=snip or title, rank=rank))
    return hits[:limit]
