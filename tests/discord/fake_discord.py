"""A Discord-compatible server on localhost, for tests that need a real `tutorbot` process.

The offline harness (`harness.py`) drives a bot inside the test process, which is the right tool
for what the bot says. Some behaviour only shows in a process of its own: signal handling, a
thread that keeps the interpreter alive at exit, exit codes, what reaches the log file. For those,
this server speaks enough of Discord's REST API and gateway for `tutorbot run` and `tutorbot sync`:

- REST under `/api/v10`: login (`users/@me`, `oauth2/applications/@me`), channel messages and
  edits, interaction callbacks and follow-ups (the webhook routes), command sync;
- a gateway websocket: HELLO, IDENTIFY, READY, one GUILD_CREATE, heartbeat ACKs, and any
  dispatch the test sends (`slash` builds an INTERACTION_CREATE like Discord's).

The child process reaches it through `fake_discord_shim/sitecustomize.py` (put on PYTHONPATH by
`child_env`), which points discord.py's REST base and default gateway at this server. Payloads
are uncompressed JSON text frames, which discord.py accepts alongside compressed ones.

The server runs on its own event loop in a thread, so a test can block on a child process (or
call `bot.cli.main`, which runs its own loop) while the server answers. Requests it cannot answer
get a 404 and are listed in `unhandled`; a test should assert that list is empty.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from aiohttp import WSMsgType, web
from harness import BOT_PERMISSIONS, DEFAULT_PERMISSIONS, MODERATOR_PERMISSIONS, _iso, _user_json, snowflake

SHIM_DIR = Path(__file__).resolve().with_name("fake_discord_shim")
API = "/api/v10"
FAKE_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMA.GfakeD.fakefakefakefakefakefakefakefakefake00"


@dataclass
class Seen:
    """One REST request the bot made: `key` is "METHOD /template" as in harness.Request."""

    method: str
    path: str
    key: str
    params: dict[str, str]
    json: Any
    at: float = field(default_factory=time.monotonic)


# (method, template) in matching order; templates use the names harness.py uses.
_ROUTES = [
    ("GET", "/users/@me"),
    ("GET", "/oauth2/applications/@me"),
    ("GET", "/gateway/bot"),
    ("GET", "/gateway"),
    ("POST", "/channels/{channel_id}/messages"),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"),
    ("GET", "/channels/{channel_id}/messages/{message_id}"),
    ("POST", "/interactions/{interaction_id}/{interaction_token}/callback"),
    ("POST", "/webhooks/{webhook_id}/{webhook_token}"),
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
    ("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
    ("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
    ("PUT", "/applications/{application_id}/commands"),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"),
    ("GET", "/applications/{application_id}/commands"),
    ("GET", "/applications/{application_id}/guilds/{guild_id}/commands"),
]


def _match(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    for m, template in _ROUTES:
        if m != method:
            continue
        pattern = "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "$"
        found = re.match(pattern, path)
        if found:
            return template, found.groupdict()
    return None


class FakeDiscord:
    """One application, one server ("Study Group") with a #general channel, a learner and a moderator."""

    def __init__(self) -> None:
        self.application_id = snowflake()
        self.bot_id = self.application_id
        self.guild_id = snowflake()
        self.channel_id = snowflake()
        self.everyone_role = self.guild_id
        self.mod_role = snowflake()
        self.bot_role = snowflake()
        self.learner_id = snowflake()
        self.moderator_id = snowflake()
        self.requests: list[Seen] = []
        self.unhandled: list[str] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.callbacks: list[dict[str, Any]] = []
        self.identified = threading.Event()
        self.identified_shards: list[list[int] | None] = []  # what each IDENTIFY asked for
        self.gateway_closed = threading.Event()
        self.close_code: int | None = None
        self._originals: dict[str, int] = {}
        self._seq = 0
        self._ws: web.WebSocketResponse | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway/"

    def start(self) -> "FakeDiscord":
        started = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            loop.run_until_complete(self._serve())
            started.set()
            loop.run_forever()
            loop.run_until_complete(self._runner.cleanup() if self._runner else asyncio.sleep(0))
            loop.close()

        self._thread = threading.Thread(target=run, name="fake-discord", daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the fake Discord server did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    def __enter__(self) -> "FakeDiscord":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    async def _serve(self) -> None:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_get("/gateway/", self._gateway)
        # The URL `GET /gateway/bot` hands out (an AutoShardedBot connects there, without a slash).
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def child_env(self, data_dir: Path, **extra: str) -> dict[str, str]:
        """The environment for a `tutorbot` child that talks to this server."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        repo = str(Path(__file__).resolve().parents[2])
        env.update({
            "PYTHONPATH": os.pathsep.join([str(SHIM_DIR), repo]),
            "FAKE_DISCORD_API": self.base_url,
            "FAKE_DISCORD_GATEWAY": self.gateway_url,
            "DISCORD_TOKEN": FAKE_TOKEN,
            "TUTOR_DATA_DIR": str(data_dir),
            "PYTHONUNBUFFERED": "1",
        })
        env.update(extra)
        return env

    # -- what the test waits for and sends ---------------------------------------------------------
    def wait_for(self, predicate: Callable[[], Any], timeout: float, what: str) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; requests: "
                             f"{[r.key for r in self.requests][-15:]}; unhandled: {self.unhandled}")

    def posted(self, channel_id: int | None = None) -> list[dict[str, Any]]:
        """Messages in a channel (bot posts and interaction replies), oldest first."""
        channel = str(channel_id or self.channel_id)
        return [m for m in self.messages.values() if m["channel_id"] == channel]

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send one gateway dispatch (op 0) to the connected bot."""
        if self._loop is None or self._ws is None:
            raise AssertionError("no bot is connected to the gateway")
        future = asyncio.run_coroutine_threadsafe(self._send_dispatch(event, data), self._loop)
        future.result(10)

    def slash(self, user_id: int, name: str, subcommand: str | None = None, **options: Any) -> int:
        """An INTERACTION_CREATE for `/name [subcommand] option:value...` in #general; returns its id."""
        kinds = {bool: 5, int: 4, float: 10, str: 3}
        opts = [{"name": k, "type": kinds[type(v)], "value": v} for k, v in options.items()]
        data: dict[str, Any] = {"id": str(snowflake()), "name": name, "type": 1}
        data["options"] = [{"name": subcommand, "type": 1, "options": opts}] if subcommand else opts
        iid = snowflake()
        member = self._member_json(user_id)
        payload = {
            "id": str(iid), "application_id": str(self.application_id), "type": 2, "token": f"itoken-{iid}",
            "version": 1, "guild_id": str(self.guild_id), "channel_id": str(self.channel_id),
            "channel": self._channel_json(), "guild": {"id": str(self.guild_id), "locale": "en-US", "features": []},
            "member": member, "app_permissions": str(BOT_PERMISSIONS.value), "locale": "en-US",
            "guild_locale": "en-US", "entitlements": [], "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0, "attachment_size_limit": 10 * 1024 * 1024, "data": data,
        }
        self.dispatch("INTERACTION_CREATE", payload)
        return iid

    # -- JSON shapes -------------------------------------------------------------------------------
    def _bot_user(self) -> dict[str, Any]:
        return _user_json(self.bot_id, "Tutor", bot=True)

    def _channel_json(self) -> dict[str, Any]:
        return {"id": str(self.channel_id), "type": 0, "name": "general", "guild_id": str(self.guild_id),
                "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None,
                "rate_limit_per_user": 0, "topic": None, "last_message_id": None, "flags": 0}

    def _role_json(self, role_id: int, name: str, permissions: int, position: int) -> dict[str, Any]:
        return {"id": str(role_id), "name": name, "permissions": str(permissions), "position": position, "color": 0,
                "hoist": False, "managed": False, "mentionable": False, "flags": 0}

    def _member_json(self, user_id: int) -> dict[str, Any]:
        moderator = user_id == self.moderator_id
        bot = user_id == self.bot_id
        roles = [self.mod_role] if moderator else [self.bot_role] if bot else []
        perms = MODERATOR_PERMISSIONS if moderator else BOT_PERMISSIONS if bot else DEFAULT_PERMISSIONS
        name = "Tutor" if bot else "mod" if moderator else "ann"
        return {"user": _user_json(user_id, name, bot=bot), "roles": [str(r) for r in roles], "joined_at": _iso(),
                "deaf": False, "mute": False, "flags": 0, "nick": None, "avatar": None, "pending": False,
                "permissions": str(perms.value)}

    def _guild_json(self) -> dict[str, Any]:
        return {
            "id": str(self.guild_id), "name": "Study Group", "icon": None, "owner_id": str(snowflake()),
            "unavailable": False, "member_count": 3, "large": False, "features": [], "emojis": [], "stickers": [],
            "roles": [self._role_json(self.everyone_role, "@everyone", DEFAULT_PERMISSIONS.value, 0),
                      self._role_json(self.mod_role, "Moderators", MODERATOR_PERMISSIONS.value, 1),
                      self._role_json(self.bot_role, "Tutor", BOT_PERMISSIONS.value, 2)],
            "channels": [self._channel_json()], "threads": [], "members": [self._member_json(self.bot_id)],
            "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
            "mfa_level": 0, "premium_tier": 0, "preferred_locale": "en-US", "system_channel_flags": 0,
            "nsfw_level": 0, "premium_progress_bar_enabled": False, "joined_at": _iso(),
        }

    def _message(self, channel_id: str, payload: dict[str, Any], *, interaction_id: str | None = None) -> dict[str, Any]:
        msg = {
            "id": str(snowflake()), "channel_id": channel_id, "guild_id": str(self.guild_id),
            "author": self._bot_user(), "content": payload.get("content") or "", "timestamp": _iso(),
            "edited_timestamp": None, "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": payload.get("embeds") or [], "components": payload.get("components") or [],
            "pinned": False, "type": 0, "flags": int(payload.get("flags") or 0),
        }
        if interaction_id is not None:
            msg["webhook_id"] = str(self.application_id)
            msg["application_id"] = str(self.application_id)
        self.messages[int(msg["id"])] = msg
        return msg

    def _edit(self, message_id: int, payload: dict[str, Any]) -> dict[str, Any] | None:
        msg = self.messages.get(message_id)
        if msg is None:
            return None
        for key in ("content", "embeds", "components", "flags"):
            if key in payload:
                msg[key] = payload[key] if payload[key] is not None else ("" if key == "content" else [])
        msg["edited_timestamp"] = _iso()
        return msg

    # -- the gateway -------------------------------------------------------------------------------
    async def _send_dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None
        self._seq += 1
        await self._ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            op = frame.get("op")
            if op == 1:  # heartbeat
                await ws.send_str(json.dumps({"op": 11}))
            elif op == 2:  # identify
                shard = (frame.get("d") or {}).get("shard")  # [id, count]; Discord echoes it in READY
                self.identified_shards.append(shard)
                await self._send_dispatch("READY", {
                    "v": 10, "user": self._bot_user(), "guilds": [{"id": str(self.guild_id), "unavailable": True}],
                    "session_id": "fake-session", "resume_gateway_url": self.gateway_url,
                    "application": {"id": str(self.application_id), "flags": 0}, "private_channels": [],
                    "relationships": [], "session_type": "normal", **({"shard": shard} if shard else {}),
                })
                await self._send_dispatch("GUILD_CREATE", self._guild_json())
                self.identified.set()
        self.close_code = ws.close_code
        self._ws = None
        self.gateway_closed.set()
        return ws

    # -- REST --------------------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.content_type == "application/json":
            body = await request.json()
        elif request.content_type.startswith("multipart/"):
            async for part in await request.multipart():
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(await part.text())  # type: ignore[union-attr]
        found = _match(request.method, path)
        if found is None:
            self.unhandled.append(f"{request.method} {path}")
            return _json_response({"message": "404: Not Found", "code": 0}, status=404)
        template, params = found
        seen = Seen(request.method, path, f"{request.method} {template}", params, body)
        self.requests.append(seen)
        result = self._answer(seen, request)
        if result is None:
            return web.Response(status=204)
        if isinstance(result, web.StreamResponse):
            return result
        return _json_response(result)

    def _answer(self, req: Seen, request: web.Request) -> Any:
        p, body = req.params, req.json or {}
        key = req.key
        if key == "GET /users/@me":
            return self._bot_user()
        if key == "GET /oauth2/applications/@me":
            return {"id": str(self.application_id), "name": "Tutor", "description": "", "icon": None,
                    "bot_public": False, "bot_require_code_grant": False, "verify_key": "0" * 64,
                    "owner": _user_json(snowflake(), "owner"), "flags": 0, "team": None}
        if key in ("GET /gateway/bot", "GET /gateway"):
            return {"url": self.gateway_url.rstrip("/"), "shards": 1,
                    "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}}
        if key == "POST /channels/{channel_id}/messages":
            return self._message(p["channel_id"], body)
        if key == "PATCH /channels/{channel_id}/messages/{message_id}":
            return self._edit(int(p["message_id"]), body) or self._not_found()
        if key == "GET /channels/{channel_id}/messages/{message_id}":
            return self.messages.get(int(p["message_id"])) or self._not_found()
        if key == "POST /interactions/{interaction_id}/{interaction_token}/callback":
            self.callbacks.append(body)
            kind, data = int(body.get("type", 0)), body.get("data") or {}
            out: dict[str, Any] = {"interaction": {"id": p["interaction_id"], "type": 2,
                                                   "response_message_loading": kind == 5,
                                                   "response_message_ephemeral": bool(int(data.get("flags") or 0) & 64)},
                                   "resource": {"type": kind}}
            if kind in (4, 5):
                msg = self._message(str(self.channel_id), data if kind == 4 else {"flags": data.get("flags", 0)},
                                    interaction_id=p["interaction_id"])
                self._originals[p["interaction_token"]] = int(msg["id"])
                out["interaction"]["response_message_id"] = msg["id"]
                out["resource"]["message"] = msg
            return out
        if key == "POST /webhooks/{webhook_id}/{webhook_token}":
            return self._message(str(self.channel_id), body, interaction_id="followup")
        if key.startswith(("PATCH /webhooks", "GET /webhooks", "DELETE /webhooks")):
            raw = p["message_id"]
            message_id = self._originals.get(p["webhook_token"]) if raw == "@original" else int(raw)
            if message_id is None or message_id not in self.messages:
                return self._not_found()
            if req.method == "DELETE":
                self.messages.pop(message_id, None)
                return None
            return self._edit(message_id, body) if req.method == "PATCH" else self.messages[message_id]
        if key.startswith("PUT /applications/"):
            return [{**cmd, "id": str(snowflake()), "application_id": str(self.application_id),
                     "version": str(snowflake()), "guild_id": p.get("guild_id")} for cmd in body or []]
        if key.startswith("GET /applications/"):
            return []
        raise AssertionError(f"route {key} is listed but not answered")

    @staticmethod
    def _not_found() -> web.Response:
        return _json_response({"message": "Unknown Message", "code": 10008}, status=404)


def _json_response(data: Any, status: int = 200) -> web.Response:
    """Discord's exact content type: discord.py parses a body as JSON only for `application/json`
    with no charset parameter (aiohttp's `json_response` adds one)."""
    return web.Response(body=json.dumps(data).encode("utf-8"), status=status,
                        headers={"Content-Type": "application/json"})

