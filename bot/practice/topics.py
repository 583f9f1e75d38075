"""What `--topic` accepts: slugs or titles, any case, several per option separated by commas."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from bot.bank import Bank
from bot.errors import UserFacingError


class UnknownTopic(UserFacingError):
    def __init__(self, typed: str, suggestion: str | None, command: str) -> None:
        shown = typed if len(typed) <= 50 else typed[:49] + "…"
        hint = f" Did you mean '{suggestion}'?" if suggestion else ""
        super().__init__(f"There is no topic '{shown}'.{hint} `{command} topics` lists them.")


def resolve_topics(bank: Bank, values: Iterable[str], *, command: str = "interview-bot") -> tuple[str, ...]:
    """The slugs meant by ``values`` ("Routing", "routing,templates"...), in order, once each."""
    by_name: dict[str, str] = {}
    for topic in bank.topics:
        by_name[topic.slug.casefold()] = topic.slug
        by_name.setdefault(topic.title.casefold(), topic.slug)
    slugs: list[str] = []
    for value in values:
        for part in value.split(","):
            typed = part.strip()
            if not typed or typed.casefold() == "mixed":
                continue
            slug = by_name.get(typed.casefold())
            if slug is None:
                close = difflib.get_close_matches(typed.casefold(), list(by_name), n=1, cutoff=0.6)
                raise UnknownTopic(typed, by_name[close[0]] if close else None, command)
            if slug not in slugs:
                slugs.append(slug)
    return tuple(slugs)
