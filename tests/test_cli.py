"""The command line as a newcomer meets it: exit codes and one clear line."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

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
    assert "interview-bot practice" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


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


def test_validate_uses_content_dir_setting(monkeypatch, capsys):
    monkeypatch.setenv("CONTENT_DIR", str(SAMPLE))
    assert main(["validate"]) == 0
    assert str(SAMPLE) in capsys.readouterr().out


def test_db_backup(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "live.sqlite3"))
    monkeypatch.chdir(tmp_path)
    assert main(["db", "backup", str(tmp_path / "copy.sqlite3")]) == 0
    assert (tmp_path / "copy.sqlite3").stat().st_size > 0
    assert "Backed up" in capsys.readouterr().out


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
