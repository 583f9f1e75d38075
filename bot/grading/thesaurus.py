"""The field's synonyms and abbreviations, loaded from ``thesaurus.yaml``.

Every phrasing of a group is tokenised like an answer, so a group entry "environment
variable" also covers "Environment-Variables". Matching then compares concept keys
("=environment-variable") as well as word stems.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from bot.grading.normalise import Text, tokenise

# One phrasing: its token keys and the concepts it stands for.
Phrase = tuple[tuple[str, ...], tuple[str, ...]]


# A concept found in a text: (concept key, first token, last token).
Span = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class Thesaurus:
    """Phrasings indexed by their first key, longest first, for a left-to-right scan."""

    by_first: Mapping[str, tuple[Phrase, ...]]

    @classmethod
    def from_groups(cls, groups: Mapping[str, list[str]]) -> Thesaurus:
        concepts: dict[tuple[str, ...], list[str]] = {}
        for name, phrasings in groups.items():
            for phrasing in phrasings:
                keys = tokenise(str(phrasing)).keys
                if keys:
                    concepts.setdefault(keys, []).append("=" + name)
        by_first: dict[str, list[Phrase]] = {}
        for keys, names in concepts.items():
            by_first.setdefault(keys[0], []).append((keys, tuple(names)))
        return cls(
            {first: tuple(sorted(phrases, key=lambda phrase: -len(phrase[0]))) for first, phrases in by_first.items()}
        )

    def spans(self, text: Text) -> list[Span]:
        """Every concept phrasing in ``text`` (within one sentence), overlaps included."""
        keys = text.keys
        by_first = self.by_first
        found: list[Span] = []
        for start in [p for p, key in enumerate(keys) if key in by_first]:
            for phrase_keys, concepts in by_first[keys[start]]:
                end = start + len(phrase_keys) - 1
                if end == start:
                    found.extend((concept, start, start) for concept in concepts)
                elif (
                    end < len(keys)
                    and text.sentence[end] == text.sentence[start]
                    and keys[start : end + 1] == phrase_keys
                ):
                    found.extend((concept, start, end) for concept in concepts)
        return found


def parse_groups(document: Any) -> dict[str, list[str]]:
    """Check the YAML shape: ``groups`` maps a name to a list of phrasings."""
    if not isinstance(document, dict) or not isinstance(document.get("groups"), dict):
        raise ValueError("thesaurus.yaml must hold a 'groups' mapping")
    groups: dict[str, list[str]] = {}
    for name, phrasings in document["groups"].items():
        if not isinstance(phrasings, list) or not all(isinstance(p, str) for p in phrasings):
            raise ValueError(f"thesaurus group {name!r} must be a list of strings")
        groups[str(name)] = phrasings
    return groups


@cache
def default_thesaurus() -> Thesaurus:
    """The shipped thesaurus, read once per process (it is small and never changes)."""
    text = resources.files("bot.grading").joinpath("thesaurus.yaml").read_text(encoding="utf-8")
    return Thesaurus.from_groups(parse_groups(yaml.safe_load(text)))
