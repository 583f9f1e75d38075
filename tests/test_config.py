from pathlib import Path

import pytest

from bot.config import Settings, missing_token, read_env_file, shipped_content_dir
from bot.errors import ConfigError

TOKEN = "MTA" + "x" * 21 + ".Gabcde." + "y" * 30


def load(tmp_path: Path, env: dict[str, str], env_file: str = "") -> Settings:
    path = tmp_path / ".env"
    path.write_text(env_file)
    return Settings.load(environ=env, env_file=path)


def test_defaults(tmp_path):
    settings = load(tmp_path, {"DISCORD_TOKEN": TOKEN})
    assert settings.database_path == Path("data/interview-bot.sqlite3")
    # The shipped bank, found from the package and not the current folder.
    assert settings.content_dir == shipped_content_dir()
    assert settings.content_dir.is_absolute() and (settings.content_dir / "routing.yaml").is_file()
    assert settings.dev_guild_id is None
    assert settings.log_level == "INFO"


def test_missing_token_names_the_fix_and_practice(tmp_path):
    settings = load(tmp_path, {})
    with pytest.raises(ConfigError) as raised:
        settings.require_token(".venv/bin/interview-bot")
    assert str(raised.value) == missing_token(".venv/bin/interview-bot")
    assert "DISCORD_TOKEN" in str(raised.value) and "run: .venv/bin/interview-bot practice" in str(raised.value)


def test_content_dir_setting_wins_over_the_shipped_bank(tmp_path):
    settings = load(tmp_path, {"CONTENT_DIR": "my/bank"})
    assert settings.content_dir == Path("my/bank")


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"DISCORD_TOKEN": "not-a-token"}, "DISCORD_TOKEN does not look like a bot token"),
        ({"DEV_GUILD_ID": "my-server"}, "DEV_GUILD_ID must be a server id"),
        ({"DEV_GUILD_ID": "12"}, "DEV_GUILD_ID must be a server id"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL must be one of"),
    ],
)
def test_bad_settings_name_the_variable(tmp_path, env, needle):
    with pytest.raises(ConfigError, match=needle):
        load(tmp_path, env)


def test_bad_token_is_never_echoed(tmp_path):
    secret = "secret-value-that-must-not-leak"
    with pytest.raises(ConfigError) as raised:
        load(tmp_path, {"DISCORD_TOKEN": secret})
    assert secret not in str(raised.value)


def test_token_is_not_in_repr(tmp_path):
    settings = load(tmp_path, {"DISCORD_TOKEN": TOKEN})
    assert TOKEN not in repr(settings)
    assert settings.require_token() == TOKEN


def test_env_file_is_read_and_environment_wins(tmp_path):
    env_file = (
        f'# comment\nexport DISCORD_TOKEN="{TOKEN}"\nLOG_LEVEL=debug  # inline\nDEV_GUILD_ID=123456789012345678\n'
    )
    settings = load(tmp_path, {"LOG_LEVEL": "warning"}, env_file)
    assert settings.require_token() == TOKEN
    assert settings.log_level == "WARNING"
    assert settings.dev_guild_id == 123456789012345678


def test_malformed_env_file_line_is_named(tmp_path):
    path = tmp_path / ".env"
    path.write_text("GOOD=1\nthis is not a setting\n")
    with pytest.raises(ConfigError, match=r"\.env:2: expected KEY=VALUE"):
        read_env_file(path)


def test_database_path_must_not_be_a_folder(tmp_path):
    with pytest.raises(ConfigError, match="DATABASE_PATH points at a folder"):
        load(tmp_path, {"DATABASE_PATH": str(tmp_path)})
