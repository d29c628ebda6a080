"""Search as a nurse types: every prefix of words and phrases from the content, one query per keystroke.

The handbook's ``search`` (SQLAlchemy session, as the window holds one) against the same FTS5 statement
run raw through ``sqlite3``, with the same expressions (``match_expression``) and the same fallback from
all words to any word. Timed query by query, alternating the two, on the same database file.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine

from benchmarks.budget import SEARCH_P95_MS, Row, Target
from benchmarks.content import build_scaled
from benchmarks.stats import percentile
from handbook.db.content_store import ContentStore
from handbook.db.search_index import _RANKED, _SNIPPETS, match_expression, search

# What nurses look up, in the words the content uses (every one occurs in the monograph).
PHRASES: tuple[str, ...] = (
    "capillary leak",
    "hypotension",
    "creatinine",
    "dopamine",
    "melanoma",
    "renal cell",
    "fever",
    "chills",
    "rigors",
    "diarrhea",
    "nausea",
    "vomiting",
    "confusion",
    "arrhythmia",
    "tachycardia",
    "oxygen saturation",
    "weight gain",
    "edema",
    "infection",
    "central line",
    "thyroid",
    "bilirubin",
    "platelets",
    "acetaminophen",
    "indomethacin",
    "reconstitute",
    "dextrose",
    "every 8 hours",
    "withhold",
    "boxed warning",
    "urine output",
    "mental status",
)
_WORDS = re.compile(r"\w+")
DRUG = "aldesleukin"  # the window searches the monograph on screen, among all the others
RAW_LIMIT = 50  # as many snippets as the handbook makes at most


def keystrokes(phrases: Sequence[str]) -> list[str]:
    """What the search field holds after each key: "c", "ca", "cap", ... (a trailing space adds no query)."""
    out: list[str] = []
    for phrase in phrases:
        out.extend(phrase[:end] for end in range(1, len(phrase) + 1) if not phrase[:end].endswith(" "))
    return out


def raw_search(
    con: sqlite3.Connection, query: str, limit: int = RAW_LIMIT, drug: str | None = DRUG
) -> list[tuple[object, ...]]:
    """The floor: the handbook's two FTS5 statements through plain sqlite3, without its per-place step."""
    ranked: list[tuple[object, ...]] = []
    expr = None
    for any_word in (False, True):
        expr = match_expression(query, any_word=any_word, drug=drug)
        if expr is None:
            return []
        ranked = con.execute(_RANKED, (expr, limit)).fetchall()
        if ranked or len(_WORDS.findall(query)) < 2:
            break
    if not ranked:
        return []
    ids = ",".join(str(row[0]) for row in ranked)
    return con.execute(_SNIPPETS.format(ids=ids), (expr,)).fetchall()


@dataclass(frozen=True)
class SearchTimes:
    app_ms: list[float]
    raw_ms: list[float]
    entries: int


def time_queries(path: Path, queries: Sequence[str], rounds: int) -> SearchTimes:
    store = ContentStore(engine=create_engine(f"sqlite:///file:{path}?mode=ro&uri=true"), path=path)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    app_ms: list[float] = []
    raw_ms: list[float] = []
    try:
        with store.session() as session:
            for query in queries[:3]:  # first use: statement compile and page cache, for both
                search(session, query, drug=DRUG)
                raw_search(con, query)
            for _ in range(rounds):
                for query in queries:
                    start = time.perf_counter()
                    hits = search(session, query, drug=DRUG)
                    middle = time.perf_counter()
                    rows = raw_search(con, query)
                    end = time.perf_counter()
                    if bool(hits) != bool(rows):
                        raise AssertionError(f"{query!r}: {len(hits)} hits but {len(rows)} raw rows")
                    app_ms.append((middle - start) * 1000)
                    raw_ms.append((end - middle) * 1000)
        entries = int(con.execute("SELECT count(*) FROM search_index").fetchone()[0])
    finally:
        con.close()
        store.dispose()
    return SearchTimes(app_ms, raw_ms, entries)


def search_rows(scales: Sequence[int], phrases: Sequence[str], rounds: int) -> list[Row]:
    queries = keystrokes(phrases)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="handbook-bench-search-") as folder:
        for scale in scales:
            path = build_scaled(scale, Path(folder) / f"content-{scale}x.sqlite3")
            times = time_queries(path, queries, rounds)
            label = f"Search, {scale}× content ({times.entries:,} entries, {len(times.app_ms)} keystrokes)"
            target = Target(SEARCH_P95_MS) if scale == max(scales) else None
            for pct in (50, 95):
                rows.append(
                    Row(
                        f"{label}: p{pct}",
                        percentile(times.app_ms, pct),
                        "ms",
                        baseline=percentile(times.raw_ms, pct),
                        baseline_name="raw sqlite3",
                        target=target if pct == 95 else None,
                    )
                )
    return rows
