"""The command line as a newcomer meets it: exit codes and one clear line."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot import invocation
from bot.cli import main

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "tests" / "data" / "sample_bank"


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, input_text: str | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "CONTENT_DIR", "DEV_GUILD_ID"}}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd or ROOT,
        timeout=60,
        input=input_text,
    )


def test_run_without_token_explains_and_exits_non_zero(tmp_path):
    result = run_cli("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "DISCORD_TOKEN is not set" in result.stderr
    # Started as `python -m bot`, so that is the command it suggests.
    assert f"run: {Path(sys.executable).absolute()} -m bot practice" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_no_token_message_names_the_command_as_it_was_launched():
    """After the README's install, `interview-bot` is .venv/bin/interview-bot, not on PATH."""
    script = Path(sys.executable).parent / "interview-bot"
    environment = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "VIRTUAL_ENV"}}
    environment["PATH"] = "/usr/bin:/bin"  # as in a fresh shell: the venv is not activated
    result = subprocess.run(
        [os.path.relpath(script, ROOT), "run"], capture_output=True, text=True, env=environment, cwd=ROOT, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip().endswith(f"run: {os.path.relpath(script, ROOT)} practice")


def test_invocation_is_written_as_it_can_be_run(tmp_path):
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    script = bin_dir / "interview-bot"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert invocation.command(str(script), cwd=tmp_path, path_env="/usr/bin") == "venv/bin/interview-bot"
    assert invocation.command(str(script), cwd=bin_dir, path_env="/usr/bin") == "./interview-bot"
    assert invocation.command(str(script), cwd=Path("/"), path_env=str(bin_dir)) == "interview-bot"
    assert invocation.command(str(script), cwd=Path("/usr"), path_env="/usr/bin") == str(script)
    python = bin_dir / "python"
    assert (
        invocation.command("/x/bot/__main__.py", cwd=tmp_path, executable=str(python), path_env="")
        == "venv/bin/python -m bot"
    )
    # Another program's __main__ (python -m pytest): the documented name, not "-m bot".
    assert invocation.command("/x/pytest/__main__.py", cwd=tmp_path, path_env="") == "interview-bot"


def test_bad_setting_is_one_line_without_traceback(tmp_path):
    result = run_cli("run", env={"LOG_LEVEL": "chatty"}, cwd=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == "interview-bot: LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'CHATTY'"
    )


def test_validate_good_bank_prints_counts(capsys):
    assert main(["validate", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "4 questions in 2 topics, no problems" in out
    assert "by type: 2 open, 2 choice" in out
    assert "by difficulty: 2 easy, 1 medium, 1 hard" in out


def test_validate_broken_bank_exits_1_naming_file_and_line(tmp_path, capsys):
    bank = tmp_path / "bank"
    shutil.copytree(SAMPLE, bank)
    routing = bank / "routing.yaml"
    routing.write_text(routing.read_text().replace("difficulty: easy", "difficulty: trivial", 1))
    (bank / "broken.yaml").write_text("topic: broken\ntitle: [oops\n")
    assert main(["validate", str(bank)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        f"{routing}:7: question 'routing-variable-rules': 'difficulty' must be one of easy, medium, hard, found 'trivial'"
        in out
    )
    assert any(line.startswith(f"{bank / 'broken.yaml'}:3: invalid YAML") for line in out)


def test_validate_names_a_hint_the_grader_can_never_match(tmp_path, capsys):
    bank = tmp_path / "bank"
    shutil.copytree(SAMPLE, bank)
    routing = bank / "routing.yaml"
    text = routing.read_text()
    assert 'any: ["<name>",' in text
    routing.write_text(text.replace('any: ["<name>",', 'any: ["../", "<name>",', 1))
    assert main(["validate", str(bank)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{routing}:5: question 'routing-variable-rules': the hint '../' has no word the grader can match; "
        "write the words around it"
    ]


def test_validate_uses_content_dir_setting(monkeypatch, capsys):
    monkeypatch.setenv("CONTENT_DIR", str(SAMPLE))
    assert main(["validate"]) == 0
    assert str(SAMPLE) in capsys.readouterr().out


def test_grade_command_end_to_end_json_lines():
    lines = "\n".join(
        [
            '{"question": "routing-variable-rules", "answer": "Put <username> in the rule with angle brackets; Flask passes it to the view function as a keyword argument, and a converter like <int:id> converts it."}',
            "not json",
            '{"question": "routing-default-methods", "answer": "GET (Flask adds HEAD and OPTIONS automatically)"}',
            '{"question": "no-such-question", "answer": "x"}',
        ]
    )
    result = run_cli("grade", "--bank", str(SAMPLE), input_text=lines + "\n")
    assert result.returncode == 1  # some lines could not be graded
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["question"] == "routing-variable-rules" and out[0]["passed"] is True
    assert set(out[0]) == {"question", "score", "passed", "matched", "missed", "pitfalls"}
    assert out[1] == {"error": out[1]["error"]} and out[1]["error"].startswith("line 2:")
    assert out[2]["score"] == 1.0 and out[2]["passed"] is True
    assert "no-such-question" in out[3]["error"]


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == "interview-bot 0.1.0"


@pytest.mark.parametrize(
    ("command", "settings"),
    [
        (["run"], ["DISCORD_TOKEN", "DATABASE_PATH", "CONTENT_DIR", "DEV_GUILD_ID", "LOG_LEVEL"]),
        (["sync"], ["DISCORD_TOKEN", "DATABASE_PATH", "CONTENT_DIR", "DEV_GUILD_ID", "LOG_LEVEL"]),
        (["practice"], ["DATABASE_PATH", "CONTENT_DIR", "NO_COLOR"]),
        (["topics"], ["CONTENT_DIR"]),
        (["validate"], ["CONTENT_DIR"]),
        (["grade"], ["CONTENT_DIR"]),
        (["db"], ["DATABASE_PATH"]),
        (["db", "backup"], ["DATABASE_PATH"]),
        (["db", "restore"], ["DATABASE_PATH"]),
    ],
)
def test_every_command_help_describes_it_and_names_the_settings_it_reads(command, settings, capsys):
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    description = text.split("\n\n")[1]  # the paragraph after the usage line
    assert len(description.split()) >= 6, text
    read = text.split("settings (from the environment")[1]
    for name in settings:
        assert f"\n  {name} " in read, f"{command} --help does not name {name}"
    unread = {"DISCORD_TOKEN", "DATABASE_PATH", "CONTENT_DIR", "DEV_GUILD_ID", "LOG_LEVEL"} - set(settings)
    assert not any(f"\n  {name} " in read for name in unread)


def test_practice_help_lists_the_topic_slugs(capsys, monkeypatch):
    monkeypatch.delenv("CONTENT_DIR", raising=False)
    with pytest.raises(SystemExit):
        main(["practice", "--help"])
    text = capsys.readouterr().out
    topics = text.split("topics (--topic takes a slug or title, any case, several separated by commas):")[1]
    assert topics.replace(",", " ").split() == [
        path.stem for path in sorted((ROOT / "content" / "flask").glob("*.yaml"))
    ]
    assert "end it with a line holding only '.'" in text


def test_topics_lists_slugs_titles_and_counts(monkeypatch, capsys):
    monkeypatch.setenv("CONTENT_DIR", str(SAMPLE))
    assert main(["topics"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2 topics, 4 questions:"
    assert lines[1].split() == ["routing", "Routing", "and", "URL", "building", "2", "easy", "0", "medium", "0", "hard"]
    assert lines[2].split()[:4] == ["templates", "Templates", "with", "Jinja"]
    assert lines[-1].endswith("practice --topic routing")
