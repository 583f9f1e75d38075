"""Every fix-the-code question has a check that runs its snippet, and every check names one."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.bank import Bank
from tests.fix_the_code.snippets import FIX_THE_CODE, snippet_of

CHECKS = Path(__file__).resolve().parents[1] / "fix_the_code"
REQUIRED_TESTS = {"test_the_bug_is_real", "test_the_fix_works"}


def checks() -> dict[str, Path]:
    """Map each check module's QUESTION to its file."""
    found: dict[str, Path] = {}
    for path in sorted(CHECKS.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [
            node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "QUESTION" for target in node.targets)
            and isinstance(node.value, ast.Constant)
        ]
        assert len(names) == 1, f"{path.name} names no QUESTION"
        functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert functions >= REQUIRED_TESTS, f"{path.name} lacks {sorted(REQUIRED_TESTS - functions)}"
        assert path.name == f"test_{names[0].replace('-', '_')}.py", f"{path.name} checks {names[0]}"
        found[names[0]] = path
    return found


def test_there_are_forty_fix_the_code_questions(shipped_bank: Bank) -> None:
    tagged = [q for q in shipped_bank if FIX_THE_CODE in q.tags]
    assert len(tagged) >= 40
    assert all(q.is_open for q in tagged), "fix-the-code questions are open: the member explains the defect"


def test_every_fix_the_code_question_has_a_check_and_one_snippet(shipped_bank: Bank) -> None:
    tagged = {q.id for q in shipped_bank if FIX_THE_CODE in q.tags}
    found = checks()
    assert sorted(tagged - found.keys()) == [], "fix-the-code questions without a check"
    assert sorted(found.keys() - tagged) == [], "checks for questions not tagged fix-the-code"
    for question_id in tagged:
        assert snippet_of(question_id).strip()
