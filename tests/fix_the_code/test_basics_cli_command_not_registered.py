"""basics-cli-command-not-registered: a plain @click.command is never added to app.cli."""

from __future__ import annotations

from tests.fix_the_code.snippets import run_question

QUESTION = "basics-cli-command-not-registered"

# The prompt leaves out the helper that deletes old files; a stub records its call.
PREAMBLE = """
calls = []

def purge_older_than(folder, days):
    calls.append((folder, days))
    return 3
"""
FIX = ('@click.command("purge-sessions")', '@app.cli.command("purge-sessions")')
ARGS = ["purge-sessions", "--days", "7"]


def test_the_bug_is_real() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    result = module.app.test_cli_runner().invoke(args=ARGS)
    assert result.exit_code == 2
    assert "No such command 'purge-sessions'" in result.output
    assert module.calls == []


def test_the_fix_works() -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    result = module.app.test_cli_runner().invoke(args=ARGS)
    assert result.exit_code == 0, result.output
    assert result.output == "Removed 3 files\n"
    assert module.calls == [("/var/lib/app/sessions", 7)]
