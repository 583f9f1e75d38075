"""Version 1 of the bank format: turns one topic file's YAML nodes into models, or problems.

Validation walks the composed YAML nodes rather than plain dicts so that every problem
can name the line it is on. It never stops at the first problem: an author fixing a
file wants the whole list at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from bot.bank import limits
from bot.bank.models import (
    Difficulty,
    KeyPoint,
    Pitfall,
    Question,
    QuestionType,
    SourceLocation,
    Topic,
)
from bot.bank.schema_extras import OPEN_ONLY_KEYS, read_follow_ups, read_probes, refuse_on_choice

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL = re.compile(r"^https?://\S+$")

TOPIC_KEYS = frozenset({"topic", "title", "description", "questions"})
COMMON_KEYS = frozenset({"id", "type", "difficulty", "prompt", "tags", "refs"})
OPEN_KEYS = COMMON_KEYS | {"answer", "key_points", "pitfalls"} | OPEN_ONLY_KEYS
# Open-only keys are let through here so that a choice question holding one is told
# why it may not (schema_extras.refuse_on_choice) instead of "unknown key".
CHOICE_KEYS = COMMON_KEYS | {"correct", "wrong", "explain"} | OPEN_ONLY_KEYS
CUE_KEYS = frozenset({"text", "any", "weight"})
PITFALL_KEYS = frozenset({"text", "any"})

_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a bank, where it is and what to do about it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    value = str(node.value)
    if not value:
        return "nothing"
    return repr(value if len(value) <= 40 else value[:37] + "...")


class TopicReader:
    """Reads one topic file; ``problems`` collects everything wrong with it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.path, _line(node), message))

    # -- node helpers -------------------------------------------------------------------

    def mapping(self, node: yaml.Node, what: str, allowed: frozenset[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping of keys to values, found {_describe(node)}")
            return {}
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in fields:
                self.problem(key_node, f"{what}: key '{key}' appears twice")
            elif key not in allowed:
                self.problem(key_node, f"{what}: unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")
            else:
                fields[key] = value_node
        return fields

    def text(
        self,
        fields: dict[str, yaml.Node],
        key: str,
        what: str,
        parent: yaml.Node,
        *,
        max_length: int,
        required: bool = True,
        pattern: re.Pattern[str] | None = None,
        pattern_hint: str = "",
    ) -> str:
        node = fields.get(key)
        if node is None:
            if required:
                self.problem(parent, f"{what}: missing required key '{key}'")
            return ""
        return self.text_node(
            node, f"{what}: '{key}'", max_length=max_length, pattern=pattern, pattern_hint=pattern_hint
        )

    def text_node(
        self,
        node: yaml.Node,
        what: str,
        *,
        max_length: int,
        pattern: re.Pattern[str] | None = None,
        pattern_hint: str = "",
    ) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR_TAG:
            self.problem(node, f"{what} must be text, found {_describe(node)}")
            return ""
        value = str(node.value).strip()
        if not value:
            self.problem(node, f"{what} is empty")
        elif len(value) > max_length:
            self.problem(node, f"{what} is {len(value)} characters; at most {max_length} fit in Discord")
        elif pattern is not None and not pattern.match(value):
            self.problem(node, f"{what} {value!r} is not valid: {pattern_hint}")
        return value

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a list, found {_describe(node)}")
            return []
        return list(node.value)

    def texts(
        self,
        fields: dict[str, yaml.Node],
        key: str,
        what: str,
        *,
        max_length: int,
        pattern: re.Pattern[str] | None = None,
        pattern_hint: str = "",
    ) -> tuple[str, ...]:
        node = fields.get(key)
        if node is None:
            return ()
        items = [
            self.text_node(
                item, f"{what}: an item of '{key}'", max_length=max_length, pattern=pattern, pattern_hint=pattern_hint
            )
            for item in self.sequence(node, f"{what}: '{key}'")
        ]
        return tuple(item for item in items if item)

    def enum(self, fields: dict[str, yaml.Node], key: str, what: str, parent: yaml.Node, enum: type[Any]) -> Any:
        node = fields.get(key)
        if node is None:
            self.problem(parent, f"{what}: missing required key '{key}'")
            return None
        values = [member.value for member in enum]
        if isinstance(node, yaml.ScalarNode) and node.value in values:
            return enum(node.value)
        self.problem(node, f"{what}: '{key}' must be one of {', '.join(values)}, found {_describe(node)}")
        return None

    # -- the format -----------------------------------------------------------------------

    def read_topic(self, root: yaml.Node) -> Topic | None:
        fields = self.mapping(root, "topic file", TOPIC_KEYS)
        if not fields:
            if isinstance(root, yaml.MappingNode):
                self.problem(root, "topic file: missing required keys 'topic', 'title' and 'questions'")
            return None
        slug = self.text(
            fields,
            "topic",
            "topic file",
            root,
            max_length=limits.SLUG_MAX,
            pattern=SLUG,
            pattern_hint="use lowercase letters, digits and hyphens",
        )
        title = self.text(fields, "title", "topic file", root, max_length=limits.TITLE_MAX)
        description = self.text(
            fields, "description", "topic file", root, max_length=limits.DESCRIPTION_MAX, required=False
        )
        questions_node = fields.get("questions")
        if questions_node is None:
            self.problem(root, "topic file: missing required key 'questions'")
            return None
        items = self.sequence(questions_node, "topic file: 'questions'")
        if isinstance(questions_node, yaml.SequenceNode) and not items:
            self.problem(questions_node, "topic file: 'questions' is empty")
        questions = [self.read_question(item, slug) for item in items]
        return Topic(
            slug=slug,
            title=title,
            description=description,
            questions=tuple(question for question in questions if question is not None),
            source=SourceLocation(self.path, _line(root)),
        )

    def read_question(self, node: yaml.Node, topic: str) -> Question | None:
        before = len(self.problems)
        kind_fields = node.value if isinstance(node, yaml.MappingNode) else []
        declared_type = next((v.value for k, v in kind_fields if k.value == "type"), None)
        allowed = CHOICE_KEYS if declared_type == QuestionType.CHOICE.value else OPEN_KEYS
        if declared_type not in (QuestionType.OPEN.value, QuestionType.CHOICE.value):
            allowed = OPEN_KEYS | CHOICE_KEYS  # the type itself is reported below
        fields = self.mapping(node, "question", allowed)
        if not isinstance(node, yaml.MappingNode):
            return None
        qid = self.text(
            fields,
            "id",
            "question",
            node,
            max_length=limits.QUESTION_ID_MAX,
            pattern=SLUG,
            pattern_hint="use lowercase letters, digits and hyphens",
        )
        what = f"question '{qid}'" if qid else "question"
        qtype = self.enum(fields, "type", what, node, QuestionType)
        difficulty = self.enum(fields, "difficulty", what, node, Difficulty)
        prompt = self.text(fields, "prompt", what, node, max_length=limits.PROMPT_MAX)
        tags = self.texts(fields, "tags", what, max_length=limits.TAG_MAX)
        refs = self.texts(
            fields,
            "refs",
            what,
            max_length=limits.REF_MAX,
            pattern=URL,
            pattern_hint="a reference must be an http(s) URL",
        )
        if qtype is QuestionType.OPEN:
            body: dict[str, Any] = self._open_body(fields, what, node)
        elif qtype is QuestionType.CHOICE:
            body = self._choice_body(fields, what, node)
            refuse_on_choice(self, node, what)
        else:
            body = {}
        if len(self.problems) != before or qtype is None or difficulty is None:
            return None
        return Question(
            id=qid,
            topic=topic,
            type=qtype,
            difficulty=difficulty,
            prompt=prompt,
            tags=tags,
            refs=refs,
            source=SourceLocation(self.path, _line(node)),
            **body,
        )

    def _open_body(self, fields: dict[str, yaml.Node], what: str, node: yaml.Node) -> dict[str, Any]:
        answer = self.text(fields, "answer", what, node, max_length=limits.ANSWER_MAX)
        key_points_node = fields.get("key_points")
        key_points: list[KeyPoint] = []
        if key_points_node is None:
            self.problem(node, f"{what}: an open question needs 'key_points' (at least {limits.KEY_POINTS_MIN})")
        else:
            items = self.sequence(key_points_node, f"{what}: 'key_points'")
            if isinstance(key_points_node, yaml.SequenceNode) and not (
                limits.KEY_POINTS_MIN <= len(items) <= limits.KEY_POINTS_MAX
            ):
                self.problem(
                    key_points_node,
                    f"{what}: has {len(items)} key points; write {limits.KEY_POINTS_MIN} to {limits.KEY_POINTS_MAX}",
                )
            key_points = [point for item in items if (point := self._key_point(item, what)) is not None]
        pitfalls: list[Pitfall] = []
        if (pitfalls_node := fields.get("pitfalls")) is not None:
            for item in self.sequence(pitfalls_node, f"{what}: 'pitfalls'"):
                cue = self.mapping(item, f"{what}: a pitfall", PITFALL_KEYS)
                text = self.text(cue, "text", f"{what}: a pitfall", item, max_length=limits.POINT_TEXT_MAX)
                hints = self._hints(cue, f"{what}: pitfall '{text}'", item)
                if text and hints:
                    pitfalls.append(Pitfall(text=text, hints=hints))
        return {
            "answer": answer,
            "key_points": tuple(key_points),
            "pitfalls": tuple(pitfalls),
            "probes": read_probes(self, fields, what),
            "follow_ups": read_follow_ups(self, fields, what),
        }

    def _key_point(self, item: yaml.Node, what: str) -> KeyPoint | None:
        cue = self.mapping(item, f"{what}: a key point", CUE_KEYS)
        if not isinstance(item, yaml.MappingNode):
            return None
        text = self.text(cue, "text", f"{what}: a key point", item, max_length=limits.POINT_TEXT_MAX)
        hints = self._hints(cue, f"{what}: key point '{text}'", item)
        weight = 1.0
        if (weight_node := cue.get("weight")) is not None:
            if isinstance(weight_node, yaml.ScalarNode) and weight_node.tag in (_INT_TAG, _FLOAT_TAG):
                weight = float(weight_node.value)
                if not 0 < weight <= limits.WEIGHT_MAX:
                    self.problem(
                        weight_node, f"{what}: a key point weight must be above 0 and at most {limits.WEIGHT_MAX:g}"
                    )
            else:
                self.problem(
                    weight_node, f"{what}: a key point weight must be a number, found {_describe(weight_node)}"
                )
        return KeyPoint(text=text, hints=hints, weight=weight) if text and hints else None

    def _hints(self, cue: dict[str, yaml.Node], what: str, parent: yaml.Node) -> tuple[str, ...]:
        if "any" not in cue:
            self.problem(parent, f"{what}: missing required key 'any' (the phrasings the grader looks for)")
            return ()
        hints = self.texts(cue, "any", what, max_length=limits.HINT_MAX)
        if not hints and isinstance(cue["any"], yaml.SequenceNode):
            self.problem(cue["any"], f"{what}: 'any' needs at least one hint")
        return hints

    def _choice_body(self, fields: dict[str, yaml.Node], what: str, node: yaml.Node) -> dict[str, Any]:
        correct = self.text(fields, "correct", what, node, max_length=limits.OPTION_MAX)
        explain = self.text(fields, "explain", what, node, max_length=limits.EXPLAIN_MAX)
        wrong_node = fields.get("wrong")
        wrong: tuple[str, ...] = ()
        if wrong_node is None:
            self.problem(
                node, f"{what}: a choice question needs 'wrong' ({limits.WRONG_MIN} to {limits.WRONG_MAX} distractors)"
            )
        else:
            wrong = self.texts(fields, "wrong", what, max_length=limits.OPTION_MAX)
            count = (
                len(self.sequence(wrong_node, f"{what}: 'wrong'")) if isinstance(wrong_node, yaml.SequenceNode) else 0
            )
            if isinstance(wrong_node, yaml.SequenceNode) and not limits.WRONG_MIN <= count <= limits.WRONG_MAX:
                self.problem(
                    wrong_node, f"{what}: has {count} distractors; write {limits.WRONG_MIN} to {limits.WRONG_MAX}"
                )
            seen = {correct.casefold()}
            for item in wrong_node.value if isinstance(wrong_node, yaml.SequenceNode) else []:
                folded = str(item.value).strip().casefold()
                if folded == correct.casefold():
                    self.problem(item, f"{what}: a distractor is the same as the correct option")
                elif folded in seen:
                    self.problem(item, f"{what}: distractor {item.value!r} appears twice")
                seen.add(folded)
        return {"correct": correct, "wrong": wrong, "explain": explain}
