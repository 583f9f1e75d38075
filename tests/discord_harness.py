"""Drive the real bot through discord.py's own dispatch, with Discord's HTTP API recorded.

Payloads shaped as Discord sends them (type 2 commands, 3 components, 4 autocomplete,
5 modal submits) go in through ``ConnectionState.parse_interaction_create``, exactly as
the gateway would deliver them. Everything the bot would send comes out as a
``Call`` (method, route, JSON), checked against discord-limits.md as it is recorded.

This module is the one place that touches discord.py internals (``_connection``, the
webhook adapter context variable, ``HTTPClient.request``): a discord.py upgrade that
changes them is fixed here, once. discord.py is pinned to a minor range for that reason.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import discord
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

from tests.discord_limits import message_violations

APPLICATION_ID = 900000000000000001
BOT_USER_ID = 900000000000000002
GUILD_ID = 800000000000000001
CHANNEL_ID = 800000000000000010
ALL_PERMISSIONS = (1 << 50) - 1
# What @everyone has by default: view, send, embed, history, create public threads, send in threads.
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 35) | (1 << 38)
CREATE_PUBLIC_THREADS, SEND_MESSAGES_IN_THREADS = 1 << 35, 1 << 38
MANAGE_GUILD = 1 << 5

_snowflakes = itertools.count(1_100_000_000_000_000_000)


def snowflake() -> int:
    return next(_snowflakes)


_MESSAGE_IN_URL = re.compile(r"/messages/(\d+)")


@dataclass
class Call:
    """One HTTP request the bot made."""

    method: str
    path: str  # the route template, e.g. /interactions/{webhook_id}/{webhook_token}/callback
    url: str
    json: dict[str, Any] | None
    files: list[str] = field(default_factory=list)
    file_bytes: list[bytes] = field(default_factory=list)
    message_id: int | None = None  # the message this call created or edited, if any
    at: float = field(default_factory=time.perf_counter)  # when it reached "Discord", for benchmarks

    @property
    def body(self) -> dict[str, Any]:
        """The message part: ``data`` of an interaction callback, else the JSON itself."""
        payload = self.json or {}
        if self.path.endswith("/callback"):
            return payload.get("data") or {}
        return payload

    @property
    def flags(self) -> int:
        return int(self.body.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & 64)

    @property
    def callback_type(self) -> int | None:
        return (self.json or {}).get("type") if self.path.endswith("/callback") else None

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.body.get("embeds") or []

    def custom_ids(self) -> list[str]:
        return [
            child["custom_id"]
            for row in self.body.get("components") or []
            for child in row.get("components") or []
            if "custom_id" in child
        ]

    def text(self) -> str:
        """Everything a member would read in this message, for loose assertions."""
        parts = [self.body.get("content") or "", self.body.get("title") or ""]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            parts += [f"{f.get('name')}\n{f.get('value')}" for f in embed.get("fields") or []]
            parts.append((embed.get("footer") or {}).get("text") or "")
        for row in self.body.get("components") or []:
            parts += [child.get("label") or "" for child in row.get("components") or []]
        return "\n".join(part for part in parts if part)


class _FakeResponse:
    """Enough of an aiohttp response for discord.HTTPException to describe it."""

    def __init__(self, status: int, reason: str) -> None:
        self.status = status
        self.reason = reason


@dataclass
class _Failure:
    path_contains: str
    status: int
    code: int
    message: str
    remaining: int


class Recorder:
    """Records calls, fabricates Discord's answers, and can fail chosen routes."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.violations: list[str] = []
        self.messages: dict[int, dict[str, Any]] = {}
        # The message a component was clicked on: an "update message" reply (type 7) edits it.
        self.clicked_message_id: int | None = None
        self._failures: list[_Failure] = []
        # Discord's own dedup: a send whose nonce was seen (with enforce_nonce) returns the
        # first message instead of posting again.
        self._by_nonce: dict[str, dict[str, Any]] = {}
        # Seconds each next HTTP call takes before it lands, for tests of ordering.
        self.latencies: list[float] = []
        # Seconds every call takes to reach "Discord" (a simulated network, for benchmarks).
        self.rtt = 0.0
        # Raised after the next matching call reached "Discord": a process killed right
        # after sending, before it could record anything.
        self.crash_after: str | None = None
        self.clock: Any = None  # the bot's clock, set by the harness
        # Each member's DM channel with the bot, as POST /users/@me/channels opens it.
        self.dm_channels: dict[int, int] = {}

    def fail(
        self,
        path_contains: str,
        *,
        status: int = 403,
        code: int = 50013,
        message: str = "Missing Permissions",
        times: int = 1,
    ) -> None:
        self._failures.append(_Failure(path_contains, status, code, message, times))

    def _maybe_fail(self, route: discord.http.Route) -> None:
        for failure in self._failures:
            if failure.remaining and failure.path_contains in route.url:
                failure.remaining -= 1
                response = _FakeResponse(failure.status, failure.message)
                error = {"code": failure.code, "message": failure.message}
                kind = {403: discord.Forbidden, 404: discord.NotFound}.get(failure.status, discord.HTTPException)
                raise kind(response, error)  # type: ignore[arg-type]

    def record(
        self,
        route: discord.http.Route,
        payload: dict[str, Any] | None,
        files: Iterable[discord.File] | None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        attached = list(files or [])
        blobs = []
        for item in attached:
            item.reset()
            blobs.append(item.fp.read())
        call = Call(route.method, route.path, route.url, payload, [f.filename for f in attached], blobs)
        self.calls.append(call)
        self.violations.extend(message_violations(payload, f"{route.method} {route.path}"))
        self._maybe_fail(route)
        answer = self._answer(route, call, params or {})
        message = (answer.get("resource") or {}).get("message", answer) if isinstance(answer, dict) else None
        if isinstance(message, dict) and "id" in message and message.get("type") == 0:
            call.message_id = int(message["id"])
        if self.crash_after is not None and self.crash_after in route.url:
            self.crash_after = None
            raise ProcessKilled(f"killed right after {route.method} {route.url}")
        return answer

    async def travel(self) -> None:
        """The time a call takes to reach Discord (nothing unless a test or benchmark asks)."""
        delay = self.latencies.pop(0) if self.latencies else self.rtt
        if delay:
            await asyncio.sleep(delay)

    def forget_nonces(self) -> None:
        """Discord deduplicates a nonce for a few minutes only: after that it forgets."""
        self._by_nonce.clear()

    def channel_messages(self, channel_id: int) -> list[dict[str, Any]]:
        """What a member would see in the channel, oldest first."""
        return sorted(
            (m for m in self.messages.values() if int(m["channel_id"]) == channel_id and not m["flags"] & 64),
            key=lambda m: int(m["id"]),
        )

    # -- fabricated answers ---------------------------------------------------------------

    def message(self, body: dict[str, Any], channel_id: int, message_id: int | None = None) -> dict[str, Any]:
        if message_id is None:
            # A real snowflake of "now" when the bot's clock is known: ids then order by time,
            # as Discord's do (history's after= relies on it).
            message_id = (
                discord.utils.time_snowflake(self.clock.now()) + snowflake() % 4096 if self.clock else snowflake()
            )
        previous = self.messages.get(message_id, {})
        payload = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "type": 0,
            "author": {
                "id": str(BOT_USER_ID),
                "username": "Interview Coach",
                "discriminator": "0",
                "avatar": None,
                "bot": True,
            },
            "content": body.get("content", previous.get("content", "")),
            "embeds": body.get("embeds", previous.get("embeds", [])),
            "components": body.get("components", previous.get("components", [])),
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": "2026-01-05T12:00:00+00:00",
            "edited_timestamp": None,
            "flags": body.get("flags", previous.get("flags", 0)),
        }
        self.messages[message_id] = payload
        return payload

    def _answer(self, route: discord.http.Route, call: Call, params: dict[str, Any]) -> Any:
        path, method = route.path, route.method
        query = params
        params = route.__dict__
        channel_id = int(params.get("channel_id") or CHANNEL_ID)
        if path.endswith("/callback"):
            kind = call.callback_type
            answer: dict[str, Any] = {"interaction": {"id": str(params.get("webhook_id")), "type": 2}}
            if kind in (4, 5, 7):
                message_id = None
                if kind == 7:
                    message_id = self.clicked_message_id
                message = self.message(call.body, channel_id, message_id)
                answer["interaction"]["response_message_id"] = message["id"]
                answer["interaction"]["response_message_ephemeral"] = bool(call.flags & 64)
                answer["resource"] = {"type": kind, "message": message}
            return answer
        if "/threads" in path:
            return {
                "id": str(snowflake()),
                "type": 11,
                "guild_id": str(GUILD_ID),
                "name": (call.json or {}).get("name", "thread"),
                "parent_id": str(channel_id),
                "owner_id": str(BOT_USER_ID),
                "thread_metadata": {
                    "archived": False,
                    "auto_archive_duration": 1440,
                    "archive_timestamp": "2026-01-05T12:00:00+00:00",
                    "locked": False,
                },
                "message_count": 0,
                "member_count": 1,
                "rate_limit_per_user": 0,
                "flags": 0,
            }
        body = call.json or {}
        if method == "POST" and path == "/users/@me/channels":
            recipient = int(body["recipient_id"])
            dm_id = self.dm_channels.setdefault(recipient, snowflake())
            user = {"id": str(recipient), "username": f"member{recipient % 1000}", "discriminator": "0", "avatar": None}
            return {"id": str(dm_id), "type": 1, "recipients": [user]}
        if method == "POST" and path == "/channels/{channel_id}/messages" and body.get("enforce_nonce"):
            seen = self._by_nonce.get(str(body.get("nonce")))
            if seen is not None:
                return seen
            created = self.message(call.body, channel_id)
            self._by_nonce[str(body.get("nonce"))] = created
            return created
        if method == "GET" and path == "/channels/{channel_id}/messages":
            after = int(query.get("after") or 0)
            found = [m for m in self.channel_messages(channel_id) if int(m["id"]) > after]
            return list(reversed(found))[: int(query.get("limit") or 50)]
        # Route keeps only channel, guild and webhook ids: a message id is read from the URL.
        named = _MESSAGE_IN_URL.search(route.url)
        message_id = int(named.group(1)) if named else None
        if method in ("POST", "PATCH") and ("messages" in path or path.startswith("/webhooks/")):
            return self.message(call.body, channel_id, message_id if method == "PATCH" else None)
        if method == "GET" and message_id is not None:
            return self.messages.get(message_id) or self.message({}, channel_id, message_id)
        return None


