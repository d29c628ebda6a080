"""Search knows the words nurses type: the reviewed synonym list widens a word, and a hit says which word matched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from handbook.content.loader import ContentError, load_content
from handbook.content.synonyms import SynonymsFile
from handbook.db.content_store import open_content
from handbook.db.search_index import NO_SYNONYMS, Synonyms, load_synonyms, match_expression, search

SYNONYMS = load_content().synonyms
assert SYNONYMS is not None
CASES = [(group.id, term, anchor) for group in SYNONYMS.groups for term in group.terms for anchor in group.finds]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    store = open_content(tmp_path_factory.mktemp("data"))
    with store.session() as session:
        yield session
    store.dispose()


@pytest.mark.parametrize(("group", "term", "anchor"), CASES, ids=[f"{g}:{t}:{a}" for g, t, a in CASES])
def test_each_synonym_finds_its_target(session: Session, group: str, term: str, anchor: str) -> None:
    assert anchor in [hit.anchor for hit in search(session, term)], f"{term!r} ({group}) does not reach {anchor}"


def test_the_issues_words_are_in_the_list() -> None:
    groups = [{term.casefold() for term in group.terms} for group in SYNONYMS.groups]
    for pair in (
        {"oliguria", "low urine output"},
        {"oedema", "edema", "swelling"},
        {"hypotension", "low blood pressure"},
        {"dyspnoea", "dyspnea", "shortness of breath"},
        {"diarrhoea", "diarrhea"},
        {"pruritus", "itch"},
        {"cls", "capillary leak syndrome"},
        {"il-2", "il2"},
        {"plr", "prescribing information"},
        {"600000", "600,000"},
        {"units", "iu"},
    ):
        assert any(pair <= group for group in groups), pair


def test_hypotension_reaches_the_label_withhold_rule_for_sbp_below_90(session: Session) -> None:
    hits = search(session, "hypotension")
    anchors = [hit.anchor for hit in hits]
    assert "rule:cv-withhold-sbp-below-90" in anchors[:5]
    assert anchors[0] == "side_effect:hypotension"


def test_a_hit_says_which_word_matched(session: Session) -> None:
    edema = next(hit for hit in search(session, "oedema") if hit.anchor == "side_effect:edema")
    assert edema.matched.casefold() == "edema"
    assert edema.stands_for == "oedema"
    assert edema.match_note == "matched “Edema” for “oedema”"
    assert edema.as_dict()["synonym_of"] == "oedema"
    dose = next(hit for hit in search(session, "600000") if hit.anchor == "regimen:label-high-dose")
    assert dose.matched == "600,000"
    assert dose.stands_for == "600000"
    direct = search(session, "hypotension")[0]
    assert direct.matched.casefold() == "hypotension"
    assert direct.stands_for == ""
    assert direct.match_note == ""


def test_a_phrase_is_matched_whole_and_the_longest_phrase_wins(session: Session) -> None:
    synonyms = load_synonyms(session)
    expr = match_expression("low blood pressure now", synonyms=synonyms)
    assert expr is not None
    assert '"hypotension"*' in expr
    assert '"now"*' in expr
    assert '"low"*' not in expr  # the phrase was taken whole, not word by word
    assert match_expression("hypot", synonyms=synonyms) == '{title body} : ("hypot"*)'  # still typing: no widening


def test_without_the_list_search_is_word_by_word() -> None:
    assert match_expression("oedema", synonyms=NO_SYNONYMS) == '{title body} : ("oedema"*)'
    table = Synonyms.of([["IL-2", "IL2"]])
    assert match_expression('il-2 "x', synonyms=table) == '{title body} : (("il 2"* OR "il2"*) AND "x"*)'


def test_the_list_refuses_a_word_in_two_groups_and_a_term_without_words() -> None:
    group = {"id": "a", "terms": ["oedema", "edema"], "finds": ["side_effect:edema"]}
    with pytest.raises(ValidationError, match="in groups"):
        SynonymsFile.model_validate(
            {"reviewed": "x", "groups": [group, {**group, "id": "b", "terms": ["Edema", "swelling"]}]}
        )
    with pytest.raises(ValidationError, match="no letters or digits"):
        SynonymsFile.model_validate({"reviewed": "x", "groups": [{**group, "terms": ["oedema", "--"]}]})
    with pytest.raises(ValidationError):
        SynonymsFile.model_validate({"reviewed": "x", "groups": [{**group, "finds": []}]})


def test_a_broken_synonym_file_is_a_content_error_naming_the_file(content_copy: Path) -> None:
    (content_copy / "synonyms.yaml").write_text(
        "reviewed: x\ngroups:\n  - id: a\n    terms: [only-one]\n    finds: [x:y]\n"
    )
    with pytest.raises(ContentError, match=r"synonyms\.yaml"):
        load_content(content_copy)
