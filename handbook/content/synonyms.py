"""The reviewed list of words nurses type for the same thing, as a content file (``synonyms.yaml``).

Spellings (oedema / edema), plain words (low blood pressure / hypotension), abbreviations (CLS, IL-2, SBP)
and number formats (600000 / 600,000). Search widens a typed word or phrase to every term of its group and
says which word matched. Each group names the places it must find, so the list is tested against the content.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from handbook.content.schema import Slug, Strict

_WORD = re.compile(r"\w+", re.UNICODE)  # the words search sees (as the FTS5 unicode61 tokenizer splits them)

Anchor = Annotated[str, StringConstraints(pattern=r"^[a-z_]+:[A-Za-z0-9_.:-]+$")]


def words_of(term: str) -> tuple[str, ...]:
    """A term as search sees it: lower-case words, punctuation dropped ("IL-2" -> ("il", "2"))."""
    return tuple(word.lower() for word in _WORD.findall(term))


class SynonymGroup(Strict):
    id: Slug
    terms: Annotated[list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]], Field(min_length=2)]
    finds: Annotated[list[Anchor], Field(min_length=1)]  # places every term must reach, e.g. "side_effect:edema"
    note: str = ""

    @field_validator("terms")
    @classmethod
    def _terms_have_words(cls, terms: list[str]) -> list[str]:
        for term in terms:
            if not words_of(term):
                raise ValueError(f"the term {term!r} has no letters or digits for search to match")
        return terms


class SynonymsFile(Strict):
    reviewed: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]  # who and when
    groups: Annotated[list[SynonymGroup], Field(min_length=1)]

    @model_validator(mode="after")
    def _each_term_in_one_group(self) -> SynonymsFile:
        seen: dict[tuple[str, ...], str] = {}
        ids: set[str] = set()
        for group in self.groups:
            if group.id in ids:
                raise ValueError(f"duplicate synonym group id: {group.id!r}")
            ids.add(group.id)
            for term in group.terms:
                key = words_of(term)
                if key in seen:
                    # One meaning per typed word, or a search would widen unpredictably.
                    raise ValueError(f"the term {term!r} is in groups {seen[key]!r} and {group.id!r}")
                seen[key] = group.id
        return self
