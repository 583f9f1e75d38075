"""The README and the content guide say what is true: their examples are run here.

Every ``console`` block of the README is a transcript: ``$ command`` lines and what they
print. ``...`` alone stands for any lines, and inside a line for any text. The blocks run
in order in one empty folder, as a newcomer would type them, with `interview-bot` on PATH.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import discord
import pytest

from bot.bank import check_bank
from bot.bank.schema import CHOICE_KEYS, CUE_KEYS, OPEN_KEYS, PITFALL_KEYS, TOPIC_KEYS

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "content-guide.md").read_text(encoding="utf-8")


def console_blocks(text: str) -> list[str]:
    return re.findall(r"^```console\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def transcript(block: str) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


def pattern(expected: list[str]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line == "...":
            parts.append(r"(?:.*\n)*?")
        else:
            parts.append(".*".join(re.escape(piece) for piece in line.split("...")) + r"\n")
    return re.compile("".join(parts))


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """An empty folder, and a shell where `interview-bot` is the installed command."""
    home = tmp_path_factory.mktemp("newcomer")
    bin_dir = home / "bin"
    bin_dir.mkdir()
    script = bin_dir / "interview-bot"
    # What pip writes for a console script: the command's own name is argv[0].
    script.write_text(f"#!{sys.executable}\nimport sys\nfrom bot.cli import main\nsys.exit(main())\n")
    script.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "CONTENT_DIR", "DATABASE_PATH"}}
    env.update(PATH=f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin", NO_COLOR="1")
    work = home / "work"
    work.mkdir()
    return work, env


def test_the_readme_has_console_examples():
    commands = [command for block in console_blocks(README) for command, _ in transcript(block)]
    assert len(commands) >= 5
    assert any("interview-bot grade" in command for command in commands)
    assert any("interview-bot db restore" in command for command in commands)


def test_every_console_example_in_the_readme_runs_as_shown(newcomer):
    work, env = newcomer
    for block in console_blocks(README):
        for command, expected in transcript(block):
            result = subprocess.run(
                ["bash", "-c", command],
                cwd=work,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=120,
            )
            assert result.returncode == 0, f"$ {command}\n{result.stdout}"
            assert pattern(expected).fullmatch(result.stdout), f"$ {command}\nprinted:\n{result.stdout}"


def test_the_readme_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text()
    assert ".venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest" in README
    assert ".venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest" in ci


PERMISSION_FLAGS = {
    "View Channels": "view_channel",
    "Send Messages": "send_messages",
    "Embed Links": "embed_links",
    "Read Message History": "read_message_history",
    "Attach Files": "attach_files",
    "Create Public Threads": "create_public_threads",
    "Send Messages in Threads": "send_messages_in_threads",
    "Manage Roles": "manage_roles",
}


def test_the_invite_url_asks_for_exactly_the_permissions_the_table_lists():
    table = README.split("bot permissions:")[1].split("\n\n")[1]
    names = [
        name.strip() for row in re.findall(r"^\s*\| ([^|]+) \|", table, flags=re.MULTILINE) for name in row.split(",")
    ]
    names = [name for name in names if name not in {"permission", "---"}]
    wanted = discord.Permissions(**{PERMISSION_FLAGS[name]: True for name in names})
    url = re.search(
        r"https://discord\.com/oauth2/authorize\?client_id=YOUR_APPLICATION_ID&scope=bot\+applications\.commands&permissions=(\d+)",
        README,
    )
    assert url is not None
    assert int(url.group(1)) == wanted.value
    assert f"`{wanted.value}` is their sum" in README


def test_local_links_point_at_files_that_exist():
    for text, base in ((README, ROOT), (GUIDE, ROOT / "docs")):
        for target in re.findall(r"\]\(([^)#:]+)\)", text):
            assert (base / target).exists(), target
    for gone in ("STYLE.md", "content-schema.md"):  # guides that live outside the repository
        assert gone not in README and gone not in GUIDE


def test_the_content_guide_example_is_a_valid_bank(tmp_path):
    (example,) = re.findall(r"^```yaml\n(.*?)^```$", GUIDE, flags=re.MULTILINE | re.DOTALL)
    (tmp_path / "routing.yaml").write_text(example)
    bank, problems = check_bank(tmp_path)
    assert problems == [] and bank is not None
    assert {question.type.value for question in bank} == {"open", "choice"}


def test_the_content_guide_names_every_key_the_loader_accepts():
    keys = TOPIC_KEYS | OPEN_KEYS | CHOICE_KEYS | CUE_KEYS | PITFALL_KEYS
    missing = sorted(key for key in keys if f"`{key}`" not in GUIDE)
    assert missing == []
    for key in ("probes", "follow_ups", "kind", "expect", "ask", "listen_for"):
        assert f"`{key}`" in GUIDE
