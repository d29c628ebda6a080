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
        return {
            "where": self.where,
            "tab": self.tab.value,
            "anchor": self.anchor,
            "title": self.title,
            "snippet": self.snippet,
            "rank": round(self.rank, 4),
        }


def create_index(session: Session) -> None:
    # The prefix indexes make "c", "ca", "cap"... (a nurse typing) cheap; the drug column scopes a search
    # to one monograph, so a larger library does not slow the search of the drug on screen.
    session.execute(
        text(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "title, body, drug, tab UNINDEXED, anchor UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
        )
    )


def drug_token(drug_slug: str) -> str:
    """The drug as one index token (slugs contain hyphens, which the tokenizer would split on)."""
    return "d" + drug_slug.encode("utf-8").hex()


def fill_index(session: Session, drug_slug: str, entries: list[SearchEntry]) -> None:
    if entries:
        token = drug_token(drug_slug)
        session.execute(
            text(
                "INSERT INTO search_index (title, body, drug, tab, anchor) VALUES (:title, :body, :drug, :tab, :anchor)"
            ),
            [
                {"title": e.title, "body": e.body, "drug": token, "tab": e.tab.value, "anchor": e.anchor}
                for e in entries
            ],
        )


def match_expression(query: str, *, any_word: bool = False, drug: str | None = None) -> str | None:
    """An FTS5 MATCH expression in which every typed word is a quoted prefix term, or None.

    Typed words match the title and body only; ``drug`` (a slug) limits the search to that monograph.
    """
    terms = [word[:MAX_TERM_LENGTH] for word in _WORD.findall(query)][:MAX_TERMS]
    if not terms:
        return None
    quoted = [f'"{term}"*' for term in terms]  # \w+ cannot contain a double quote
    words = "{title body} : (" + (" OR " if any_word else " AND ").join(quoted) + ")"
    return f'drug : "{drug_token(drug)}" AND {words}' if drug else words


# Two steps, so the costly snippets are made only for the hits that are shown: first the best-ranked
# rows, then the snippets of the best row of each place. Headings weigh more than text; the drug column
# (a filter) not at all.
_RANKED = (
    "SELECT rowid, anchor, bm25(search_index, 4.0, 1.0, 0.0) AS score FROM search_index "
    "WHERE search_index MATCH ? ORDER BY score LIMIT ?"
)
_SNIPPETS = (
    f"SELECT rowid, tab, title, snippet(search_index, 1, '{MARK_START}', '{MARK_END}', '…', 14), "
    f"highlight(search_index, 0, '{MARK_START}', '{MARK_END}') "
    "FROM search_index WHERE search_index MATCH ? AND rowid IN ({ids})"
)


def search(session: Session, query: str, limit: int = 50, drug: str | None = None) -> list[Hit]:
    """Ranked hits for ``query`` (in the monograph ``drug`` when given), one per place; all words must
    match, or failing that any word."""
    if not isinstance(query, str) or limit < 1:
        return []
    # The raw DB-API connection: this runs on every keystroke, and the ORM adds nothing here.
    con = session.connection().connection.driver_connection
    ranked: list[tuple[int, str, float]] = []
    expr = None
    for any_word in (False, True):
        expr = match_expression(query, any_word=any_word, drug=drug)
        if expr is None:
            return []
        ranked = con.execute(_RANKED, (expr, limit * 4)).fetchall()
        if ranked or len(_WORD.findall(query)) < 2:
            break
    best: dict[str, tuple[int, float]] = {}
    for rowid, anchor, rank in ranked:
        if anchor not in best:  # one hit per place: its best-ranked statement
            best[anchor] = (rowid, rank)
            if len(best) == limit:
                break
    if not best:
        return []
    ids = ",".join(str(rowid) for rowid, _rank in best.values())
    details = {row[0]: row[1:] for row in con.execute(_SNIPPETS.format(ids=ids), (expr,))}
    hits = []
    for anchor, (rowid, rank) in best.items():
        tab, title, snip, marked_title = details[rowid]
        if MARK_START not in (snip or ""):  # the words matched the heading, not the text under it
            snip = marked_title
        hits.append(Hit(tab=Tab(tab), anchor=anchor, title=title, marked_snippet=snip or title, rank=rank))
    return hits
