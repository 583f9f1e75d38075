"""A member's own records as a file they can keep: JSON, zipped when too big to attach."""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.store.privacy import MemberExport

# Discord snowflakes exceed JavaScript's safe integers: written as strings, as Discord does.
_SNOWFLAKE_COLUMNS = frozenset(
    {"guild_id", "user_id", "channel_id", "thread_id", "message_id", "host_id", "dm_channel_id", "role_id"}
)
# Serialised engine state is JSON text in the database; nested JSON reads better.
_JSON_COLUMNS = frozenset({"state", "card"})


@dataclass(frozen=True, slots=True)
class ExportFile:
    filename: str
    data: bytes
    rows: int


def _row(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in _SNOWFLAKE_COLUMNS and isinstance(value, int):
            value = str(value)
        elif key in _JSON_COLUMNS and isinstance(value, str):
            # Not JSON after all: keep the text as stored.
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        out[key] = value
    return out


def export_document(export: MemberExport, generated_at: datetime) -> dict[str, Any]:
    return {
        "format": "flask-interview-bot member export, version 1",
        "generated_at": generated_at.isoformat(),
        "guild_id": str(export.guild_id),
        "user_id": str(export.user_id),
        "tables": {table: [_row(row) for row in rows] for table, rows in export.tables.items()},
    }


def export_file(export: MemberExport, generated_at: datetime, max_bytes: int) -> ExportFile:
    """The export as ``.json``, or as a ``.zip`` holding that JSON when over ``max_bytes``."""
    stamp = generated_at.strftime("%Y%m%d")
    name = f"interview-bot-data-{export.guild_id}-{stamp}.json"
    data = json.dumps(export_document(export, generated_at), indent=1, ensure_ascii=False).encode()
    rows = sum(len(rows) for rows in export.tables.values())
    if len(data) <= max_bytes:
        return ExportFile(name, data, rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return ExportFile(name.removesuffix(".json") + ".zip", buffer.getvalue(), rows)
