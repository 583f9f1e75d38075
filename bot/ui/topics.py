"""Topic autocomplete shared by every command that takes a topic."""

from __future__ import annotations

from discord import app_commands

from bot.bank import Bank

AUTOCOMPLETE_MAX = 25  # discord-limits.md: at most 25 choices
CHOICE_NAME_MAX = 100


def topic_choices(bank: Bank, current: str, *, allow_several: bool = True) -> list[app_commands.Choice[str]]:
    """Topics matching what is typed, with their question counts.

    With ``allow_several``, "routing, temp" completes the last part and keeps the
    earlier ones, so a member can pick several topics in one option.
    """
    parts = [part.strip() for part in current.split(",")] if allow_several else [current.strip()]
    chosen, typed = [p for p in parts[:-1] if bank.topic(p) is not None], parts[-1].lower()
    choices: list[app_commands.Choice[str]] = []
    for topic in bank.topics:
        if topic.slug in chosen:
            continue
        if typed and typed not in topic.slug and typed not in topic.title.lower():
            continue
        value = ",".join([*chosen, topic.slug])
        label = f"{topic.title} ({len(topic.questions)} questions)"
        if chosen:
            label = f"{', '.join(chosen)} + {label}"
        choices.append(app_commands.Choice(name=label[:CHOICE_NAME_MAX], value=value[:CHOICE_NAME_MAX]))
    return choices[:AUTOCOMPLETE_MAX]
