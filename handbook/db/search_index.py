"""Full-text search over all content with SQLite FTS5.

Whatever a nurse types is treated as words, never as FTS5 syntax: each word becomes a quoted prefix
term, so quotes, ``AND``, ``NEAR(``, ``*``, ``-`` or SQL fragments simply search for those words.
A typed word or phrase from the reviewed synonym list (``resources/content/synonyms.yaml``) stands for
every term of its group ("oedema" also finds "edema" and "swelling"); a hit says which word matched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handbook.tabs import Tab

if TYPE_CHECKING:  # the window imports Hit before SQLAlchemy is loaded (see handbook.db.first_view)
    from sqlalchemy.orm import Session

MARK_START = "\x02"
MARK_END = "\x03"
MAX_TERMS = 12
MAX_TERM_LENGTH = 60
_WORD = re.compile(r"\w+", re.UNICODE)
_MARKED = re.compile(re.escape(MARK_START) + "(.*?)" + re.escape(MARK_END), re.DOTALL)


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
    matched: str = ""  # the word or phrase that matched, as the content has it
    stands_for: str = ""  # the typed word it stands for, when it matched through the synonym list

    @property
    def match_note(self) -> str:
        """ "matched “edema” for “oedema”" when a synonym matched; "" when the typed word itself did."""
        return f"matched “{self.matched}” for “{self.stands_for}”" if self.stands_for else ""

    @property
    def where(self) -> str:
        return self.tab.heading

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
            "matched": self.matched,
            "synonym_of": self.stands_for,
        }


def create_index(session: Session) -> None:
    from sqlalchemy import text

    # The prefix indexes make "c", "ca", "cap"... (a nurse typing) cheap; the drug column scopes a search
    # to one monograph, so a larger library does not slow the search of the drug on screen.
    session.execute(
        text(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "title, body, drug, tab UNINDEXED, anchor UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
        )
    )


def create_synonym_table(session: Session) -> None:
    from sqlalchemy import text

    session.execute(text("CREATE TABLE search_synonym (group_id TEXT NOT NULL, position INTEGER, term TEXT NOT NULL)"))


def fill_synonyms(session: Session, groups: Iterable[tuple[str, list[str]]]) -> None:
    from sqlalchemy import text

    """Store the reviewed synonym groups: (group id, its terms)."""
    rows = [
        {"group_id": group_id, "position": position, "term": term}
        for group_id, terms in groups
        for position, term in enumerate(terms)
    ]
    if rows:
        session.execute(
            text("INSERT INTO search_synonym (group_id, position, term) VALUES (:group_id, :position, :term)"), rows
        )


Words = tuple[str, ...]


@dataclass(frozen=True)
class Synonyms:
    """Typed word sequences to the word sequences of their group, for widening a query."""

    groups: dict[Words, tuple[Words, ...]]
    longest: int
    spelled: dict[Words, str]  # each term as the list writes it ("IL-2"), for saying what a hit stood for

    @classmethod
    def of(cls, groups: Iterable[Iterable[str]]) -> Synonyms:
        table: dict[Words, tuple[Words, ...]] = {}
        spelled: dict[Words, str] = {}
        for terms in groups:
            written = {_words(t): t for t in terms if _words(t)}
            alternatives = tuple(written)
            for words in alternatives:
                table[words] = alternatives
            spelled.update(written)
        return cls(table, max((len(k) for k in table), default=0), spelled)


NO_SYNONYMS = Synonyms({}, 0, {})


def _words(term: str) -> Words:
    return tuple(word.lower()[:MAX_TERM_LENGTH] for word in _WORD.findall(term))


def load_synonyms(session: Session) -> Synonyms:
    """The synonym list of the content database, read once per session (the window keeps one session)."""
    cached = session.info.get("search_synonyms")
    if isinstance(cached, Synonyms):
        return cached
    con = session.connection().connection.driver_connection
    assert con is not None  # a checked-out connection always has its sqlite3 connection
    try:
        rows = con.execute("SELECT group_id, term FROM search_synonym ORDER BY group_id, position").fetchall()
    except Exception:  # a content database built before the synonym list existed: search without it
        rows = []
    groups: dict[str, list[str]] = {}
    for group_id, term in rows:
        groups.setdefault(group_id, []).append(term)
    synonyms = Synonyms.of(groups.values())
    session.info["search_synonyms"] = synonyms
    return synonyms


def query_parts(query: str, synonyms: Synonyms = NO_SYNONYMS) -> list[tuple[Words, tuple[Words, ...]]]:
    """The typed words in groups: each (what was typed, what it may match). Longest synonym phrase first."""
    typed_words = [word[:MAX_TERM_LENGTH] for word in _WORD.findall(query)][:MAX_TERMS]
    words = [word.lower() for word in typed_words]
    parts: list[tuple[Words, tuple[Words, ...]]] = []
    i = 0
    while i < len(words):
        for size in range(min(synonyms.longest, len(words) - i), 0, -1):
            typed = tuple(words[i : i + size])
            if typed in synonyms.groups:
                parts.append((typed, synonyms.groups[typed]))
                i += size
                break
        else:
            parts.append(((typed_words[i],), ((typed_words[i],),)))
            i += 1
    return parts


def drug_token(drug_slug: str) -> str:
    """The drug as one index token (slugs contain hyphens, which the tokenizer would split on)."""
    return "d" + drug_slug.encode("utf-8").hex()


def fill_index(session: Session, drug_slug: str, entries: list[SearchEntry]) -> None:
    from sqlalchemy import text

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


def match_expression(
    query: str, *, any_word: bool = False, drug: str | None = None, synonyms: Synonyms = NO_SYNONYMS
) -> str | None:
    """An FTS5 MATCH expression in which every typed word is a quoted prefix term, or None.

    A typed word or phrase in ``synonyms`` matches any term of its group (each a quoted prefix phrase).
    Typed words match the title and body only; ``drug`` (a slug) limits the search to that monograph.
    """
    parts = query_parts(query, synonyms)
    if not parts:
        return None
    # \w+ words cannot contain a double quote, so quoting them is safe.
    quoted = []
    for _typed, alternatives in parts:
        phrases = [f'"{" ".join(words)}"*' for words in alternatives]
        quoted.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
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
    assert con is not None  # a checked-out connection always has its sqlite3 connection
    synonyms = load_synonyms(session)
    ranked: list[tuple[int, str, float]] = []
    expr = None
    for any_word in (False, True):
        expr = match_expression(query, any_word=any_word, drug=drug, synonyms=synonyms)
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
    widened = [(typed, alternatives) for typed, alternatives in query_parts(query, synonyms) if len(alternatives) > 1]
    ids = ",".join(str(rowid) for rowid, _rank in best.values())
    details = {row[0]: row[1:] for row in con.execute(_SNIPPETS.format(ids=ids), (expr,))}
    hits = []
    for anchor, (rowid, rank) in best.items():
        tab, title, snip, marked_title = details[rowid]
        if MARK_START not in (snip or ""):  # the words matched the heading, not the text under it
            snip = marked_title
        matched, stands_for = _which_word(snip or "", widened)
        stands_for = synonyms.spelled.get(tuple(stands_for.split()), stands_for)
        hits.append(
            Hit(
                tab=Tab(tab),
                anchor=anchor,
                title=title,
                marked_snippet=snip or title,
                rank=rank,
                matched=matched,
                stands_for=stands_for,
            )
        )
    return hits


def _which_word(marked: str, widened: list[tuple[Words, tuple[Words, ...]]]) -> tuple[str, str]:
    """The first marked word or phrase, and the typed words it stands for when it came from the synonym list."""
    spans = [span.strip() for span in _MARKED.findall(marked) if span.strip()]
    if not spans:
        return "", ""
    for span in spans:
        found = _words(span)
        for typed, alternatives in widened:
            for words in alternatives:
                if words != typed and _starts_with(found, words) and not _starts_with(found, typed):
                    return span, " ".join(typed)
    return spans[0], ""


def _starts_with(found: Words, words: Words) -> bool:
    """Whether the marked words are ``words``, the last one as a prefix (as the query matched them)."""
    if not found or len(found) < len(words):
        return False
    head = found[: len(words)]
    return head[:-1] == words[:-1] and head[-1].startswith(words[-1])
