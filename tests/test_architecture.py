"""The layering rules (README, Development), enforced: domain code never imports discord."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
DISCORD_FREE = [
    "bot/bank",
    "bot/grading",
    "bot/engine",
    "bot/store",
    "bot/scheduling",
    "bot/practice",
    "bot/daily",
    "bot/remind",
    "bot/disputes",
    "bot/stats",
    "bot/mock",
    "bot/privacy",
    "bot/services.py",
    "bot/timers.py",
    "bot/config.py",
    "bot/clock.py",
    "bot/errors.py",
]
SQL_WORDS = ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE")


def python_files(*relative: str) -> list[Path]:
    files: list[Path] = []
    for item in relative:
        path = ROOT / item
        if path.is_dir():
            files.extend(path.rglob("*.py"))
        elif path.with_suffix(".py").exists():
            files.append(path.with_suffix(".py"))
        elif path.exists():
            files.append(path)
    return files


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_code_does_not_import_discord():
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in python_files(*DISCORD_FREE)
        for module in imported_modules(path)
        if module == "discord" or module.startswith("discord.") or module.startswith(("cogs", "bot.ui", "bot.client"))
    ]
    assert offenders == []


def test_the_engine_reaches_storage_through_its_protocol_only():
    """bot/engine/ports.py names what the engine needs; the engine imports no store module."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in python_files("bot/engine")
        for module in imported_modules(path)
        if module == "bot.store" or module.startswith("bot.store.")
    ]
    assert offenders == []


def test_sql_lives_in_the_store_only():
    offenders = []
    for path in python_files("bot", "cogs"):
        if "bot/store" in path.as_posix():
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and any(node.value.lstrip().upper().startswith(word) for word in SQL_WORDS)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_ruff_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--quiet", "."], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_bot():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
