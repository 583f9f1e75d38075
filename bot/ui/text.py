"""Text shaping for Discord: clean trims, bars and field chunks within discord-limits.md."""

from __future__ import annotations

from collections.abc import Iterable

ELLIPSIS = "…"
FIELD_VALUE_MAX = 1024  # discord-limits.md: embed field value
EMBED_TOTAL_MAX = 6000  # discord-limits.md: all text of all embeds of one message


def trim(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a paragraph, line, sentence or word end.

    A cut inside a fenced code block closes the fence, so Markdown never swallows the
    rest of the message.
    """
    text = text.strip()
    if len(text) <= limit:
        return text
    budget = limit - len(ELLIPSIS) - len("\n```")
    head = text[:budget]
    for separator in ("\n\n", "\n", ". ", " "):
        cut = head.rfind(separator)
        if cut >= budget * 0.6:
            head = head[: cut + (1 if separator == ". " else 0)]
            break
    head = head.rstrip()
    if head.count("```") % 2 == 1:
        return f"{head}\n```{ELLIPSIS}"
    return head + ELLIPSIS


def bar(fraction: float, width: int = 10, full: str = "█", empty: str = "░") -> str:
    filled = round(max(0.0, min(fraction, 1.0)) * width)
    return full * filled + empty * (width - filled)


def progress(done: int, total: int) -> str:
    """'▰▰▰▱▱▱▱▱▱▱ 3/10' for the question strip."""
    return f"{bar(done / total if total else 0, 10, '▰', '▱')} {done}/{total}"


def percent(fraction: float) -> str:
    return f"{round(fraction * 100)}%"


def bullets(items: Iterable[str], limit: int = FIELD_VALUE_MAX) -> str:
    """A bulleted list that fits one field value; what does not fit is counted, not cut."""
    lines: list[str] = []
    items = list(items)
    for index, item in enumerate(items):
        line = f"• {trim(item, 300)}"
        rest = len(items) - index - 1
        reserve = len(f"\n…and {rest} more") if rest else 0
        if len("\n".join([*lines, line])) + reserve > limit:
            lines.append(f"…and {len(items) - index} more")
            break
        lines.append(line)
    return "\n".join(lines) or "—"


def chunks(text: str, size: int = FIELD_VALUE_MAX, max_chunks: int = 2) -> list[str]:
    """Split long text into at most ``max_chunks`` field values, trimming the last cleanly."""
    text = text.strip()
    parts: list[str] = []
    while text and len(parts) < max_chunks - 1 and len(text) > size:
        cut = text.rfind("\n", 0, size)
        if cut < size * 0.5:
            cut = text.rfind(" ", 0, size)
        if cut <= 0:
            cut = size
        head = text[:cut].rstrip()
        if head.count("```") % 2 == 1:  # never split a code block across two fields
            break
        parts.append(head)
        text = text[cut:].lstrip()
    if text:
        parts.append(trim(text, size))
    return parts
