"""Everything in the seed document is in the content database and can be found by search.

The seed (``../shared/seed``) is a consumer page: its side effects with how common they are and
whether they need medical attention at once, its risks with their risk factors, the dosing schedule,
the interactions and the patient-care advice. Queries use the seed's own words, as a nurse would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from handbook.db import content_models as m
from handbook.db.content_store import ContentStore, open_content
from handbook.db.search_index import search

# (seed wording, search query, frequency, urgency)
SEED_SIDE_EFFECTS = [
    ("Agitation", "agitation", "more_common", "call_now"),
    ("confusion", "confusion", "more_common", "call_now"),
    ("dizziness", "dizziness", "more_common", "call_now"),
    ("drowsiness", "drowsiness", "more_common", "call_now"),
    ("fever or chills", "fever chills", "more_common", "call_now"),
    ("mental depression", "depression", "more_common", "call_now"),
    ("shortness of breath", "shortness of breath", "more_common", "call_now"),
    ("sores in the mouth and on lips", "sores mouth lips", "more_common", "call_now"),
    ("tingling of the hands or feet", "tingling hands feet", "more_common", "call_now"),
    ("unusual decrease in urination", "urine", "more_common", "call_now"),
    ("unusual tiredness or weakness", "unusual tiredness", "more_common", "call_now"),
    ("weight gain of 5 to 10 pounds or more", "weight gain pounds", "more_common", "call_now"),
    ("blurred or double vision", "double vision", "less_common", "call_now"),
    ("faintness", "faint", "less_common", "call_now"),
    ("fast or irregular heartbeat", "irregular heartbeat", "less_common", "call_now"),
    ("loss of taste", "loss of taste", "less_common", "call_now"),
    ("rapid breathing", "rapid breathing", "less_common", "call_now"),
    ("redness, swelling, and soreness of the tongue", "tongue", "less_common", "call_now"),
    ("trouble with speaking", "trouble speaking", "less_common", "call_now"),
    ("yellow eyes and skin", "yellow eyes skin", "less_common", "call_now"),
    ("Changes in menstrual periods", "menstrual periods", "rare", "call_now"),
    ("clumsiness", "clumsiness", "rare", "call_now"),
    ("coldness", "cold", "rare", "call_now"),
    ("convulsions (seizures)", "convulsions", "rare", "call_now"),
    ("listlessness", "listlessness", "rare", "call_now"),
    ("muscle aches", "muscle aches", "rare", "call_now"),
    ("pain or redness at injection site", "redness infusion", "rare", "call_now"),
    ("sudden inability to move", "inability to move", "rare", "call_now"),
    ("swelling in the front of the neck", "swelling neck", "rare", "call_now"),
    ("swelling of the feet or lower legs", "swelling feet lower legs", "rare", "call_now"),
    ("weakness", "weakness", "rare", "call_now"),
    ("loss of appetite", "loss of appetite", "more_common", "tell_if_persists"),
    (
        "skin rash or redness with burning or itching, followed by peeling",
        "rash peeling",
        "more_common",
        "tell_if_persists",
    ),
    ("unusual feeling of discomfort or illness", "discomfort illness", "more_common", "tell_if_persists"),
]

# (warning slug, search query, words that must appear among its risk factors)
SEED_RISKS = [
    ("capillary-leak", "capillary leak", ["heart", "lung", "kidney", "liver"]),
    ("infection", "infection", ["infection", "central"]),
    ("nervous-system", "CNS", ["seizure", "brain"]),
    ("gastrointestinal", "tarry stools stomach", []),
    ("high-blood-sugar", "high blood sugar", []),
    ("thyroid", "thyroid", []),
    ("autoimmune", "autoimmune", []),
    ("liver", "liver damage", ["liver"]),
    ("kidney", "kidney damage", ["kidney"]),
    ("skin", "Stevens-Johnson", []),
    ("pregnancy", "unborn baby", []),
    ("contrast-dye", "contrast", []),
]

# Other seed facts: (what, query, a word the best hits must contain)
SEED_FACTS = [
    ("dose per kg", "600,000 IU/kg", "600,000"),
    ("rest between cycles", "rest days", "rest"),
    ("blood pressure medicines", "blood pressure medicines", "blood pressure"),
    ("organ allograft", "organ allograft", "allograft"),
    ("BRAT diet", "BRAT", "BRAT"),
    ("greasy spicy acidic", "greasy spicy", "greasy"),
    ("loperamide", "loperamide", "loperamide"),
    ("soft toothbrush", "soft toothbrush", "toothbrush"),
    ("baking soda rinse", "baking soda", "baking soda"),
    ("ice chips", "ice chips", "ice"),
    ("fragrance-free cream", "fragrance", "fragrance"),
    ("hand washing and crowds", "crowds", "crowd"),
    ("face mask", "mask", "mask"),
    ("birth control", "birth control", "birth control"),
    ("contrast within a month", "iodinated contrast month", "month"),
    ("thyroid 1 to 4 months", "hypothyroidism months", "months"),
    ("FDA reporting line", "1-800-FDA-1088", "1088"),
    ("specialised centre", "intensive care", "intensive care"),
    ("melanoma", "melanoma", "melanoma"),
    ("renal cell carcinoma", "kidney cancer", "kidney"),
    ("bullous pemphigoid", "bullous pemphigoid", "pemphigoid"),
    ("myasthenia gravis", "myasthenia", "myasthenia"),
    ("sepsis and endocarditis", "endocarditis", "endocarditis"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ContentStore]:
    store = open_content(Path(tmp_path_factory.mktemp("seed")))
    yield store
    store.dispose()


@pytest.fixture
def session(store: ContentStore) -> Iterator[Session]:
    with store.session() as session:
        yield session


@pytest.fixture
def drug(store: ContentStore, session: Session) -> m.Drug:
    return store.drug(session)


def _words(text: str) -> set[str]:
    return {w.strip(".,()").lower() for w in text.split()}


@pytest.mark.parametrize(
    ("seed", "query", "frequency", "urgency"), SEED_SIDE_EFFECTS, ids=[s[0] for s in SEED_SIDE_EFFECTS]
)
def test_seed_side_effect_is_in_the_database_and_found(
    session: Session, drug: m.Drug, seed: str, query: str, frequency: str, urgency: str
) -> None:
    hits = [h for h in search(session, query, limit=30) if h.anchor.startswith("side_effect:")]
    assert hits, f"search {query!r} finds no side effect"
    slugs = {h.anchor.split(":", 1)[1] for h in hits}
    rows = [e for e in drug.side_effects if e.slug in slugs and e.frequency == frequency and e.urgency == urgency]
    assert rows, f"{seed!r}: no hit for {query!r} is {frequency}/{urgency}; hits: {sorted(slugs)}"
    assert all(row.sources for row in rows)


def test_every_seed_side_effect_has_its_own_row(drug: m.Drug) -> None:
    seed_rows = [e for e in drug.side_effects if e.frequency in ("more_common", "less_common", "rare")]
    assert len(seed_rows) == len(SEED_SIDE_EFFECTS)


@pytest.mark.parametrize(("slug", "query", "factors"), SEED_RISKS, ids=[r[0] for r in SEED_RISKS])
def test_seed_risk_is_in_the_database_and_found(
    session: Session, drug: m.Drug, slug: str, query: str, factors: list[str]
) -> None:
    warning = next((w for w in drug.warnings if w.slug == slug), None)
    assert warning is not None, slug
    risk_text = " ".join(s.text for s in warning.of_kind("risk_factor")).lower()
    for factor in factors:
        assert factor in risk_text, (slug, factor)
    assert warning.of_kind("sign")
    assert warning.of_kind("nursing_action")
    anchors = {h.anchor for h in search(session, query, limit=50)}
    assert f"warning:{slug}" in anchors, (slug, query)


@pytest.mark.parametrize(("what", "query", "needle"), SEED_FACTS, ids=[f[0] for f in SEED_FACTS])
def test_other_seed_facts_are_found(session: Session, what: str, query: str, needle: str) -> None:
    hits = search(session, query, limit=10)
    assert any(needle.lower() in (h.snippet + " " + h.title).lower() for h in hits), (what, [h.snippet for h in hits])


def test_every_clinical_statement_names_a_source(drug: m.Drug) -> None:
    assert all(s.sources for s in drug.statements)
    assert all(e.sources for e in drug.side_effects)
    assert all(r.sources for r in drug.label_rules)
    assert all(c.sources for c in drug.practice_criteria)
    assert all(i.sources for t in drug.checklists for i in t.items)
    assert all(n.sources for n in drug.preparation_numbers)


def test_label_rules_cite_only_the_label_and_practice_only_guidelines(drug: m.Drug) -> None:
    for rule in drug.label_rules:
        assert {s.kind for s in rule.sources} == {"label"}, rule.slug
    for criterion in drug.practice_criteria:
        assert {s.kind for s in criterion.sources} == {"guideline"}, criterion.slug
