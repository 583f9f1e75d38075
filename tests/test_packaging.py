"""A built wheel carries the question bank: `pip install` of the project works from any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_BANK

SHIPPED = sorted(path.name for path in (ROOT / "content" / "flask").glob("*.yaml"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built offline with its own backend from a clean copy of the tree."""
    work = tmp_path_factory.mktemp("build")
    source = work / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".venv*", "build", "dist")
    for item in ("bot", "cogs", "content"):
        shutil.copytree(ROOT / item, source / item, ignore=ignore)
    for item in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / item, source / item)
    out = work / "dist"
    build = "import sys; from setuptools import build_meta; print(build_meta.build_wheel(sys.argv[1]))"
    result = subprocess.run(
        [sys.executable, "-c", build, str(out)], cwd=source, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return out / result.stdout.strip().splitlines()[-1]


def test_the_wheel_holds_the_bank_and_the_licence(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(Path(name).name for name in names if name.startswith("bot/shipped_bank/")) == SHIPPED
    assert not any(name.startswith("content/") for name in names)  # no top-level package called "content"
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


def test_the_installed_package_finds_its_bank_from_any_folder(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # what pip install puts in site-packages
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"CONTENT_DIR", "DATABASE_PATH", "DISCORD_TOKEN"}}
    env["PYTHONPATH"] = str(site)  # ahead of the editable checkout, which must not be used

    def cli(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=elsewhere,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=60,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import bot; print(bot.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.strip() == str(site / "bot" / "__init__.py")
    validated = cli("validate")
    assert validated.returncode == 0, validated.stderr
    assert (
        validated.stdout.startswith(f"{site / 'bot' / 'shipped_bank'}: ")
        and f"{len(SHIPPED)} topics, no problems" in validated.stdout
    )
    practised = cli("practice", "--questions", "1", "--topic", "routing", DATABASE_PATH=str(tmp_path / "p.sqlite3"))
    assert practised.returncode == 0 and "Question 1/1 · Routing" in practised.stdout
    # CONTENT_DIR still wins over the installed bank.
    custom = cli("validate", CONTENT_DIR=str(SAMPLE_BANK))
    assert custom.stdout.startswith(f"{SAMPLE_BANK}: 4 questions in 2 topics")
