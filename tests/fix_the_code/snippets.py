"""Run a fix-the-code question's snippet exactly as the member reads it.

Each question tagged ``fix-the-code`` shows one ```python block in its prompt. Its check
module in this folder (``test_<question id with underscores>.py``) names the question in
``QUESTION`` and proves two things against the Flask release the bank teaches:
``test_the_bug_is_real`` runs the prompt's code and shows the defect, and
``test_the_fix_works`` runs the same code with the model answer's fix applied. The code is
read from the bank, never copied into the check, so a prompt cannot drift from what was
verified.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
import types
from pathlib import Path
from typing import Any

from bot.bank import Bank, load_bank
from bot.config import shipped_content_dir

FIX_THE_CODE = "fix-the-code"
_CODE_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
_counter = itertools.count()


@functools.cache
def shipped() -> Bank:
    return load_bank(shipped_content_dir())


def snippet_of(question_id: str) -> str:
    """The single python code block of the question's prompt."""
    question = shipped().question(question_id)
    assert question is not None, f"{question_id} is not in the shipped bank"
    blocks = _CODE_BLOCK.findall(question.prompt)
    assert len(blocks) == 1, f"{question_id}: the prompt has {len(blocks)} python blocks, not one"
    return blocks[0]


def fixed(code: str, old: str, new: str) -> str:
    """The snippet with one exact passage replaced, as the model answer tells the member."""
    assert code.count(old) == 1, f"the passage to fix occurs {code.count(old)} times:\n{old}"
    return code.replace(old, new)


def run(code: str, *, preamble: str = "", name: str = "snippet", root: Path | None = None) -> types.ModuleType:
    """Execute code as a fresh module and return it.

    The preamble holds what the prompt leaves out for brevity (imports, a stub database);
    it runs first in the same namespace. The module is registered in sys.modules under a
    unique name so Flask(__name__) resolves a root path (``root``, default the cwd) the
    way it does for a real file.
    """
    module_name = f"fix_the_code_{name}_{next(_counter)}"
    module = types.ModuleType(module_name)
    folder = root if root is not None else Path.cwd()
    module.__file__ = str(folder / f"{module_name}.py")
    sys.modules[module_name] = module
    try:
        exec(compile(preamble + "\n" + code, f"<{name}>", "exec"), module.__dict__)  # noqa: S102 - our own snippets
    except BaseException:
        del sys.modules[module_name]
        raise
    return module


def run_question(
    question_id: str, *, preamble: str = "", replace: tuple[str, str] | None = None, **kw: Any
) -> types.ModuleType:
    """Run the question's snippet, optionally with one passage replaced by its fix."""
    code = snippet_of(question_id)
    if replace is not None:
        code = fixed(code, *replace)
    return run(code, preamble=preamble, name=question_id.replace("-", "_"), **kw)
