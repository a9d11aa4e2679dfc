"""An offline Discord for tests: real discord.py objects, a fake wire.

Why this shape: mocking `Interaction` objects tests our assumptions about discord.py rather than
discord.py itself. Here every interaction starts as the JSON payload Discord would send; the
library's own `ConnectionState.parse_interaction_create` turns it into an `Interaction` and hands
it to the bot's real `CommandTree` or view store, exactly as the gateway would. Only the two
places where bytes would leave the process are replaced:

- `discord.http.HTTPClient.request` (channel messages, threads, reactions, command sync, ...), by
  `RecordingHTTP`;
- the webhook adapter's `request` (interaction callbacks, follow-ups, edits of the original
  response), which discord.py reaches through the `async_context` context variable, by patching
  the default adapter instance for the life of the harness.

Both feed one `Recorder`, which keeps every request, answers with the JSON Discord would return
(message objects with fresh snowflakes, thread channels, callback resources) and keeps a small
model of the messages that exist, so edits, follow-ups and button presses on earlier messages work.
Like Discord, it refuses payloads over the documented limits with a 400 (and the test fails at
`assert_all_handled`), and the first follow-up after a "thinking" defer replaces that message.
Faults (429 or 5xx) can be injected for the next matching request.

The world holds several guilds (roles, channels, threads), members with or without Manage Server,
direct-message users, uploaded attachments (served when the bot calls `attachment.read()`), and
survives a restart: `DiscordHarness(new_bot, after=old)` is a new process facing the same Discord.

Known simplifications: discord.py's own rate-limit retry loop is bypassed (an injected 429 surfaces
as if its retries were exhausted), and gateway events other than guild, channel, role, thread,
message and interaction creation (and channel deletion) are not modelled.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import io
import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

import discord
from discord import app_commands
from discord.http import HTTPClient, Route
from discord.webhook.async_ import async_context

API_BASE = Route.BASE
DEFAULT_PERMISSIONS = discord.Permissions(
    view_channel=True, send_messages=True, send_messages_in_threads=True, create_public_threads=True,
    read_message_history=True, add_reactions=True, use_application_commands=True, attach_files=True,
    embed_links=True,
)
MODERATOR_PERMISSIONS = DEFAULT_PERMISSIONS | discord.Permissions(manage_guild=True)
BOT_PERMISSIONS = DEFAULT_PERMISSIONS | discord.Permissions(manage_threads=True)

_ids = itertools.count(1_100_000_000_000_000_000)


def snowflake() -> int:
    return next(_ids)


def _iso(when: dt.datetime | None = None) -> str:
    return (when or dt.datetime.now(dt.timezone.utc)).isoformat()


def _user_json(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name,
            "avatar": None, "bot": bot, "public_flags": 0}


class FaultResponse:
    """What `discord.HTTPException` reads from a failed aiohttp response."""

    def __init__(self, status: int, reason: str):
        self.status = status
        self.reason = reason
        self.headers: dict[str, str] = {}


@dataclass
class Fault:
    status: int
    method: str | None
    path: str | None  # a substring of the route template, e.g. "/messages"
    times: int

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (self.path is None or self.path in path)


@dataclass
class SentFile:
    filename: str
    data: bytes


@dataclass
class Request:
    """One request the bot made; `via` is "http" (bot token) or "webhook" (interaction token)."""

    via: str
    method: str
    path: str  # the route template, e.g. "/channels/{channel_id}/messages"
    url: str
    params: dict[str, str]
    json: Any
    files: list[SentFile]
    query: dict[str, Any] | None
    response: Any = None
    error: int | None = None

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class Message:
    """The recorder's view of one message as it now stands (after any edits)."""

    data: dict[str, Any]
    files: list[SentFile] = field(default_factory=list)
    interaction_id: int | None = None
    visible_to: int | None = None  # user id for ephemeral messages
    edits: int = 0

    @property
    def id(self) -> int:
        return int(self.data["id"])

    @property
    def channel_id(self) -> int:
        return int(self.data["channel_id"])

    @property
    def content(self) -> str:
        return self.data.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.data.get("embeds") or []

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.data.get("flags") or 0) & 64)

    @property
    def text(self) -> str:
        """Content and every embed's visible text, for assertions that do not care about layout."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for fld in embed.get("fields") or []:
                parts += [fld.get("name") or "", fld.get("value") or ""]
            parts.append((embed.get("footer") or {}).get("text") or "")
            parts.append((embed.get("author") or {}).get("name") or "")
        return "\n".join(p for p in parts if p)

    def components(self) -> list[dict[str, Any]]:
        """Every interactive component, flattened out of action rows."""
        out: list[dict[str, Any]] = []

        def walk(items: Iterable[dict[str, Any]]) -> None:
            for item in items:
                if item.get("type") == 1 or "components" in item:
                    walk(item.get("components") or [])
                if item.get("type") in (2, 3, 4, 5, 6, 7, 8) and item.get("custom_id"):
                    out.append(item)

        walk(self.data.get("components") or [])
        return out

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [c for c in self.components() if c.get("type") == 2]

    def button(self, label: str | None = None, *, custom_id: str | None = None, startswith: str | None = None) -> dict[str, Any]:
        for b in self.buttons:
            if label is not None and b.get("label") != label and (b.get("emoji") or {}).get("name") != label:
                continue
            if custom_id is not None and b.get("custom_id") != custom_id:
                continue
            if startswith is not None and not str(b.get("custom_id", "")).startswith(startswith):
                continue
            return b
        found = [(b.get("label") or (b.get("emoji") or {}).get("name"), b.get("custom_id")) for b in self.buttons]
        raise AssertionError(f"no button label={label!r} custom_id={custom_id or startswith!r} in message {self.id}: {found}")


class UnhandledRoute(AssertionError):
    pass


def payload_problems(payload: dict[str, Any] | None, *, kind: str = "message") -> list[str]:
    """What Discord would refuse with 400 Invalid Form Body: the documented size limits."""
    if not payload:
        return []
    problems: list[str] = []
    if kind == "modal":
        if len(payload.get("title") or "") > 45:
            problems.append("modal title over 45 characters")
        rows = payload.get("components") or []
        if not 1 <= len(rows) <= 5:
            problems.append(f"modal with {len(rows)} components (1-5)")
        for row in rows:
            for comp in row.get("components") or ([row["component"]] if "component" in row else []):
                if len(comp.get("label") or row.get("label") or "") > 45:
                    problems.append("text input label over 45 characters")
        return problems
    if kind == "autocomplete":
        choices = payload.get("choices") or []
        if len(choices) > 25:
            problems.append(f"{len(choices)} autocomplete choices (max 25)")
        problems += [f"choice name over 100: {c['name'][:30]}" for c in choices if len(c.get("name", "")) > 100]
        problems += [f"choice value over 100: {str(c['value'])[:30]}" for c in choices if len(str(c.get("value", ""))) > 100]
        return problems
    content = payload.get("content") or ""
    if len(content) > 2000:
        problems.append(f"content of {len(content)} characters (max 2000)")
    embeds = payload.get("embeds") or []
    if len(embeds) > 10:
        problems.append(f"{len(embeds)} embeds (max 10)")
    total = 0
    for e in embeds:
        sizes = {"title": (len(e.get("title") or ""), 256), "description": (len(e.get("description") or ""), 4096),
                 "footer": (len((e.get("footer") or {}).get("text") or ""), 2048),
                 "author": (len((e.get("author") or {}).get("name") or ""), 256),
                 "fields": (len(e.get("fields") or []), 25)}
        for name, (size, limit) in sizes.items():
            if size > limit:
                problems.append(f"embed {name} of {size} (max {limit})")
        for f in e.get("fields") or []:
            if len(f.get("name") or "") > 256 or len(f.get("value") or "") > 1024:
                problems.append("embed field over 256/1024")
            if not f.get("name") or not f.get("value"):
                problems.append("embed field with an empty name or value")
        total += sum(v[0] for k, v in sizes.items() if k != "fields")
        total += sum(len(f.get("name") or "") + len(f.get("value") or "") for f in e.get("fields") or [])
    if total > 6000:
        problems.append(f"embeds total {total} characters (max 6000)")
    rows = payload.get("components") or []
    if len(rows) > 5:
        problems.append(f"{len(rows)} action rows (max 5)")
    for row in rows:
        children = row.get("components") or []
        if row.get("type") == 1 and len(children) > 5:
            problems.append(f"{len(children)} components in a row (max 5)")
        for c in children:
            if len(c.get("label") or "") > 80:
                problems.append("button label over 80 characters")
            if len(c.get("custom_id") or "") > 100:
                problems.append("custom_id over 100 characters")
    return problems


class Recorder:
    """Answers every request like Discord would and remembers what happened."""

    def __init__(self, world: "World"):
        self.world = world
        self.requests: list[Request] = []
        self.messages: dict[int, Message] = {}
        self.faults: list[Fault] = []
        self.unhandled: list[str] = []
        self.violations: list[str] = []  # payloads Discord would have refused (400)
        self.cdn: dict[str, bytes] = {}
        self.originals: dict[str, int] = {}  # interaction token -> id of its original response message
        self.tokens: dict[str, "PendingInteraction"] = {}

    # -- faults --------------------------------------------------------------------------------
    def fail_next(self, status: int, *, method: str | None = None, path: str | None = None, times: int = 1) -> None:
        """The next `times` matching requests fail with HTTP `status` (429, 500, 503...)."""
        self.faults.append(Fault(status, method, path, times))

    def _maybe_fail(self, req: Request) -> None:
        for fault in self.faults:
            if fault.times > 0 and fault.matches(req.method, req.path):
                fault.times -= 1
                req.error = fault.status
                response = FaultResponse(fault.status, "Too Many Requests" if fault.status == 429 else "Server Error")
                body = {"message": "injected fault", "code": 0}
                if fault.status >= 500:
                    raise discord.DiscordServerError(response, body)  # type: ignore[arg-type]
                raise discord.HTTPException(response, body)  # type: ignore[arg-type]

    def _check(self, req: Request, payload: dict[str, Any] | None, kind: str = "message") -> None:
        problems = payload_problems(payload, kind=kind)
        if problems:
            req.error = 400
            self.violations += [f"{req.key}: {p}" for p in problems]
            raise discord.HTTPException(FaultResponse(400, "Bad Request"),  # type: ignore[arg-type]
                                        {"message": "Invalid Form Body", "code": 50035})

    # -- helpers -------------------------------------------------------------------------------
    def find(self, key: str) -> list[Request]:
        """Requests whose "METHOD /template" contains `key`."""
        return [r for r in self.requests if key in r.key]

    def channel_messages(self, channel_id: int) -> list[Message]:
        """Every message in a channel, interaction replies included, oldest first."""
        return [m for m in self.messages.values() if m.channel_id == channel_id]

    def bot_posts(self, channel_id: int) -> list[Message]:
        """Messages the bot posted with its own token (not as an interaction reply)."""
        return [m for m in self.channel_messages(channel_id) if m.interaction_id is None]

    def _message_json(self, channel_id: int, payload: dict[str, Any], files: Sequence[SentFile], *,
                      webhook: bool, interaction: "PendingInteraction | None" = None) -> dict[str, Any]:
        world = self.world
        channel = world.channels.get(channel_id)
        data: dict[str, Any] = {
            "id": str(snowflake()),
            "channel_id": str(channel_id),
            "author": _user_json(world.bot_user_id, world.bot_name, bot=True),
            "content": payload.get("content") or "",
            "timestamp": _iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [self._attachment_json(f) for f in files],
            "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": int(payload.get("flags") or 0),
        }
        if channel is not None and channel.guild_id:
            data["guild_id"] = str(channel.guild_id)
        if webhook:
            data["webhook_id"] = str(world.application_id)
            data["application_id"] = str(world.application_id)
        if interaction is not None:
            data["interaction_metadata"] = {"id": str(interaction.id), "type": interaction.type,
                                            "user": _user_json(interaction.user_id, "user")}
        return data

    def _attachment_json(self, f: SentFile) -> dict[str, Any]:
        att_id = snowflake()
        url = f"https://cdn.discordapp.com/attachments/sent/{att_id}/{f.filename}"
        self.cdn[url] = f.data
        return {"id": str(att_id), "filename": f.filename, "size": len(f.data), "url": url, "proxy_url": url}

    def _store(self, data: dict[str, Any], files: Sequence[SentFile], *, interaction: "PendingInteraction | None") -> Message:
        msg = Message(data, list(files), interaction.id if interaction else None,
                      interaction.user_id if interaction and int(data.get("flags") or 0) & 64 else None)
        self.messages[msg.id] = msg
        return msg

    def _edit(self, message_id: int, payload: dict[str, Any] | None, files: Sequence[SentFile]) -> dict[str, Any]:
        msg = self.messages.get(message_id)
        if msg is None:
            raise UnhandledRoute(f"edit of unknown message {message_id}")
        payload = payload or {}
        for key in ("content", "embeds", "components", "flags"):
            if key in payload:
                msg.data[key] = payload[key] if payload[key] is not None else ([] if key != "content" else "")
        if "attachments" in payload or files:
            keep = {str(a.get("id")) for a in payload.get("attachments") or []}
            msg.data["attachments"] = [a for a in msg.data["attachments"] if str(a["id"]) in keep]
            msg.data["attachments"] += [self._attachment_json(f) for f in files]
            msg.files = list(files) or msg.files
        msg.data["edited_timestamp"] = _iso()
        msg.edits += 1
        return dict(msg.data)

    # -- the bot-token API ---------------------------------------------------------------------
    def handle_http(self, req: Request) -> Any:
        world = self.world
        p = req.params
        key = req.key
        if "channel_id" in p and int(p["channel_id"]) in world.deleted_channels:
            raise discord.NotFound(FaultResponse(404, "Not Found"), {"message": "Unknown Channel", "code": 10003})  # type: ignore[arg-type]
        if key == "POST /users/@me/channels":  # open (or find) the DM channel with a user
            user_id = int((req.json or {})["recipient_id"])
            dm = world.dm_channels.get(user_id)
            if dm is None:
                dm = FakeChannel(snowflake(), 0, world.users.get(user_id, "user"), type=1, owner_id=user_id)
                world.channels[dm.id] = dm
                world.dm_channels[user_id] = dm
            return dm.json()
        if (key == "POST /channels/{channel_id}/messages"
                and any(dm.id == int(p["channel_id"]) for u, dm in world.dm_channels.items() if u in world.closed_dms)):
            raise discord.Forbidden(FaultResponse(403, "Forbidden"),  # type: ignore[arg-type]
                                    {"message": "Cannot send messages to this user", "code": 50007})
        if key == "GET /users/@me":
            return _user_json(world.bot_user_id, world.bot_name, bot=True)
        if key == "GET /oauth2/applications/@me":
            return {"id": str(world.application_id), "name": world.bot_name, "description": "", "icon": None,
                    "bot_public": False, "bot_require_code_grant": False, "verify_key": "0" * 64,
                    "owner": _user_json(world.owner_id, "owner"), "flags": 0, "team": None}
        if key in ("POST /channels/{channel_id}/messages", "PATCH /channels/{channel_id}/messages/{message_id}"):
            self._check(req, req.json)
        if key == "POST /channels/{channel_id}/messages":
            data = self._message_json(int(p["channel_id"]), req.json or {}, req.files, webhook=False)
            return dict(self._store(data, req.files, interaction=None).data)
        if key in ("PATCH /channels/{channel_id}/messages/{message_id}",):
            return self._edit(int(p["message_id"]), req.json, req.files)
        if key == "GET /channels/{channel_id}/messages/{message_id}":
            msg = self.messages.get(int(p["message_id"]))
            if msg is None:
                raise discord.NotFound(FaultResponse(404, "Not Found"), {"message": "Unknown Message", "code": 10008})  # type: ignore[arg-type]
            return dict(msg.data)
        if key == "DELETE /channels/{channel_id}/messages/{message_id}":
            self.messages.pop(int(p["message_id"]), None)
            return None
        if key.startswith(("PUT /channels/{channel_id}/messages/{message_id}/reactions",
                           "DELETE /channels/{channel_id}/messages/{message_id}/reactions")):
            return None
        if key == "POST /channels/{channel_id}/messages/{message_id}/threads":
            return world.open_thread(int(p["channel_id"]), (req.json or {}).get("name", "thread"), int(p["message_id"]))
        if key == "POST /channels/{channel_id}/threads":
            return world.open_thread(int(p["channel_id"]), (req.json or {}).get("name", "thread"), None)
        if key == "POST /channels/{channel_id}/typing":
            return None
        if key == "GET /channels/{channel_id}":
            ch = world.channels.get(int(p["channel_id"]))
            if ch is None:
                raise discord.NotFound(FaultResponse(404, "Not Found"), {"message": "Unknown Channel", "code": 10003})  # type: ignore[arg-type]
            return ch.json()
        if key in ("PUT /applications/{application_id}/commands",
                   "PUT /applications/{application_id}/guilds/{guild_id}/commands"):
            out = []
            for cmd in req.json or []:
                out.append({**cmd, "id": str(snowflake()), "application_id": str(world.application_id),
                            "version": str(snowflake()), "guild_id": p.get("guild_id")})
            return out
        if key.startswith("GET /applications/{application_id}") and key.endswith("/commands"):
            return []
        raise UnhandledRoute(f"the harness has no answer for {key} ({req.url})")

    # -- the interaction-token (webhook) API -----------------------------------------------------
    def handle_webhook(self, req: Request) -> Any:
        p = req.params
        key = req.key
        token = p.get("webhook_token", "")
        pending = self.tokens.get(token)
        if pending is None:
            raise UnhandledRoute(f"webhook request with unknown interaction token: {key}")
        if key == "POST /interactions/{webhook_id}/{webhook_token}/callback":
            return self._callback(pending, req)
        if key.startswith(("POST /webhooks", "PATCH /webhooks")):
            self._check(req, req.json)
        if key == "POST /webhooks/{webhook_id}/{webhook_token}":  # follow-up
            if pending.loading_message_id is not None:
                # Discord: the first follow-up after a "thinking" defer replaces that message.
                message_id, pending.loading_message_id = pending.loading_message_id, None
                payload = {k: v for k, v in (req.json or {}).items() if k != "flags"}
                return self._edit(message_id, {"content": "", "embeds": [], "components": [], **payload}, req.files)
            data = self._message_json(pending.channel_id, req.json or {}, req.files, webhook=True, interaction=pending)
            msg = self._store(data, req.files, interaction=pending)
            pending.message_ids.append(msg.id)
            return dict(msg.data)
        if key.startswith(("GET /webhooks/{webhook_id}/{webhook_token}/messages",
                           "PATCH /webhooks/{webhook_id}/{webhook_token}/messages",
                           "DELETE /webhooks/{webhook_id}/{webhook_token}/messages")):
            raw_id = req.url.rsplit("/", 1)[-1].split("?")[0]
            if raw_id == "@original":
                if token not in self.originals:
                    raise discord.NotFound(FaultResponse(404, "Not Found"), {"message": "Unknown Message", "code": 10008})  # type: ignore[arg-type]
                message_id = self.originals[token]
            else:
                message_id = int(raw_id)
            if req.method == "GET":
                return dict(self.messages[message_id].data)
            if req.method == "DELETE":
                self.messages.pop(message_id, None)
                if message_id == pending.loading_message_id:
                    pending.loading_message_id = None
                return None
            if message_id == pending.loading_message_id:
                pending.loading_message_id = None
            data = self._edit(message_id, req.json, req.files)
            if message_id not in pending.message_ids:
                pending.message_ids.append(message_id)
            return data
        raise UnhandledRoute(f"the harness has no answer for webhook {key}")

    def _callback(self, pending: "PendingInteraction", req: Request) -> dict[str, Any]:
        payload = req.json or {}
        kind = int(payload.get("type", 0))
        data = payload.get("data") or {}
        self._check(req, data, {9: "modal", 8: "autocomplete"}.get(kind, "message"))
        pending.callbacks.append(payload)
        interaction = {"id": str(pending.id), "type": pending.type, "response_message_loading": kind == 5,
                       "response_message_ephemeral": bool(int(data.get("flags") or 0) & 64)}
        resource: dict[str, Any] = {"type": kind}
        if kind in (4, 5):  # a new message (5: "thinking", filled later by editing @original)
            msg_json = self._message_json(pending.channel_id, data if kind == 4 else {"flags": data.get("flags", 0)},
                                          req.files, webhook=True, interaction=pending)
            msg = self._store(msg_json, req.files, interaction=pending)
            self.originals[pending.token] = msg.id
            pending.message_ids.append(msg.id)
            if kind == 5:
                pending.loading_message_id = msg.id
            interaction["response_message_id"] = str(msg.id)
            resource["message"] = dict(msg.data)
        elif kind in (6, 7) and pending.message_id is not None:  # acknowledge / update the pressed message
            self.originals[pending.token] = pending.message_id
            if kind == 7:
                resource["message"] = self._edit(pending.message_id, data, req.files)
                if pending.message_id not in pending.message_ids:
                    pending.message_ids.append(pending.message_id)
            interaction["response_message_id"] = str(pending.message_id)
        return {"interaction": interaction, "resource": resource}


def _split_multipart(payload: Any, multipart: Any, files: Any) -> tuple[Any, list[SentFile]]:
    """The JSON part and the files of a request, whichever way discord.py packed them."""
    body = payload
    if multipart:
        for part in multipart:
            if part.get("name") == "payload_json":
                body = json.loads(part["value"])
    sent: list[SentFile] = []
    for f in files or []:
        fp = f.fp
        if isinstance(fp, io.BytesIO):
            data = fp.getvalue()
        else:
            pos = fp.tell()
            data = fp.read()
            fp.seek(pos)
        sent.append(SentFile(f.filename, data))
    return body, sent


def _route_params(route: Route) -> dict[str, str]:
    """Every `{name}` of the route template, read back out of the formatted URL."""
    pattern = "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(route.path)) + "$"
    path = route.url[len(API_BASE):].split("?")[0]
    m = re.match(pattern, path)
    return {k: v for k, v in (m.groupdict() if m else {}).items()}


class RecordingHTTP(HTTPClient):
    """discord.py's HTTP client with the network replaced by the recorder."""

    def __init__(self, recorder: Recorder, loop: asyncio.AbstractEventLoop):
        super().__init__(loop)
        self.recorder = recorder

    async def static_login(self, token: str) -> Any:
        self.token = token
        self._HTTPClient__session = None  # type: ignore[attr-defined]  # never opened: nothing leaves
        return await self.request(Route("GET", "/users/@me"))

    async def request(self, route: Route, *, files: Sequence[discord.File] | None = None,
                      form: Iterable[dict[str, Any]] | None = None, **kwargs: Any) -> Any:
        body, sent = _split_multipart(kwargs.get("json"), form, files)
        req = Request("http", route.method, route.path, route.url, _route_params(route), body, sent, kwargs.get("params"))
        self.recorder.requests.append(req)
        await asyncio.sleep(0)  # a real request yields to the loop; so do we, to surface ordering bugs
        self.recorder._maybe_fail(req)
        try:
            req.response = self.recorder.handle_http(req)
        except UnhandledRoute as exc:
            self.recorder.unhandled.append(str(exc))
            raise
        return req.response

    async def get_from_cdn(self, url: str) -> bytes:
        try:
            return self.recorder.cdn[url]
        except KeyError:
            raise discord.NotFound(FaultResponse(404, "Not Found"), "no such attachment") from None  # type: ignore[arg-type]

    async def close(self) -> None:
        return None


