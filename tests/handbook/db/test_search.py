"""Full-text search: ranked hits with snippets, and hostile input never raises."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from handbook.db.content_store import open_content
from handbook.db.search_index import MARK_END, MARK_START, match_expression, search
from handbook.tabs import Tab


@pytest.fixture
def session(data_dir: Path) -> Iterator[Session]:
    store = open_content(data_dir)
    with store.session() as session:
        yield session
    store.dispose()


def test_hits_are_ranked_with_snippets_and_places(session: Session) -> None:
    hits = search(session, "capillary leak")
    assert hits
    assert hits == sorted(hits, key=lambda h: h.rank)
    assert any(hit.tab is Tab.warnings for hit in hits)
    top = hits[0]
    assert MARK_START in top.marked_snippet
    assert MARK_END in top.marked_snippet
    assert "<b>" in top.snippet_html
    assert MARK_START not in top.snippet


def test_prefixes_match_as_a_nurse_types(session: Session) -> None:
    assert search(session, "capil")
    assert search(session, "hypot")


def test_words_must_all_match_before_any_word_does(session: Session) -> None:
    both = {h.anchor for h in search(session, "contrast dye")}
    assert both
    assert search(session, "contrast zzzzunknownword")  # falls back to any word


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "'",
        "AND",
        "OR",
        "NOT",
        "capillary AND",
        "NEAR(",
        "NEAR(fever rash, 2)",
        "*",
        "-",
        "- fever",
        "fever*",
        "^fever",
        "col:fever",
        "title:fever",
        "'; DROP TABLE side_effect; --",
        "1=1 OR 'a'='a'",
        "😷🤒",
        "fièvre",
        "\x00",
        "\\",
        "{fever}",
        "(((",
        ")",
        "a" * 10_000,
        "fever " * 500,
        "",
        "   ",
        "\n\t",
    ],
)
def test_hostile_input_gives_results_or_none(session: Session, query: str) -> None:
    hits = search(session, query)
    assert isinstance(hits, list)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text())
def test_any_text_is_safe(session: Session, query: str) -> None:
    assert isinstance(search(session, query), list)


def test_match_expression_quotes_every_word() -> None:
    assert match_expression('fever" OR rash') == '{title body} : ("fever"* AND "OR"* AND "rash"*)'
    assert match_expression("fever rash", any_word=True) == '{title body} : ("fever"* OR "rash"*)'
    assert match_expression("!!! ---") is None


def test_a_search_can_be_limited_to_one_drug(session: Session) -> None:
    assert search(session, "fever", drug="aldesleukin")
    assert search(session, "fever", drug="no-such-drug") == []
    assert match_expression("fever", drug="aldesleukin") == (
        'drug : "d616c6465736c65756b696e" AND {title body} : ("fever"*)'
    )


def test_the_drug_column_is_never_searched_by_typed_words(session: Session) -> None:
    assert search(session, "d616c6465736c65756b696e") == []


def test_one_hit_per_place(session: Session) -> None:
    anchors = [hit.anchor for hit in search(session, "nervous system")]
    assert anchors
    assert len(anchors) == len(set(anchors))
