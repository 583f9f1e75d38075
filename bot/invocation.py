"""How to write `interview-bot` so that the person reading it can paste and run it.

Someone who followed the README runs `.venv/bin/interview-bot`: the bare name is not on
their PATH, so advice such as "run: interview-bot practice" would fail for them. Every
message that suggests a command builds it from how this process was started.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

NAME = "interview-bot"


def _shown(executable: Path, cwd: Path, path_env: str | None) -> str:
    """The shortest way to name ``executable`` from ``cwd``: bare if PATH finds it, else a path."""
    found = shutil.which(executable.name, path=path_env)
    if found is not None and Path(found).absolute() == executable.absolute():
        return executable.name
    try:
        relative = executable.absolute().relative_to(cwd.absolute())
    except ValueError:
        return str(executable.absolute())
    return relative.as_posix() if len(relative.parts) > 1 else f"./{relative.as_posix()}"


def command(
    argv0: str | None = None,
    *,
    cwd: Path | None = None,
    executable: str | None = None,
    path_env: str | None = None,
) -> str:
    """The command that started this program, as it can be run from ``cwd``.

    ``.venv/bin/interview-bot`` after the README's install, ``interview-bot`` when it is on
    PATH, ``.venv/bin/python -m bot`` when started as a module.
    """
    script = Path(argv0 if argv0 is not None else sys.argv[0])
    where = cwd if cwd is not None else Path.cwd()
    search = path_env if path_env is not None else os.environ.get("PATH")
    if script.name == "__main__.py" and script.parent.name == "bot":  # python -m bot
        python = Path(executable or sys.executable)
        return f"{_shown(python, where, search)} -m bot"
    if script.name != NAME and not script.name.startswith(NAME):
        # Started some other way (a test runner, an embedding program): the documented name.
        return NAME
    return _shown(script, where, search)