# ---------------------------------------------------------------------------------------------
# The world: guilds, channels, members


@dataclass
class FakeChannel:
    id: int
    guild_id: int
    name: str
    type: int = 0  # 0 text, 11 public thread
    parent_id: int | None = None
    owner_id: int | None = None
    bot_permissions: discord.Permissions | None = None  # what Discord computes for the bot here

    def json(self) -> dict[str, Any]:
        if self.type == 1:  # a direct message channel with one person
            return {"id": str(self.id), "type": 1, "last_message_id": None, "flags": 0,
                    "recipients": [_user_json(self.owner_id or 0, self.name)]}
        data: dict[str, Any] = {"id": str(self.id), "type": self.type, "name": self.name,
                                "guild_id": str(self.guild_id), "position": 0, "permission_overwrites": [],
                                "nsfw": False, "parent_id": str(self.parent_id) if self.parent_id else None,
                                "rate_limit_per_user": 0, "topic": None, "last_message_id": None, "flags": 0}
        if self.type in (10, 11, 12):
            data.update({"owner_id": str(self.owner_id or 0), "message_count": 0, "member_count": 1,
                         "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                             "archive_timestamp": _iso(), "locked": False}})
        return data


@dataclass
class FakeRole:
    id: int
    name: str
    permissions: discord.Permissions

    def json(self, position: int) -> dict[str, Any]:
        return {"id": str(self.id), "name": self.name, "permissions": str(self.permissions.value),
                "position": position, "color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}


@dataclass
class FakeMember:
    id: int
    name: str
    guild_id: int
    roles: list[FakeRole]
    owner: bool = False

    @property
    def permissions(self) -> discord.Permissions:
        value = DEFAULT_PERMISSIONS.value
        for role in self.roles:
            value |= role.permissions.value
        if self.owner:
            return discord.Permissions.all()
        return discord.Permissions(value)

    def json(self) -> dict[str, Any]:
        return {"user": _user_json(self.id, self.name), "roles": [str(r.id) for r in self.roles],
                "joined_at": _iso(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)), "deaf": False, "mute": False,
                "flags": 0, "nick": None, "avatar": None, "pending": False,
                "permissions": str(self.permissions.value)}


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    everyone: FakeRole
    mod_role: FakeRole
    roles: list[FakeRole]
    channel: FakeChannel  # the default text channel
    channels: list[FakeChannel]


@dataclass
class PendingInteraction:
    id: int
    token: str
    type: int
    channel_id: int
    user_id: int
    message_id: int | None = None
    loading_message_id: int | None = None  # a "thinking" message no follow-up or edit has filled yet
    callbacks: list[dict[str, Any]] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)


class World:
    """The state Discord would hold: who and where. Knows nothing about the bot."""

    def __init__(self) -> None:
        self.application_id = snowflake()
        self.bot_user_id = self.application_id  # as for every modern application
        self.bot_name = "Tutor"
        self.owner_id = snowflake()
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.members: dict[tuple[int, int], FakeMember] = {}
        self.users: dict[int, str] = {}
        self.guild_payloads: dict[int, dict[str, Any]] = {}
        self.dm_channels: dict[int, FakeChannel] = {}  # user id -> their DM channel with the bot
        self.closed_dms: set[int] = set()  # users who do not accept DMs from the bot (Discord: 403, 50007)
        self.deleted_channels: set[int] = set()  # channels deleted since: requests to them get 404, 10003
        self.state: Any = None  # the bot's ConnectionState, set by the harness

    def open_thread(self, parent_id: int, name: str, message_id: int | None) -> dict[str, Any]:
        parent = self.channels[parent_id]
        thread = FakeChannel(message_id or snowflake(), parent.guild_id, name, type=11, parent_id=parent_id,
                             owner_id=self.bot_user_id)
        self.channels[thread.id] = thread
        data = thread.json()
        if self.state is not None:  # Discord follows a thread creation with THREAD_CREATE
            self.state.parsers["THREAD_CREATE"]({**data, "newly_created": True})
        return data


@dataclass
class Result:
    """What one interaction caused: its callback(s), its messages and every request made meanwhile."""

    harness: "DiscordHarness"
    pending: PendingInteraction
    requests: list[Request]

    @property
    def callback(self) -> dict[str, Any] | None:
        return self.pending.callbacks[0] if self.pending.callbacks else None

    @property
    def callback_type(self) -> int | None:
        return int(self.callback["type"]) if self.callback else None

    @property
    def messages(self) -> list[Message]:
        """This interaction's messages (original response, follow-ups, updated message), as they stand now."""
        rec = self.harness.recorder
        return [rec.messages[i] for i in self.pending.message_ids if i in rec.messages]

    @property
    def message(self) -> Message:
        msgs = self.messages
        if not msgs:
            raise AssertionError(f"the interaction produced no message; requests: {[r.key for r in self.requests]}")
        return msgs[0]

    @property
    def last(self) -> Message:
        msgs = self.messages
        if not msgs:
            raise AssertionError(f"the interaction produced no message; requests: {[r.key for r in self.requests]}")
        return msgs[-1]

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.messages)

    @property
    def ephemeral(self) -> bool:
        return self.message.ephemeral

    @property
    def modal(self) -> dict[str, Any]:
        cb = self.callback
        if not cb or int(cb["type"]) != 9:
            raise AssertionError(f"no modal was opened; callback: {cb}")
        return cb["data"]

    @property
    def choices(self) -> list[dict[str, Any]]:
        cb = self.callback
        if not cb or int(cb["type"]) != 8:
            raise AssertionError(f"no autocomplete answer; callback: {cb}")
        return cb["data"]["choices"]

    @property
    def channel_messages(self) -> list[Message]:
        """Messages posted with the bot token (not through the interaction) meanwhile."""
        rec = self.harness.recorder
        out = []
        for r in self.requests:
            if r.key == "POST /channels/{channel_id}/messages" and r.response:
                msg = rec.messages.get(int(r.response["id"]))
                if msg is not None:
                    out.append(msg)
        return out


