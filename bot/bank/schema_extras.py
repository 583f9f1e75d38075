"""The optional keys of an open question beyond its rubric: ``probes`` and ``follow_ups``.

Probes are answers that test the rubric (``interview-bot validate --probes`` grades
them); follow-ups are what an interviewer asks next. Both are read here, with the
same ``file:line: message`` problems as the rest of the format (schema.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from bot.bank import limits
from bot.bank.models import Expectation, FollowUp, Probe, ProbeKind, SourceLocation

if TYPE_CHECKING:
    from bot.bank.schema import TopicReader

PROBE_KEYS = frozenset({"kind", "expect", "text"})
FOLLOW_UP_KEYS = frozenset({"ask", "listen_for"})
# Keys only an open question may have: a choice question is graded by its options.
OPEN_ONLY_KEYS = frozenset({"probes", "follow_ups"})


def read_probes(reader: TopicReader, fields: dict[str, yaml.Node], what: str) -> tuple[Probe, ...]:
    node = fields.get("probes")
    if node is None:
        return ()
    items = reader.sequence(node, f"{what}: 'probes'")
    if isinstance(node, yaml.SequenceNode) and not items:
        reader.problem(node, f"{what}: 'probes' is empty; leave the key out or write at least one")
    probes = [probe for item in items if (probe := _probe(reader, item, what)) is not None]
    return tuple(probes)


def _probe(reader: TopicReader, item: yaml.Node, what: str) -> Probe | None:
    before = len(reader.problems)
    cue = reader.mapping(item, f"{what}: a probe", PROBE_KEYS)
    if not isinstance(item, yaml.MappingNode):
        return None
    kind = reader.enum(cue, "kind", f"{what}: a probe", item, ProbeKind)
    expect = reader.enum(cue, "expect", f"{what}: a probe", item, Expectation)
    text = reader.text(cue, "text", f"{what}: a probe", item, max_length=limits.PROBE_TEXT_MAX)
    if len(reader.problems) != before or kind is None or expect is None:
        return None
    return Probe(kind=kind, expect=expect, text=text, source=SourceLocation(reader.path, item.start_mark.line + 1))


def read_follow_ups(reader: TopicReader, fields: dict[str, yaml.Node], what: str) -> tuple[FollowUp, ...]:
    node = fields.get("follow_ups")
    if node is None:
        return ()
    items = reader.sequence(node, f"{what}: 'follow_ups'")
    if isinstance(node, yaml.SequenceNode) and not limits.FOLLOW_UPS_MIN <= len(items) <= limits.FOLLOW_UPS_MAX:
        reader.problem(
            node,
            f"{what}: has {len(items)} follow-ups; write {limits.FOLLOW_UPS_MIN} to {limits.FOLLOW_UPS_MAX}",
        )
    follow_ups = [follow_up for item in items if (follow_up := _follow_up(reader, item, what)) is not None]
    return tuple(follow_ups)


def _follow_up(reader: TopicReader, item: yaml.Node, what: str) -> FollowUp | None:
    before = len(reader.problems)
    cue = reader.mapping(item, f"{what}: a follow-up", FOLLOW_UP_KEYS)
    if not isinstance(item, yaml.MappingNode):
        return None
    ask = reader.text(cue, "ask", f"{what}: a follow-up", item, max_length=limits.FOLLOW_UP_ASK_MAX)
    listen_node = cue.get("listen_for")
    listen_for: tuple[str, ...] = ()
    if listen_node is None:
        reader.problem(item, f"{what}: a follow-up: missing required key 'listen_for' (what a strong reply mentions)")
    else:
        listen_for = reader.texts(cue, "listen_for", f"{what}: a follow-up", max_length=limits.LISTEN_FOR_MAX_CHARS)
        count = len(listen_node.value) if isinstance(listen_node, yaml.SequenceNode) else 0
        if isinstance(listen_node, yaml.SequenceNode) and not limits.LISTEN_FOR_MIN <= count <= limits.LISTEN_FOR_MAX:
            reader.problem(
                listen_node,
                f"{what}: a follow-up has {count} 'listen_for' items; write "
                f"{limits.LISTEN_FOR_MIN} to {limits.LISTEN_FOR_MAX}",
            )
    if len(reader.problems) != before:
        return None
    return FollowUp(ask=ask, listen_for=listen_for)


def refuse_on_choice(reader: TopicReader, node: yaml.Node, what: str) -> None:
    """A choice question with probes or follow-ups: say why rather than 'unknown key'."""
    for key_node, _ in node.value if isinstance(node, yaml.MappingNode) else []:
        if key_node.value in OPEN_ONLY_KEYS:
            reader.problem(
                key_node, f"{what}: '{key_node.value}' is for open questions only; a choice question has none"
            )