class _RecordingWebhookAdapter(AsyncWebhookAdapter):
    """Interaction responses and followups go through the webhook adapter, not bot.http."""

    def __init__(self, recorder: Recorder) -> None:
        super().__init__()
        self._recorder = recorder

    async def request(
        self,
        route: Any,
        session: Any,
        *,
        payload: dict[str, Any] | None = None,
        multipart: list[dict[str, Any]] | None = None,
        files: Any = None,
        **_: Any,
    ) -> Any:
        if payload is None and multipart:
            for part in multipart:
                if part.get("name") == "payload_json":
                    payload = json.loads(part["value"])
        await self._recorder.travel()
        return self._recorder.record(route, payload, files)


class ProcessKilled(BaseException):
    """Stands for kill -9: nothing after it runs, no handler catches it."""


class DiscordHarness:
    """A started bot plus helpers that feed it interactions and read what it sent."""

    def __init__(self, bot: discord.Client, recorder: Recorder | None = None) -> None:
        self.bot = bot
        # Pass the recorder of a bot that "died" to keep Discord's side across a restart.
        self.recorder = recorder or Recorder()
        # settle() also delivers what the outbox holds, as the bot's own loop would; a test
        # that steps the sender by hand turns this off.
        self.deliver_outbox = True
        self.recorder.clock = getattr(bot, "clock", None)
        self._adapter_token: Any = None
        self.role_payloads: dict[int, dict[str, Any]] = {}  # roles of the cached server, by id

    @property
    def calls(self) -> list[Call]:
        return self.recorder.calls

    async def start(self) -> None:
        async def record_http(route: discord.http.Route, *, files: Any = None, form: Any = None, **kwargs: Any) -> Any:
            await self.recorder.travel()
            return self.recorder.record(route, kwargs.get("json"), files, kwargs.get("params"))

        self.bot.http.request = record_http  # type: ignore[method-assign]
        self._adapter_token = async_context.set(_RecordingWebhookAdapter(self.recorder))
        state = self.bot._connection
        state.application_id = APPLICATION_ID
        await self.bot._async_setup_hook()
        state.user = discord.ClientUser(
            state=state,
            data={
                "id": str(BOT_USER_ID),
                "username": "Interview Coach",
                "discriminator": "0",
                "avatar": None,
                "bot": True,
            },
        )
        await self.bot.setup_hook()

    async def stop(self) -> None:
        await self.bot.close()
        if self._adapter_token is not None:
            try:
                async_context.reset(self._adapter_token)
            except ValueError:  # set in a fixture's context: put a real adapter back instead
                async_context.set(AsyncWebhookAdapter())
            self._adapter_token = None

    def add_guild(
        self, roles: list[dict[str, Any]], *, bot_roles: list[int], guild_id: int = GUILD_ID
    ) -> discord.Guild:
        """Put the server in the bot's cache as GUILD_CREATE does with the guilds intent: its
        roles (``role_payload``s; @everyone is added) and the bot's own member with ``bot_roles``."""
        everyone = role_payload(guild_id, name="@everyone", position=0, permissions=MEMBER_PERMISSIONS)
        self.role_payloads = {int(role["id"]): role for role in [everyone, *roles]}
        me = {
            "user": {
                "id": str(BOT_USER_ID),
                "username": "Interview Coach",
                "discriminator": "0",
                "avatar": None,
                "bot": True,
            },
            "roles": [str(role_id) for role_id in bot_roles],
            "joined_at": "2025-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        }
        data = {
            "id": str(guild_id),
            "name": "Flask study group",
            "owner_id": "1",
            "roles": list(self.role_payloads.values()),
            "members": [me],
            "channels": [],
            "emojis": [],
            "stickers": [],
            "features": [],
            "member_count": 2,
            "unavailable": False,
        }
        return self.bot._connection._add_guild_from_data(data)

    # -- sending interactions -----------------------------------------------------------

    def _now_snowflake(self) -> int:
        clock = getattr(self.bot, "clock", None)
        if clock is None:
            return snowflake()
        return discord.utils.time_snowflake(clock.now()) + snowflake() % 4096

    def _base(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        user_id: int,
        guild_id: int | None,
        channel_id: int,
        permissions: int,
        message: dict[str, Any] | None = None,
        app_permissions: int = ALL_PERMISSIONS,
    ) -> dict[str, Any]:
        user = {
            "id": str(user_id),
            "username": f"member{user_id % 1000}",
            "discriminator": "0",
            "global_name": f"Member {user_id % 1000}",
            "avatar": None,
        }
        payload: dict[str, Any] = {
            # Discord's interaction id is a snowflake of when the member acted: the bot reads
            # interaction.created_at from it, so it follows the test's clock.
            "id": str(self._now_snowflake()),
            "application_id": str(APPLICATION_ID),
            "type": kind,
            "token": f"token-{snowflake()}",
            "version": 1,
            "data": data,
            "locale": "en-US",
            "channel_id": str(channel_id),
            "app_permissions": str(app_permissions),
            "entitlements": [],
            "channel": {
                "id": str(channel_id),
                "type": 0,
                "name": "study",
                "position": 0,
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
            },
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild_id is not None:
            payload["guild_id"] = str(guild_id)
            payload["guild_locale"] = "en-US"
            payload["channel"]["guild_id"] = str(guild_id)
            payload["member"] = {
                "user": user,
                "roles": [],
                "joined_at": "2025-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "permissions": str(permissions),
                "flags": 0,
            }
        else:
            payload["user"] = user
            payload["channel"] = {"id": str(channel_id), "type": 1, "recipients": [user]}
        if message is not None:
            payload["message"] = message
        return payload

    async def dispatch(self, payload: dict[str, Any]) -> list[Call]:
        """Feed one interaction; return the calls the bot made while handling it."""
        before = len(self.calls)
        baseline = set(asyncio.all_tasks())
        self.bot._connection.parse_interaction_create(payload)
        await self.settle(baseline)
        return self.calls[before:]

    async def settle(self, baseline: set[asyncio.Task[Any]] | None = None, timeout: float = 10.0) -> None:
        """Wait until every task started by the dispatch has finished, then deliver what
        the outbox holds that is due (the bot's own loop does that when it runs for real)."""
        await self._settle_tasks(baseline, timeout)
        poster = getattr(self.bot, "_poster", None)
        if self.deliver_outbox and poster is not None and not self.bot.is_closed():
            await poster.run_pending()
            await self._settle_tasks(baseline, timeout)

    async def _settle_tasks(self, baseline: set[asyncio.Task[Any]] | None, timeout: float) -> None:
        baseline = baseline or set()
        current = asyncio.current_task()
        for _ in range(100):
            await asyncio.sleep(0)
            pending = [
                t
                for t in asyncio.all_tasks()
                if t is not current and t not in baseline and not t.done() and not _is_timer(t)
            ]
            if not pending:
                return
            await asyncio.wait(pending, timeout=timeout)

    def _options(self, command: Any, values: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        options: list[dict[str, Any]] = []
        resolved: dict[str, Any] = {}
        for name, value in values.items():
            parameter = command.get_parameter(name)
            if parameter is None:
                raise KeyError(f"/{command.qualified_name} has no option {name!r}")
            kind = parameter.type.value
            if kind == 7:  # channel
                channel_id = int(value)
                resolved.setdefault("channels", {})[str(channel_id)] = {
                    "id": str(channel_id),
                    "type": 0,
                    "name": "daily",
                    "permissions": str(ALL_PERMISSIONS),
                }
                value = str(channel_id)
            elif kind == 6:  # user or member
                user_id = int(value)
                resolved.setdefault("users", {})[str(user_id)] = {
                    "id": str(user_id),
                    "username": f"member{user_id % 1000}",
                    "discriminator": "0",
                    "avatar": None,
                }
                value = str(user_id)
            elif kind == 8:  # role, as Discord resolves it (with its position and managed flag)
                role_id = int(value)
                resolved.setdefault("roles", {})[str(role_id)] = self.role_payloads.get(role_id) or role_payload(
                    role_id
                )
                value = str(role_id)
            options.append({"name": name, "type": kind, "value": value})
        return options, resolved

    def _command(self, path: str) -> tuple[Any, list[str]]:
        names = path.split()
        command = self.bot.tree.get_command(names[0])
        if command is None:
            raise KeyError(f"no slash command /{names[0]}")
        for name in names[1:]:
            command = command.get_command(name)  # type: ignore[union-attr]
            if command is None:
                raise KeyError(f"no slash command /{path}")
        return command, names

    def _command_data(self, path: str, values: dict[str, Any], focused: str | None = None) -> dict[str, Any]:
        command, names = self._command(path)
        options, resolved = self._options(command, values)
        if focused is not None:
            for option in options:
                if option["name"] == focused:
                    option["focused"] = True
        for name in reversed(names[1:]):
            options = [{"name": name, "type": 1 if name == names[-1] else 2, "options": options}]
        data = {"id": str(snowflake()), "name": names[0], "type": 1, "options": options}
        if resolved:
            data["resolved"] = resolved
        return data

    async def slash(
        self,
        path: str,
        *,
        user_id: int = 1001,
        guild_id: int | None = GUILD_ID,
        channel_id: int = CHANNEL_ID,
        permissions: int = MEMBER_PERMISSIONS,
        app_permissions: int = ALL_PERMISSIONS,
        **values: Any,
    ) -> list[Call]:
        """Run ``/path`` ("interview start") with option values, as a member would."""
        return await self.dispatch(
            self.slash_payload(
                path,
                user_id=user_id,
                guild_id=guild_id,
                channel_id=channel_id,
                permissions=permissions,
                app_permissions=app_permissions,
                **values,
            )
        )

    def slash_payload(
        self,
        path: str,
        *,
        user_id: int = 1001,
        guild_id: int | None = GUILD_ID,
        channel_id: int = CHANNEL_ID,
        permissions: int = MEMBER_PERMISSIONS,
        app_permissions: int = ALL_PERMISSIONS,
        **values: Any,
    ) -> dict[str, Any]:
        data = self._command_data(path, values)
        return self._base(
            2,
            data,
            user_id=user_id,
            guild_id=guild_id,
            channel_id=channel_id,
            permissions=permissions,
            app_permissions=app_permissions,
        )

    async def autocomplete(
        self, path: str, focused: str, *, user_id: int = 1001, guild_id: int | None = GUILD_ID, **values: Any
    ) -> list[dict[str, Any]]:
        data = self._command_data(path, values, focused=focused)
        calls = await self.dispatch(
            self._base(
                4, data, user_id=user_id, guild_id=guild_id, channel_id=CHANNEL_ID, permissions=MEMBER_PERMISSIONS
            )
        )
        assert len(calls) == 1 and calls[0].callback_type == 8, calls
        return (calls[0].json or {})["data"]["choices"]

    def message_payload(self, call: Call) -> dict[str, Any]:
        """The message a recorded call created or edited, as Discord attaches it to a click."""
        if call.message_id is None:
            raise AssertionError(f"{call.method} {call.path} created no message")
        return self.recorder.messages[call.message_id]

    def click_payload(
        self,
        custom_id: str,
        *,
        message: dict[str, Any] | None = None,
        user_id: int = 1001,
        guild_id: int | None = GUILD_ID,
        channel_id: int = CHANNEL_ID,
        permissions: int = MEMBER_PERMISSIONS,
    ) -> dict[str, Any]:
        """The interaction Discord sends when a member presses the button ``custom_id``."""
        message = message or self.recorder.message({}, channel_id)
        self.recorder.clicked_message_id = int(message["id"])
        data = {"custom_id": custom_id, "component_type": 2}
        return self._base(
            3, data, user_id=user_id, guild_id=guild_id, channel_id=channel_id, permissions=permissions, message=message
        )

    async def click(self, custom_id: str, **kwargs: Any) -> list[Call]:
        """Press a button with ``custom_id`` on ``message`` (a fabricated one when None)."""
        return await self.dispatch(self.click_payload(custom_id, **kwargs))

    async def together(self, payloads: list[dict[str, Any]]) -> list[list[Call]]:
        """Feed several interactions at once, all in flight before any is handled.

        Every payload is parsed (discord.py schedules its handler as a task) before the
        loop runs any of them, so handlers interleave at every await, as they do when
        Discord delivers many interactions in the same second. Returns each one's calls,
        told apart by the interaction token they answer to or the order of bot calls.
        """
        before = len(self.calls)
        baseline = set(asyncio.all_tasks())
        for payload in payloads:
            self.bot._connection.parse_interaction_create(payload)
        await self.settle(baseline)
        made = self.calls[before:]
        return [
            [call for call in made if payload["token"] in call.url or payload["id"] in call.url] for payload in payloads
        ]

    async def submit_modal(self, modal_call: Call, values: dict[str, Any] | list[Any], **kwargs: Any) -> list[Call]:
        """Submit the modal the bot opened in ``modal_call`` with text for its inputs (see ``modal_payload``)."""
        return await self.dispatch(self.modal_payload(modal_call, values, **kwargs))

    def modal_payload(
        self,
        modal_call: Call,
        values: dict[str, Any] | list[Any],
        *,
        user_id: int = 1001,
        guild_id: int | None = GUILD_ID,
        channel_id: int = CHANNEL_ID,
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The interaction of submitting the modal the bot opened in ``modal_call``.

        ``values`` maps input custom_ids to text, or lists texts in input order (a checkbox
        group takes the list of values ticked, or one value). Pass the
        ``message`` whose button opened the modal: Discord sends it along, and the bot may
        then edit it in place.
        """
        assert modal_call.callback_type == 9, f"not a modal: {modal_call}"
        modal = modal_call.body
        components = []
        ordered = list(values) if isinstance(values, list) else None
        for index, row in enumerate(modal["components"]):
            inner = row["component"] if row["type"] == 18 else row["components"][0]
            text = ordered[index] if ordered is not None else values[inner["custom_id"]]  # type: ignore[index]
            filled: dict[str, Any] = {"type": inner["type"], "custom_id": inner["custom_id"]}
            if inner["type"] in (3, 22):  # a select or checkbox group sends the values chosen
                filled["values"] = list(text) if isinstance(text, list | tuple) else [text] if text else []
            else:
                filled["value"] = text
            components.append(
                {"type": 18, "component": filled} if row["type"] == 18 else {"type": 1, "components": [filled]}
            )
        data = {"custom_id": modal["custom_id"], "components": components}
        if message is not None:
            self.recorder.clicked_message_id = int(message["id"])
        return self._base(
            5,
            data,
            user_id=user_id,
            guild_id=guild_id,
            channel_id=channel_id,
            permissions=MEMBER_PERMISSIONS,
            message=message,
        )


def role_payload(
    role_id: int, *, name: str = "role", position: int = 1, permissions: int = 0, managed: bool = False
) -> dict[str, Any]:
    """A role as Discord sends it (in GUILD_CREATE and in a command's resolved data)."""
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "hoist": False,
        "position": position,
        "permissions": str(permissions),
        "managed": managed,
        "mentionable": False,
        "flags": 0,
    }


@asynccontextmanager
async def started_harness(
    settings: Any, clock: Any, bank: Any, grader: Any, recorder: Recorder | None = None
) -> AsyncIterator[DiscordHarness]:
    """A bot whose setup_hook ran (store open, cogs loaded), talking to a recorded Discord.

    Every payload the bot sends is checked against discord-limits.md; a test that made
    the bot send anything over a limit fails here even if it asserted nothing about it.
    Pass the ``recorder`` of a bot that "died" to keep Discord's side across a restart.
    """
    from bot.client import InterviewBot

    bot = InterviewBot(settings, clock=clock, sync_mode="never", bank=bank, grader=grader, background_tasks=False)
    driver = DiscordHarness(bot, recorder=recorder)
    await driver.start()
    try:
        yield driver
    finally:
        await driver.stop()
    assert driver.recorder.violations == [], "payloads over Discord's limits:\n" + "\n".join(driver.recorder.violations)


def _is_timer(task: asyncio.Task[Any]) -> bool:
    """A View's or Modal's timeout timer sleeps for minutes; it is not work to wait for."""
    return "timeout_task_impl" in getattr(task.get_coro(), "__qualname__", "")


def only(calls: list[Call]) -> Call:
    assert len(calls) == 1, f"expected exactly one call, got {len(calls)}: {[c.path for c in calls]}"
    return calls[0]