# Harnesses alive now (two during a restart test). The webhook adapter is one object for the
# whole process, so one patched `request` routes each call to the harness whose interaction
# token it carries; it is removed when the last harness closes, whatever the closing order.
_ACTIVE_RECORDERS: list[Recorder] = []


async def _webhook_request(route: Any, session: Any = None, *, payload: Any = None, multipart: Any = None,
                           files: Any = None, params: Any = None, **_: Any) -> Any:
    token = getattr(route, "webhook_token", None)
    recorder = next((r for r in reversed(_ACTIVE_RECORDERS) if token in r.tokens), _ACTIVE_RECORDERS[-1])
    body, sent = _split_multipart(payload, multipart, files)
    req = Request("webhook", route.method, route.path, route.url, _route_params(route), body, sent, params)
    recorder.requests.append(req)
    await asyncio.sleep(0)
    recorder._maybe_fail(req)
    try:
        req.response = recorder.handle_webhook(req)
    except UnhandledRoute as exc:
        recorder.unhandled.append(str(exc))
        raise
    return req.response


class DiscordHarness:
    """Drives a real `commands.Bot` (or `discord.Client` with a tree) through fake Discord payloads.

    Use as `async with DiscordHarness(bot) as h:`; `start` logs the bot in (which runs its
    `setup_hook`) without a gateway; `close` closes the bot and undoes the webhook patch.
    """

    def __init__(self, bot: discord.Client, *, settle_timeout: float = 30.0, after: "DiscordHarness | None" = None):
        """`after=old_harness` models a restart: same Discord (guilds, members, messages), new bot."""
        self.bot = bot
        self.world = after.world if after else World()
        self.recorder = Recorder(self.world)
        if after is not None:
            self.recorder.messages = after.recorder.messages
            self.recorder.cdn = after.recorder.cdn
        self.settle_timeout = settle_timeout

    # -- lifecycle -----------------------------------------------------------------------------
    async def start(self) -> "DiscordHarness":
        loop = asyncio.get_running_loop()
        http = RecordingHTTP(self.recorder, loop)
        self.bot.http = http
        self.bot._connection.http = http
        tree = self.bot._connection._command_tree
        if tree is not None:  # the tree keeps its own reference, taken in Client.__init__
            tree._http = http
        self.world.state = self.bot._connection
        self._patch_webhooks()
        await self.bot.login("harness-token")
        for payload in self.world.guild_payloads.values():  # what the gateway replays on connect
            self.bot._connection.parsers["GUILD_CREATE"](payload)
        self.bot._ready.set()  # type: ignore[union-attr]  # no gateway: nothing else would set it
        return self

    def _patch_webhooks(self) -> None:
        _ACTIVE_RECORDERS.append(self.recorder)
        if len(_ACTIVE_RECORDERS) == 1:
            # The context variable's default adapter is what every task sees unless someone set
            # another one; a fresh Context shows us that default.
            adapter = contextvars.Context().run(async_context.get)
            adapter.request = _webhook_request  # type: ignore[method-assign]

    def _unpatch_webhooks(self) -> None:
        if self.recorder in _ACTIVE_RECORDERS:
            _ACTIVE_RECORDERS.remove(self.recorder)
        if not _ACTIVE_RECORDERS:
            contextvars.Context().run(async_context.get).__dict__.pop("request", None)

    async def close(self) -> None:
        try:
            if not self.bot.is_closed():
                await self.bot.close()
        finally:
            self._unpatch_webhooks()

    async def __aenter__(self) -> "DiscordHarness":
        return await self.start()

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    @property
    def requests(self) -> list[Request]:
        return self.recorder.requests

    def fail_next(self, status: int, *, method: str | None = None, path: str | None = None, times: int = 1) -> None:
        self.recorder.fail_next(status, method=method, path=path, times=times)

    def assert_all_handled(self) -> None:
        """No request the harness could not answer, and none Discord would have refused."""
        assert not self.recorder.unhandled, self.recorder.unhandled
        assert not self.recorder.violations, self.recorder.violations

    # -- the world -----------------------------------------------------------------------------
    def add_guild(self, name: str = "Study Group", *, mod_role_name: str = "Moderators") -> FakeGuild:
        gid = snowflake()
        owner = snowflake()
        everyone = FakeRole(gid, "@everyone", DEFAULT_PERMISSIONS)
        mods = FakeRole(snowflake(), mod_role_name, discord.Permissions(manage_guild=True))
        bot_role = FakeRole(snowflake(), self.world.bot_name, BOT_PERMISSIONS)
        general = FakeChannel(snowflake(), gid, "general")
        quiz = FakeChannel(snowflake(), gid, "quiz")
        guild = FakeGuild(gid, name, owner, everyone, mods, [everyone, mods, bot_role], general, [general, quiz])
        self.world.guilds[gid] = guild
        for ch in guild.channels:
            self.world.channels[ch.id] = ch
        bot_member = FakeMember(self.world.bot_user_id, self.world.bot_name, gid, [bot_role])
        bot_member_json = bot_member.json()
        bot_member_json["user"]["bot"] = True
        payload = {
            "id": str(gid), "name": name, "icon": None, "owner_id": str(owner), "unavailable": False,
            "roles": [r.json(i) for i, r in enumerate(guild.roles)],
            "channels": [ch.json() for ch in guild.channels], "threads": [], "members": [bot_member_json],
            "member_count": 1, "large": False, "features": [], "emojis": [], "stickers": [],
            "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
            "mfa_level": 0, "premium_tier": 0, "preferred_locale": "en-US", "system_channel_flags": 0,
            "nsfw_level": 0, "premium_progress_bar_enabled": False, "joined_at": _iso(),
        }
        self.world.guild_payloads[gid] = payload
        self.bot._connection.parsers["GUILD_CREATE"](payload)
        return guild

    def add_role(self, guild: FakeGuild, name: str, permissions: discord.Permissions | None = None) -> FakeRole:
        role = FakeRole(snowflake(), name, permissions or discord.Permissions.none())
        guild.roles.append(role)
        self.world.guild_payloads[guild.id]["roles"].append(role.json(len(guild.roles)))
        self.bot._connection.parsers["GUILD_ROLE_CREATE"]({"guild_id": str(guild.id), "role": role.json(len(guild.roles))})
        return role

    def add_member(self, guild: FakeGuild, name: str, *, moderator: bool = False,
                   roles: Sequence[FakeRole] = ()) -> FakeMember:
        """A member; `moderator=True` gives them the guild's role with Manage Server."""
        member = FakeMember(snowflake(), name, guild.id, [*(r for r in roles), *( [guild.mod_role] if moderator else [])])
        self.world.members[(guild.id, member.id)] = member
        self.world.users[member.id] = name
        return member

    def add_user(self, name: str) -> FakeMember:
        """Someone talking to the bot in direct messages (no server: guild_id 0)."""
        user = FakeMember(snowflake(), name, 0, [])
        dm = FakeChannel(snowflake(), 0, name, type=1, owner_id=user.id)
        self.world.channels[dm.id] = dm
        self.world.dm_channels[user.id] = dm
        self.world.users[user.id] = name
        return user

    def add_channel(self, guild: FakeGuild, name: str) -> FakeChannel:
        ch = FakeChannel(snowflake(), guild.id, name)
        guild.channels.append(ch)
        self.world.channels[ch.id] = ch
        self.world.guild_payloads[guild.id]["channels"].append(ch.json())
        self.bot._connection.parsers["CHANNEL_CREATE"](ch.json())
        return ch

    def delete_channel(self, guild: FakeGuild, channel: FakeChannel) -> None:
        """A moderator deletes a channel: the gateway says so, and Discord answers 404 from then on."""
        guild.channels = [c for c in guild.channels if c.id != channel.id]
        payload = self.world.guild_payloads[guild.id]
        payload["channels"] = [c for c in payload["channels"] if c["id"] != str(channel.id)]
        self.world.deleted_channels.add(channel.id)
        self.bot._connection.parsers["CHANNEL_DELETE"](channel.json())

    def member_in(self, guild: FakeGuild, member: FakeMember) -> FakeMember:
        """The same user joining another guild (same user id, new membership)."""
        other = FakeMember(member.id, member.name, guild.id, [])
        self.world.members[(guild.id, other.id)] = other
        return other

    def attachment(self, filename: str, data: bytes | str, content_type: str | None = None) -> dict[str, Any]:
        """An uploaded file; the bytes are served when the bot calls `attachment.read()`."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        att_id = snowflake()
        url = f"https://cdn.discordapp.com/attachments/{att_id}/{filename}"
        self.recorder.cdn[url] = raw
        out = {"id": str(att_id), "filename": filename, "size": len(raw), "url": url, "proxy_url": url}
        if content_type:
            out["content_type"] = content_type
        return out

    # -- interactions --------------------------------------------------------------------------
    def _base_payload(self, kind: int, who: FakeMember, channel: FakeChannel | None) -> tuple[dict[str, Any], PendingInteraction]:
        if who.guild_id == 0:
            return self._dm_payload(kind, who)
        guild = self.world.guilds[who.guild_id]
        channel = channel or guild.channel
        iid = snowflake()
        token = f"itoken-{iid}"
        pending = PendingInteraction(iid, token, kind, channel.id, who.id)
        self.recorder.tokens[token] = pending
        payload: dict[str, Any] = {
            "id": str(iid), "application_id": str(self.world.application_id), "type": kind, "token": token,
            "version": 1, "guild_id": str(guild.id), "channel_id": str(channel.id), "channel": channel.json(),
            "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
            "member": who.json(), "app_permissions": str((channel.bot_permissions or BOT_PERMISSIONS).value), "locale": "en-US",
            "guild_locale": "en-US", "entitlements": [], "authorizing_integration_owners": {"0": str(guild.id)},
            "context": 0, "attachment_size_limit": 10 * 1024 * 1024,
        }
        return payload, pending

    def _dm_payload(self, kind: int, who: FakeMember) -> tuple[dict[str, Any], PendingInteraction]:
        channel = self.world.dm_channels[who.id]
        iid = snowflake()
        token = f"itoken-{iid}"
        pending = PendingInteraction(iid, token, kind, channel.id, who.id)
        self.recorder.tokens[token] = pending
        payload: dict[str, Any] = {
            "id": str(iid), "application_id": str(self.world.application_id), "type": kind, "token": token,
            "version": 1, "channel_id": str(channel.id), "channel": channel.json(), "user": _user_json(who.id, who.name),
            "app_permissions": str(BOT_PERMISSIONS.value), "locale": "en-US", "entitlements": [],
            "authorizing_integration_owners": {"0": "0"}, "context": 1, "attachment_size_limit": 10 * 1024 * 1024,
        }
        return payload, pending

    def _command_params(self, qualified: str) -> tuple[list[str], dict[str, app_commands.Parameter]]:
        tree: app_commands.CommandTree = self.bot.tree  # type: ignore[attr-defined]
        parts = qualified.split()
        cmd: Any = tree.get_command(parts[0])
        if cmd is None:
            raise AssertionError(f"no slash command /{parts[0]} in the tree")
        for part in parts[1:]:
            cmd = cmd.get_command(part)
            if cmd is None:
                raise AssertionError(f"no slash command /{qualified}")
        return parts, {p.display_name: p for p in cmd.parameters}

    def _options(self, qualified: str, values: dict[str, Any], focused: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        parts, params = self._command_params(qualified)
        resolved: dict[str, dict[str, Any]] = {}
        opts: list[dict[str, Any]] = []
        for name, value in values.items():
            if name not in params:
                raise AssertionError(f"/{qualified} has no option {name!r}; it has {sorted(params)}")
            kind = params[name].type
            opt: dict[str, Any] = {"name": name, "type": kind.value}
            if kind in (discord.AppCommandOptionType.user, discord.AppCommandOptionType.mentionable) and isinstance(value, FakeMember):
                opt["value"] = str(value.id)
                mj = value.json()
                resolved.setdefault("users", {})[str(value.id)] = mj.pop("user")
                resolved.setdefault("members", {})[str(value.id)] = mj
            elif kind is discord.AppCommandOptionType.role and isinstance(value, FakeRole):
                opt["value"] = str(value.id)
                resolved.setdefault("roles", {})[str(value.id)] = value.json(1)
            elif kind is discord.AppCommandOptionType.channel and isinstance(value, FakeChannel):
                opt["value"] = str(value.id)
                resolved.setdefault("channels", {})[str(value.id)] = {**value.json(), "permissions": str(DEFAULT_PERMISSIONS.value)}
            elif kind is discord.AppCommandOptionType.attachment:
                opt["value"] = value["id"]
                resolved.setdefault("attachments", {})[value["id"]] = value
            else:
                opt["value"] = value
            if name == focused:
                opt["focused"] = True
            opts.append(opt)
        data: dict[str, Any] = {"id": str(snowflake()), "name": parts[0], "type": 1}
        if len(parts) == 1:
            data["options"] = opts
        elif len(parts) == 2:  # group -> command
            data["options"] = [{"name": parts[1], "type": 1, "options": opts}]
        else:  # group -> subgroup -> command
            data["options"] = [{"name": parts[1], "type": 2, "options": [{"name": parts[2], "type": 1, "options": opts}]}]
        if resolved:
            data["resolved"] = resolved
        return data, resolved

    async def slash(self, who: FakeMember, command: str, *, channel: FakeChannel | None = None,
                    args: dict[str, Any] | None = None, **options: Any) -> Result:
        """Run `/command` (e.g. "quiz start") as `who` in `channel`, options by their displayed names
        (`args` for an option whose name is taken here, such as an option called "channel")."""
        data, _ = self._options(command, {**options, **(args or {})})
        payload, pending = self._base_payload(2, who, channel)
        payload["data"] = data
        return await self._dispatch(payload, pending)

    async def autocomplete(self, who: FakeMember, command: str, focused: str, *, channel: FakeChannel | None = None,
                           **options: Any) -> Result:
        data, _ = self._options(command, options, focused=focused)
        payload, pending = self._base_payload(4, who, channel)
        payload["data"] = data
        return await self._dispatch(payload, pending)

    async def press(self, who: FakeMember, message: Message, label: str | None = None, *,
                    custom_id: str | None = None, startswith: str | None = None) -> Result:
        """Press a button on a message the bot sent (found by label or custom_id)."""
        button = message.button(label, custom_id=custom_id, startswith=startswith)
        if button.get("disabled"):
            raise AssertionError(f"button {button.get('label')!r} is disabled")
        payload, pending = self._base_payload(3, who, self.world.channels.get(message.channel_id))
        pending.message_id = message.id
        payload["message"] = dict(message.data)
        if "guild_id" not in payload:
            payload["message"].pop("guild_id", None)
        payload["data"] = {"custom_id": button["custom_id"], "component_type": 2}
        return await self._dispatch(payload, pending)

    async def press_custom_id(self, who: FakeMember, message_data: dict[str, Any], custom_id: str) -> Result:
        """Press a button by raw custom_id on a message given as JSON (e.g. from before a restart)."""
        payload, pending = self._base_payload(3, who, self.world.channels.get(int(message_data["channel_id"])))
        pending.message_id = int(message_data["id"])
        if pending.message_id not in self.recorder.messages:
            self.recorder.messages[pending.message_id] = Message(dict(message_data))
        payload["message"] = dict(message_data)
        payload["data"] = {"custom_id": custom_id, "component_type": 2}
        return await self._dispatch(payload, pending)

    async def submit_modal(self, who: FakeMember, opened: Result, values: dict[str, str], *,
                           channel: FakeChannel | None = None) -> Result:
        """Fill and submit the modal that `opened` showed; `values` by text input custom_id or label."""
        modal = opened.modal
        rows = []
        known: dict[str, str] = {}
        for row in modal.get("components", []):
            comps = row.get("components") or ([row["component"]] if "component" in row else [])
            for comp in comps:
                cid = comp["custom_id"]
                label = comp.get("label") or row.get("label") or cid
                value = values.get(cid, values.get(label))
                known[cid] = label
                rows.append({"type": 1, "components": [{"type": 4, "custom_id": cid, "value": value or ""}]})
        unknown = set(values) - set(known) - set(known.values())
        if unknown:
            raise AssertionError(f"modal has no field(s) {sorted(unknown)}; fields: {known}")
        payload, pending = self._base_payload(5, who, channel or self.world.channels.get(opened.pending.channel_id))
        payload["data"] = {"custom_id": modal["custom_id"], "components": rows}
        if opened.pending.message_id is not None:
            pending.message_id = opened.pending.message_id
            payload["message"] = dict(self.recorder.messages[opened.pending.message_id].data)
        return await self._dispatch(payload, pending)

    async def say(self, who: FakeMember, content: str, *, channel: FakeChannel | None = None,
                  mentions_bot: bool = False, reply_to: Message | None = None) -> list[Request]:
        """A plain message from `who`: in a server channel, or in their DM with the bot when `who`
        came from `add_user`. Like Discord, its text reaches the bot only with the Message Content
        intent, or when it mentions the bot, or in a DM."""
        if who.guild_id == 0:
            return await self._say_directly(who, content)
        guild = self.world.guilds[who.guild_id]
        channel = channel or guild.channel
        mj = who.json()
        user = mj.pop("user")
        data: dict[str, Any] = {
            "id": str(snowflake()), "channel_id": str(channel.id), "guild_id": str(guild.id), "author": user,
            "member": mj, "content": content if self.bot.intents.message_content or mentions_bot else "",
            "timestamp": _iso(), "edited_timestamp": None, "tts": False, "mention_everyone": False,
            "mentions": [_user_json(self.world.bot_user_id, self.world.bot_name, bot=True)] if mentions_bot else [],
            "mention_roles": [], "attachments": [], "embeds": [], "pinned": False, "type": 0, "flags": 0,
            "components": [],
        }
        if reply_to is not None:
            data["type"] = 19
            data["message_reference"] = {"message_id": str(reply_to.id), "channel_id": str(reply_to.channel_id),
                                         "guild_id": str(guild.id)}
            data["referenced_message"] = dict(reply_to.data)
        start = len(self.recorder.requests)
        await self._run_and_wait(lambda: self.bot._connection.parsers["MESSAGE_CREATE"](data))
        return self.recorder.requests[start:]

    async def _say_directly(self, who: FakeMember, content: str) -> list[Request]:
        channel = self.world.dm_channels[who.id]
        data: dict[str, Any] = {
            "id": str(snowflake()), "channel_id": str(channel.id), "author": _user_json(who.id, who.name),
            "content": content, "timestamp": _iso(), "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
            "pinned": False, "type": 0, "flags": 0, "components": [],
        }
        start = len(self.recorder.requests)
        await self._run_and_wait(lambda: self.bot._connection.parsers["MESSAGE_CREATE"](data))
        return self.recorder.requests[start:]

    async def _dispatch(self, payload: dict[str, Any], pending: PendingInteraction) -> Result:
        start = len(self.recorder.requests)
        await self._run_and_wait(lambda: self.bot._connection.parsers["INTERACTION_CREATE"](payload))
        return Result(self, pending, self.recorder.requests[start:])

    async def _run_and_wait(self, fire: Callable[[], None]) -> None:
        """Fire a gateway event and wait for the tasks it started (not for tasks those start later)."""
        before = asyncio.all_tasks()
        fire()
        started = [t for t in asyncio.all_tasks() - before if not t.done()]
        if started:
            done, pending = await asyncio.wait(started, timeout=self.settle_timeout)
            if pending:
                raise AssertionError(f"handler tasks still running after {self.settle_timeout}s: {pending}")
        await self.settle()

    async def settle(self, rounds: int = 20) -> None:
        """Let tasks the handlers started run until they block."""
        for _ in range(rounds):
            await asyncio.sleep(0)
