"""What Discord would reject with 400/50035, as checks on the JSON the bot sends.

Every number is from ../shared/discord-limits.md. ``violations`` returns readable
strings so a failing test says exactly which limit broke and where.
"""

from __future__ import annotations

import re
from typing import Any

COMMAND_NAME = re.compile(r"^[-_a-z0-9]{1,32}$")


def _text_len(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def embed_violations(embed: dict[str, Any], where: str) -> tuple[list[str], int]:
    problems: list[str] = []
    total = 0

    def check(value: Any, limit: int, what: str) -> None:
        nonlocal total
        size = _text_len(value)
        total += size
        if size > limit:
            problems.append(f"{where}: {what} is {size} characters (limit {limit})")

    check(embed.get("title"), 256, "embed title")
    check(embed.get("description"), 4096, "embed description")
    check((embed.get("footer") or {}).get("text"), 2048, "embed footer")
    check((embed.get("author") or {}).get("name"), 256, "embed author name")
    fields = embed.get("fields") or []
    if len(fields) > 25:
        problems.append(f"{where}: {len(fields)} embed fields (limit 25)")
    for index, field in enumerate(fields):
        check(field.get("name"), 256, f"field {index} name")
        check(field.get("value"), 1024, f"field {index} value")
        if not field.get("name") or not field.get("value"):
            problems.append(f"{where}: field {index} has an empty name or value")
    return problems, total


def component_violations(rows: list[dict[str, Any]], where: str) -> list[str]:
    problems: list[str] = []
    if len(rows) > 5:
        problems.append(f"{where}: {len(rows)} action rows (limit 5)")
    for row_index, row in enumerate(rows):
        children = row.get("components") or []
        if len(children) > 5:
            problems.append(f"{where}: row {row_index} has {len(children)} components (limit 5)")
        selects = [child for child in children if child.get("type") in (3, 5, 6, 7, 8)]
        if selects and len(children) > 1:
            problems.append(f"{where}: row {row_index} mixes a select menu with other components")
        for child in children:
            label = f"row {row_index} component {child.get('custom_id') or child.get('url')}"
            if _text_len(child.get("label")) > 80:
                problems.append(f"{where}: {label} label is {len(child['label'])} characters (limit 80)")
            if _text_len(child.get("custom_id")) > 100:
                problems.append(f"{where}: {label} custom_id is {len(child['custom_id'])} characters (limit 100)")
            if _text_len(child.get("placeholder")) > 150:
                problems.append(f"{where}: {label} placeholder over 150 characters")
            options = child.get("options") or []
            if len(options) > 25:
                problems.append(f"{where}: {label} has {len(options)} options (limit 25)")
            for option in options:
                for key in ("label", "value", "description"):
                    if _text_len(option.get(key)) > 100:
                        problems.append(f"{where}: {label} option {key} over 100 characters")
    return problems


def modal_violations(modal: dict[str, Any], where: str) -> list[str]:
    problems: list[str] = []
    if not 1 <= _text_len(modal.get("title")) <= 45:
        problems.append(f"{where}: modal title is {_text_len(modal.get('title'))} characters (1 to 45)")
    inputs = []
    for row in modal.get("components") or []:
        inputs.extend(row.get("components") or [row.get("component")] if row.get("type") in (1, 18) else [row])
    inputs = [item for item in inputs if item]
    if len(inputs) > 5:
        problems.append(f"{where}: modal has {len(inputs)} inputs (limit 5)")
    labels = [row.get("label") for row in modal.get("components") or [] if row.get("type") == 18]
    labels += [item.get("label") for item in inputs]
    for label in labels:
        if label is not None and _text_len(label) > 45:
            problems.append(f"{where}: modal input label {label!r} over 45 characters")
    for item in inputs:
        if _text_len(item.get("placeholder")) > 100:
            problems.append(f"{where}: modal input placeholder over 100 characters")
        if (item.get("max_length") or 0) > 4000:
            problems.append(f"{where}: modal input max_length over 4000")
    return problems


def message_violations(payload: dict[str, Any] | None, where: str) -> list[str]:
    """Limits of one outgoing message (or interaction callback) payload."""
    if not payload:
        return []
    problems: list[str] = []
    if payload.get("type") == 9:  # modal
        return modal_violations(payload.get("data") or {}, where)
    body = payload.get("data", payload) if "type" in payload and "data" in payload else payload
    if _text_len(body.get("content")) > 2000:
        problems.append(f"{where}: content is {len(body['content'])} characters (limit 2000)")
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        problems.append(f"{where}: {len(embeds)} embeds (limit 10)")
    total = 0
    for index, embed in enumerate(embeds):
        found, size = embed_violations(embed, f"{where} embed {index}")
        problems.extend(found)
        total += size
    if total > 6000:
        problems.append(f"{where}: embeds hold {total} characters in all (limit 6000)")
    problems.extend(component_violations(body.get("components") or [], where))
    if payload.get("type") == 8:  # autocomplete result
        choices = (payload.get("data") or {}).get("choices") or []
        if len(choices) > 25:
            problems.append(f"{where}: {len(choices)} autocomplete choices (limit 25)")
        for choice in choices:
            if not 1 <= _text_len(choice.get("name")) <= 100:
                problems.append(f"{where}: autocomplete choice name {choice.get('name')!r} not 1 to 100 characters")
    name = body.get("name")
    if isinstance(name, str) and body.get("auto_archive_duration") is not None and len(name) > 100:
        problems.append(f"{where}: thread name over 100 characters")
    return problems


def command_violations(command: dict[str, Any], where: str = "") -> list[str]:
    """A slash command definition (``Command.to_dict``) against the limits."""
    where = where or f"/{command.get('name')}"
    problems: list[str] = []
    if not COMMAND_NAME.match(command.get("name", "")):
        problems.append(f"{where}: name {command.get('name')!r} is not 1-32 lowercase letters, digits, - or _")
    if command.get("type", 1) == 1 and not 1 <= _text_len(command.get("description")) <= 100:
        problems.append(f"{where}: description is not 1 to 100 characters")
    options = command.get("options") or []
    if len(options) > 25:
        problems.append(f"{where}: {len(options)} options (limit 25)")
    for option in options:
        if option.get("type") in (1, 2):
            problems.extend(command_violations(option, f"{where} {option['name']}"))
            continue
        if not COMMAND_NAME.match(option.get("name", "")):
            problems.append(f"{where}: option name {option.get('name')!r} is invalid")
        if not 1 <= _text_len(option.get("description")) <= 100:
            problems.append(f"{where}: option {option.get('name')} description is not 1 to 100 characters")
        choices = option.get("choices") or []
        if len(choices) > 25:
            problems.append(f"{where}: option {option.get('name')} has {len(choices)} choices (limit 25)")
    return problems
