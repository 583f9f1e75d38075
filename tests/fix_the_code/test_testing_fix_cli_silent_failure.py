"""testing-fix-cli-silent-failure: a command that prints its error and exits 0 looks like success."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fix_the_code.snippets import fixed, run, run_question, snippet_of

QUESTION = "testing-fix-cli-silent-failure"

PREAMBLE = """
import csv
import click
from flask import Flask

app = Flask(__name__)
saved = []

def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))

def save_users(rows):
    saved.extend(rows)
"""
FIX = (
    """    except FileNotFoundError:
        click.echo(f"File not found: {path}")
        return
""",
    """    except FileNotFoundError:
        raise click.ClickException(f"File not found: {path}")
""",
)
TEST_FIX = (
    """    assert "File not found" in result.output""",
    """    assert result.exit_code == 1
    assert "File not found" in result.output""",
)


def test_the_bug_is_real(tmp_path: Path) -> None:
    module = run_question(QUESTION, preamble=PREAMBLE)
    runner = module.app.test_cli_runner()
    module.test_import_missing_file(runner)  # the test passes...
    result = runner.invoke(args=["import-users", str(tmp_path / "nope.csv")])
    assert "File not found" in result.output
    assert result.exit_code == 0  # ...because a failed import exits like a success


def test_the_fix_works(tmp_path: Path) -> None:
    module = run_question(QUESTION, preamble=PREAMBLE, replace=FIX)
    runner = module.app.test_cli_runner()
    missing = runner.invoke(args=["import-users", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 1
    assert "Error: File not found" in missing.output
    good = tmp_path / "users.csv"
    good.write_text("name\nada\nbob\n")
    ok = runner.invoke(args=["import-users", str(good)])
    assert ok.exit_code == 0 and "Imported 2 users" in ok.output
    assert [row["name"] for row in module.saved] == ["ada", "bob"]


def test_the_fixed_test_catches_the_bug() -> None:
    # The answer's stronger assertion fails against the original command.
    broken_command_strict_test = run(fixed(snippet_of(QUESTION), *TEST_FIX), preamble=PREAMBLE)
    with pytest.raises(AssertionError):
        broken_command_strict_test.test_import_missing_file(broken_command_strict_test.app.test_cli_runner())
    fixed_both = run(fixed(fixed(snippet_of(QUESTION), *FIX), *TEST_FIX), preamble=PREAMBLE)
    fixed_both.test_import_missing_file(fixed_both.app.test_cli_runner())
