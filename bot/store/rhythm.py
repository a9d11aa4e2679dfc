"""The study group's rhythm in the database: schedules, questions of the day, review reminders,
and the reads behind the question choice, the weekly digest and the study path (issue 21).

Why the scheduler's state lives here and not in memory: a post must happen once whatever restarts
or how many shard processes share the database. Three guards, all in SQL:

- a schedule's `next_run_at` is advanced by a compare-and-set (`claim_schedule`): of two callers
  that saw the same due row, exactly one wins;
- a question of the day is unique per server and local day (`daily_posts_one_a_day`), so even a
  misconfigured second process cannot post twice;
- a question is closed by a compare-and-set on its status, so its answer is revealed once.

The writes happen before the post is sent: a crash between the claim and Discord's reply loses
that one post (at most once), it never doubles it. Every query takes a `guild_id` except the
scheduler's scans, which return rows that each name their server.

Length (over 400 lines): one mixin per concern, like the store's others; the rhythm's tables and
the compare-and-set guards above are one concern, and its reads for the digest and the path use
the same tables.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from bot.store.base import StoreBase, _dt, _guild, _json, _ts, _user
from bot.store.driver import integrity_errors
from bot.store.items import _VISIBLE_ITEMS

log = logging.getLogger(__name__)

SCHEDULE_KINDS = ("daily", "digest")
DAILY_SESSION_KIND = "daily"
SCAN_LIMIT = 5_000  # rows one scheduler pass reads; the rest are due again at the next pass


def _schedule(row: Any) -> dict:
    out = dict(row)
    out["next_run_at"] = _dt(out["next_run_at"])
    return out


def _post(row: Any) -> dict:
    out = dict(row)
    out["choices"] = json.loads(out["choices"] or "[]")
    for key in ("posted_at", "closes_at", "closed_at"):
        out[key] = _dt(out[key])
    return out


def _reminder(row: Any) -> dict:
    out = dict(row)
    out["next_run_at"] = _dt(out["next_run_at"])
    out["last_sent_at"] = _dt(out["last_sent_at"])
    return out


class RhythmMixin(StoreBase):
    # ------------------------------------------------------------------ schedules
    async def set_schedule(
        self, guild_id: int, kind: str, *, channel_id: int, local_time: str, timezone: str, next_run_at: dt.datetime,
        actor_id: int, weekday: int | None = None, essay: str | None = None, close_minutes: int | None = None,
    ) -> dict:
        """Create or replace a server's schedule of `kind` (one of each per server), audited. The
        day it last ran is kept, so re-setting a schedule cannot post a second time that day."""
        _guild(guild_id)
        if kind not in SCHEDULE_KINDS:
            raise ValueError(f"schedule kind must be one of {SCHEDULE_KINDS}, not {kind!r}")
        now = _ts(self._now())
        params = {"g": guild_id, "k": kind, "c": int(channel_id), "t": local_time, "z": timezone, "w": weekday,
                  "e": essay, "m": close_minutes, "by": actor_id, "now": now, "next": _ts(next_run_at)}
        async with self._tx(lock=("schedule", guild_id, kind)) as db:
            await self._ensure_guild(db, guild_id, now)
            await db.execute(
                "INSERT INTO rhythm_schedules (guild_id, kind, channel_id, local_time, timezone, weekday, essay, "
                "close_minutes, status, disabled_reason, created_by, created_at, updated_at, next_run_at, failures) "
                "VALUES (:g, :k, :c, :t, :z, :w, :e, :m, 'active', NULL, :by, :now, :now, :next, 0) "
                "ON CONFLICT (guild_id, kind) DO UPDATE SET channel_id = excluded.channel_id, "
                "local_time = excluded.local_time, timezone = excluded.timezone, weekday = excluded.weekday, "
                "essay = excluded.essay, close_minutes = excluded.close_minutes, status = 'active', "
                "disabled_reason = NULL, created_by = excluded.created_by, updated_at = excluded.updated_at, "
                "next_run_at = excluded.next_run_at, failures = 0",
                params,
            )
            await self._audit(db, guild_id, actor_id, "schedule.set", kind,
                              {"channel": int(channel_id), "time": local_time, "timezone": timezone,
                               **({"weekday": weekday} if weekday is not None else {}),
                               **({"essay": essay} if essay else {}),
                               **({"close_minutes": close_minutes} if close_minutes else {})}, now)
            row = await self._one(db, "SELECT * FROM rhythm_schedules WHERE guild_id = :g AND kind = :k", params)
        return _schedule(row)

    async def get_schedules(self, guild_id: int) -> list[dict]:
        _guild(guild_id)
        async with self._snapshot() as db:
            rows = await self._all(db, "SELECT * FROM rhythm_schedules WHERE guild_id = ? ORDER BY kind", (guild_id,))
        return [_schedule(r) for r in rows]

    async def get_schedule(self, guild_id: int, kind: str) -> dict | None:
        _guild(guild_id)
        async with self._snapshot() as db:
            row = await self._one(db, "SELECT * FROM rhythm_schedules WHERE guild_id = ? AND kind = ?", (guild_id, kind))
        return _schedule(row) if row else None

    async def remove_schedule(self, guild_id: int, kind: str, *, actor_id: int) -> bool:
        _guild(guild_id)
        now = _ts(self._now())
        async with self._tx(lock=("schedule", guild_id, kind)) as db:
            cur = await db.execute("DELETE FROM rhythm_schedules WHERE guild_id = ? AND kind = ?", (guild_id, kind))
            if cur.rowcount:
                await self._audit(db, guild_id, actor_id, "schedule.remove", kind, None, now)
        return bool(cur.rowcount)

    async def due_schedules(self, now: dt.datetime, *, limit: int = SCAN_LIMIT) -> list[dict]:
        """Active schedules of every server whose next occurrence has come, oldest first."""
        async with self._snapshot() as db:
            rows = await self._all(
                db, "SELECT * FROM rhythm_schedules WHERE status = 'active' AND next_run_at <= ? "
                "ORDER BY next_run_at, guild_id, kind LIMIT ?", (_ts(now), int(limit)))
        return [_schedule(r) for r in rows]

    async def claim_schedule(self, guild_id: int, kind: str, *, expected: dt.datetime, next_run_at: dt.datetime,
                             ran_on: dt.date | None) -> bool:
        """Advance a due schedule to its next occurrence if nobody else did (compare-and-set on the
        occurrence it was due for); `ran_on` is the local day it runs for (None: skipped)."""
        _guild(guild_id)
        async with self._tx() as db:
            cur = await db.execute(
                "UPDATE rhythm_schedules SET next_run_at = :next, "
                "last_local_date = COALESCE(CAST(:day AS TEXT), last_local_date) "
                "WHERE guild_id = :g AND kind = :k AND next_run_at = :expected AND status = 'active'",
                {"next": _ts(next_run_at), "day": ran_on.isoformat() if ran_on else None, "g": guild_id, "k": kind,
                 "expected": _ts(expected)})
        return cur.rowcount == 1

    async def schedule_failed(self, guild_id: int, kind: str, *, failures: int, retry_at: dt.datetime | None) -> None:
        """Count a post Discord failed to take for a passing reason: try again at `retry_at` (the
        same day; the caller stops after a few), or with None give up for today and reset the
        count. Also called with 0 and None after a post that succeeded on a retry."""
        _guild(guild_id)
        async with self._tx() as db:
            if retry_at is None:
                await db.execute("UPDATE rhythm_schedules SET failures = 0 WHERE guild_id = ? AND kind = ?",
                                 (guild_id, kind))
            else:
                await db.execute(
                    "UPDATE rhythm_schedules SET next_run_at = ?, failures = ?, last_local_date = NULL "
                    "WHERE guild_id = ? AND kind = ? AND status = 'active'", (_ts(retry_at), int(failures), guild_id, kind))

    async def disable_schedule(self, guild_id: int, kind: str, *, reason: str, details: dict | None = None) -> bool:
        """Stop a schedule that cannot work any more (its channel is gone, the bot lost access),
        with a line in the audit log that `/tutor audit` shows; it never retries by itself."""
        _guild(guild_id)
        now = _ts(self._now())
        async with self._tx(lock=("schedule", guild_id, kind)) as db:
            cur = await db.execute(
                "UPDATE rhythm_schedules SET status = 'disabled', disabled_reason = ?, updated_at = ? "
                "WHERE guild_id = ? AND kind = ? AND status = 'active'", (reason[:200], now, guild_id, kind))
            if cur.rowcount:
                await self._audit(db, guild_id, None, "schedule.disabled", kind, {"reason": reason, **(details or {})}, now)
        return bool(cur.rowcount)

    async def next_rhythm_time(self, after: dt.datetime) -> dt.datetime | None:
        """The earliest future instant anything of the rhythm is due (any server): how long the
        scheduler may sleep. Rows already due are the current pass's business, not this answer's."""
        t = _ts(after)
        async with self._snapshot() as db:
            rows = [
                await self._one(db, "SELECT MIN(next_run_at) AS m FROM rhythm_schedules WHERE status = 'active' "
                                "AND next_run_at > ?", (t,)),
                await self._one(db, "SELECT MIN(next_run_at) AS m FROM review_reminders WHERE status = 'on' "
                                "AND next_run_at > ?", (t,)),
                await self._one(db, "SELECT MIN(closes_at) AS m FROM daily_posts WHERE status = 'open' "
                                "AND closes_at > ?", (t,)),
            ]
        found = [r["m"] for r in rows if r is not None and r["m"]]
        return _dt(min(found)) if found else None

    # ------------------------------------------------------------------ questions of the day
    async def open_daily_post(
        self, guild_id: int, *, channel_id: int, item_id: str, essay: str, reason: str, choices: list[str],
        local_date: dt.date, closes_at: dt.datetime | None,
    ) -> dict | None:
        """Record a question of the day before it is sent (its session, so answers are ordinary
        attempts); None when this server already has one for `local_date`."""
        _guild(guild_id)
        now = _ts(self._now())
        day = local_date.isoformat()
        try:
            async with self._tx(lock=("daily", guild_id)) as db:
                if await self._one(db, "SELECT 1 FROM daily_posts WHERE guild_id = ? AND local_date = ?",
                                   (guild_id, day)) is not None:
                    return None
                await self._ensure_guild(db, guild_id, now)
                settings = _json({"items": [item_id], "daily": day, "reason": reason}, limit=2_000, what="session")
                session_id = await db.insert_id(
                    "INSERT INTO quiz_sessions (guild_id, channel_id, kind, started_by, settings, status, started_at) "
                    "VALUES (?, ?, ?, NULL, ?, 'active', ?)",
                    (guild_id, int(channel_id), DAILY_SESSION_KIND, settings, now))
                post_id = await db.insert_id(
                    "INSERT INTO daily_posts (guild_id, session_id, channel_id, message_id, item_id, essay, reason, "
                    "choices, local_date, posted_at, closes_at, status) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, 'open')",
                    (guild_id, session_id, int(channel_id), item_id, essay, reason, json.dumps(list(choices)), day, now,
                     _ts(closes_at) if closes_at else None))
                row = await self._one(db, "SELECT * FROM daily_posts WHERE id = ?", (post_id,))
        except integrity_errors():  # another process recorded the same day first
            return None
        return _post(row)

    async def set_daily_message(self, guild_id: int, post_id: int, message_id: int) -> None:
        _guild(guild_id)
        async with self._tx() as db:
            await db.execute("UPDATE daily_posts SET message_id = ? WHERE id = ? AND guild_id = ?",
                             (int(message_id), int(post_id), guild_id))

    async def drop_daily_post(self, guild_id: int, post_id: int) -> None:
        """A question of the day that never reached the channel: forget it (its day may be tried
        again) and cancel its session."""
        _guild(guild_id)
        now = _ts(self._now())
        async with self._tx() as db:
            row = await self._one(db, "SELECT session_id FROM daily_posts WHERE id = ? AND guild_id = ?",
                                  (int(post_id), guild_id))
            if row is None:
                return
            await db.execute("DELETE FROM daily_posts WHERE id = ?", (int(post_id),))
            await db.execute("UPDATE quiz_sessions SET status = 'cancelled', ended_at = ? WHERE id = ? AND status = 'active'",
                             (now, row["session_id"]))

    async def get_daily_post(self, guild_id: int, post_id: int) -> dict | None:
        _guild(guild_id)
        async with self._snapshot() as db:
            row = await self._one(db, "SELECT * FROM daily_posts WHERE id = ? AND guild_id = ?", (int(post_id), guild_id))
        return _post(row) if row else None

    async def open_daily_post_of(self, guild_id: int) -> dict | None:
        """The server's question of the day still open (at most one: a new post closes the last)."""
        _guild(guild_id)
        async with self._snapshot() as db:
            row = await self._one(db, "SELECT * FROM daily_posts WHERE guild_id = ? AND status = 'open' "
                                  "ORDER BY id DESC LIMIT 1", (guild_id,))
        return _post(row) if row else None

    async def daily_post_by_message(self, guild_id: int, message_id: int) -> dict | None:
        """The question of the day a chat message shows (a typed answer replies to it)."""
        _guild(guild_id)
        async with self._snapshot() as db:
            row = await self._one(db, "SELECT * FROM daily_posts WHERE guild_id = ? AND message_id = ?",
                                  (guild_id, int(message_id)))
        return _post(row) if row else None

    async def daily_posts_to_close(self, now: dt.datetime, *, limit: int = SCAN_LIMIT) -> list[dict]:
        """Open questions of the day of every server whose set duration has run out."""
        async with self._snapshot() as db:
            rows = await self._all(db, "SELECT * FROM daily_posts WHERE status = 'open' AND closes_at IS NOT NULL "
                                   "AND closes_at <= ? ORDER BY closes_at, id LIMIT ?", (_ts(now), int(limit)))
        return [_post(r) for r in rows]

    async def last_daily_item(self, guild_id: int) -> str | None:
        _guild(guild_id)
        async with self._snapshot() as db:
            row = await self._one(db, "SELECT item_id FROM daily_posts WHERE guild_id = ? ORDER BY id DESC LIMIT 1",
                                  (guild_id,))
        return row["item_id"] if row else None

    async def daily_answered(self, guild_id: int, session_id: int, user_id: int) -> bool:
        _guild(guild_id), _user(user_id)
        async with self._snapshot() as db:
            row = await self._one(db, "SELECT 1 FROM attempts WHERE guild_id = ? AND session_id = ? AND user_id = ? LIMIT 1",
                                  (guild_id, int(session_id), user_id))
        return row is not None

    async def close_daily_post(self, guild_id: int, post_id: int) -> dict | None:
        """Close an open question of the day (once: None if it was closed already) and return it
        with its answers: each member's result and whether they share their progress."""
        _guild(guild_id)
        now = _ts(self._now())
        async with self._tx(lock=("daily", guild_id)) as db:
            cur = await db.execute("UPDATE daily_posts SET status = 'closed', closed_at = ? "
                                   "WHERE id = ? AND guild_id = ? AND status = 'open'", (now, int(post_id), guild_id))
            if cur.rowcount != 1:
                return None
            row = await self._row(db, "SELECT * FROM daily_posts WHERE id = ?", (int(post_id),))
            await db.execute("UPDATE quiz_sessions SET status = 'finished', ended_at = ? WHERE id = ? AND status = 'active'",
                             (now, row["session_id"]))
            answers = await self._all(
                db, "SELECT a.user_id, a.correct, COALESCE(l.share_progress, 1) AS shares FROM attempts a "
                "LEFT JOIN learners l ON l.guild_id = a.guild_id AND l.user_id = a.user_id "
                "WHERE a.guild_id = ? AND a.session_id = ? ORDER BY a.id", (guild_id, row["session_id"]))
        out = _post(row)
        out["answers"] = [{"user_id": a["user_id"], "correct": bool(a["correct"]), "shares": bool(a["shares"])}
                          for a in answers]
        return out

    # ------------------------------------------------------------------ reads behind the choices
    async def active_item_ids(self, guild_id: int, *, essay: str | None = None) -> list[str]:
        """The ids of a server's active items, without their content: the question of the day
        chooses among ids and reads only the one it shows (1,000 servers can be due at once)."""
        _guild(guild_id)
        sql = f"SELECT item_id FROM ({_VISIBLE_ITEMS}) AS v WHERE eff_status = 'active'"
        params: dict[str, Any] = {"g": guild_id}
        if essay:
            sql += " AND essay = :e"
            params["e"] = essay
        async with self._snapshot() as db:
            rows = await self._all(db, sql + " ORDER BY item_id", params)
        return [r["item_id"] for r in rows]

    async def due_counts(self, guild_id: int, now: dt.datetime, *, essay: str | None = None) -> dict[str, int]:
        """Per active item: how many members of this server have it due for review at `now`."""
        _guild(guild_id)
        sql = (f"SELECT c.item_id, COUNT(*) AS n FROM srs_cards c JOIN ({_VISIBLE_ITEMS}) v "
               "ON v.item_id = c.item_id AND v.eff_status = 'active' "
               "WHERE c.guild_id = :g AND c.due <= :now")
        params: dict[str, Any] = {"g": guild_id, "now": _ts(now)}
        if essay:
            sql += " AND v.essay = :e"
            params["e"] = essay
        async with self._snapshot() as db:
            rows = await self._all(db, sql + " GROUP BY c.item_id", params)
        return {r["item_id"]: int(r["n"]) for r in rows}

    async def item_attempt_totals(self, guild_id: int, *, since: dt.datetime | None = None,
                                  until: dt.datetime | None = None) -> dict[str, tuple[int, int]]:
        """Per item: (attempts, wrong answers) in this server, optionally within [since, until)."""
        _guild(guild_id)
        sql = "SELECT item_id, COUNT(*) AS n, SUM(1 - correct) AS wrong FROM attempts WHERE guild_id = :g"
        params: dict[str, Any] = {"g": guild_id}
        if since is not None:
            sql += " AND created_at >= :s"
            params["s"] = _ts(since)
        if until is not None:
            sql += " AND created_at < :u"
            params["u"] = _ts(until)
        async with self._snapshot() as db:
            rows = await self._all(db, sql + " GROUP BY item_id", params)
        return {r["item_id"]: (int(r["n"]), int(r["wrong"] or 0)) for r in rows}

    async def week_activity(self, guild_id: int, since: dt.datetime, until: dt.datetime) -> dict:
        """What a server did in [since, until): the tutor's answers (with what they cited) and the
        quiz attempts, by kind of session. One snapshot, one server."""
        _guild(guild_id)
        params = {"g": guild_id, "s": _ts(since), "u": _ts(until)}
        async with self._snapshot() as db:
            answers = await self._all(db, "SELECT citations FROM answers WHERE guild_id = :g AND created_at >= :s "
                                      "AND created_at < :u", params)
            attempts = await self._row(
                db, "SELECT COUNT(*) AS n, COALESCE(SUM(correct), 0) AS ok, COUNT(DISTINCT user_id) AS members "
                "FROM attempts WHERE guild_id = :g AND created_at >= :s AND created_at < :u", params)
            kinds = await self._all(
                db, "SELECT s.kind, COUNT(DISTINCT s.id) AS n FROM quiz_sessions s WHERE s.guild_id = :g "
                "AND s.started_at >= :s AND s.started_at < :u "
                "AND EXISTS (SELECT 1 FROM attempts a WHERE a.session_id = s.id) GROUP BY s.kind", params)
            daily = await self._row(db, "SELECT COUNT(*) AS n FROM daily_posts WHERE guild_id = :g AND posted_at >= :s "
                                    "AND posted_at < :u AND message_id IS NOT NULL", params)
        return {
            "citations": [json.loads(r["citations"] or "[]") for r in answers],
            "attempts": int(attempts["n"]), "correct": int(attempts["ok"]), "members": int(attempts["members"]),
            "sessions": {r["kind"]: int(r["n"]) for r in kinds}, "daily_posts": int(daily["n"]),
        }

    async def member_item_results(self, guild_id: int, user_id: int) -> dict[str, bool]:
        """Per item the member answered in this server: whether their last answer was right."""
        _guild(guild_id), _user(user_id)
        async with self._snapshot() as db:
            rows = await self._all(db, "SELECT item_id, correct FROM attempts WHERE guild_id = ? AND user_id = ? "
                                   "ORDER BY id", (guild_id, user_id))
        return {r["item_id"]: bool(r["correct"]) for r in rows}

    # ------------------------------------------------------------------ review reminders
    async def set_reminder(self, guild_id: int, user_id: int, *, on: bool, hour: int, timezone: str,
                           next_run_at: dt.datetime) -> dict:
        _guild(guild_id), _user(user_id)
        if not 0 <= int(hour) <= 23:
            raise ValueError("hour must be 0-23")
        now = _ts(self._now())
        params = {"g": guild_id, "u": user_id, "h": int(hour), "z": timezone, "s": "on" if on else "off",
                  "r": None if on else "member", "next": _ts(next_run_at), "now": now}
        async with self._tx() as db:
            await self._ensure_guild(db, guild_id, now)
            await db.execute(
                "INSERT INTO review_reminders (guild_id, user_id, hour, timezone, status, off_reason, notice_pending, "
                "next_run_at, created_at, updated_at) VALUES (:g, :u, :h, :z, :s, :r, 0, :next, :now, :now) "
                "ON CONFLICT (guild_id, user_id) DO UPDATE SET hour = excluded.hour, timezone = excluded.timezone, "
                "status = excluded.status, off_reason = excluded.off_reason, notice_pending = 0, "
                "next_run_at = excluded.next_run_at, updated_at = excluded.updated_at", params)
            row = await self._one(db, "SELECT * FROM review_reminders WHERE guild_id = :g AND user_id = :u", params)
        return _reminder(row)

    async def get_reminder(self, guild_id: int, user_id: int) -> dict | None:
        _guild(guild_id), _user(user_id)
        async with self._snapshot() as db:
            row = await self._one(db, "SELECT * FROM review_reminders WHERE guild_id = ? AND user_id = ?",
                                  (guild_id, user_id))
        return _reminder(row) if row else None

    async def due_reminders(self, now: dt.datetime, *, limit: int = SCAN_LIMIT) -> list[dict]:
        async with self._snapshot() as db:
            rows = await self._all(db, "SELECT * FROM review_reminders WHERE status = 'on' AND next_run_at <= ? "
                                   "ORDER BY next_run_at, guild_id, user_id LIMIT ?", (_ts(now), int(limit)))
        return [_reminder(r) for r in rows]

    async def claim_reminder(self, guild_id: int, user_id: int, *, expected: dt.datetime,
                             next_run_at: dt.datetime) -> bool:
        """Move a due reminder to its next day if nobody else did: at most one DM a day."""
        _guild(guild_id), _user(user_id)
        async with self._tx() as db:
            cur = await db.execute(
                "UPDATE review_reminders SET next_run_at = ? WHERE guild_id = ? AND user_id = ? AND next_run_at = ? "
                "AND status = 'on'", (_ts(next_run_at), guild_id, user_id, _ts(expected)))
        return cur.rowcount == 1

    async def reminder_sent(self, guild_id: int, user_id: int) -> None:
        _guild(guild_id), _user(user_id)
        async with self._tx() as db:
            await db.execute("UPDATE review_reminders SET last_sent_at = ? WHERE guild_id = ? AND user_id = ?",
                             (_ts(self._now()), guild_id, user_id))

    async def reminders_dm_closed(self, user_id: int) -> int:
        """The member's direct messages are closed to the bot: every reminder of theirs turns off
        (in every server: DMs are per person), with one notice owed to them."""
        _user(user_id)
        now = _ts(self._now())
        async with self._tx() as db:
            cur = await db.execute(
                "UPDATE review_reminders SET status = 'off', off_reason = 'dm_closed', notice_pending = 1, "
                "updated_at = ? WHERE user_id = ? AND status = 'on'", (now, user_id))
        return cur.rowcount

    async def pending_reminder_notices(self) -> set[int]:
        async with self._snapshot() as db:
            rows = await self._all(db, "SELECT DISTINCT user_id FROM review_reminders WHERE notice_pending = 1")
        return {int(r["user_id"]) for r in rows}

    async def take_reminder_notice(self, user_id: int) -> bool:
        """Clear the notice owed to a member; True for the one caller that cleared it."""
        _user(user_id)
        async with self._tx() as db:
            cur = await db.execute("UPDATE review_reminders SET notice_pending = 0 WHERE user_id = ? AND notice_pending = 1",
                                   (user_id,))
        return cur.rowcount > 0
