"""Progress, leaderboards, most-missed items and history: reads that feed `bot.progress.stats`."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict

from bot.errors import UserError
from bot.progress import stats as st
from bot.progress.srs import CardState
from bot.store.attempts import AttemptsMixin, _card_from_row
from bot.store.base import _dt, _guild, _moment, _user
from bot.store.items import _VISIBLE_ITEMS

RECENT_ATTEMPTS = 10
DEFAULT_MIN_ACCURACY_ATTEMPTS = 10


class StatsMixin(AttemptsMixin):
    async def learner_progress(self, guild_id: int, user_id: int) -> st.LearnerProgress:
        _guild(guild_id), _user(user_id)
        moment = self._now()
        async with self._snapshot() as db:
            asked = await self._row(
                db, "SELECT COUNT(*) AS n, MAX(created_at) AS last FROM answers WHERE guild_id = ? AND user_id = ?",
                (guild_id, user_id),
            )
            attempts = await self._all(
                db, "SELECT item_id, essay, correct, points, created_at, answer FROM attempts "
                "WHERE guild_id = ? AND user_id = ? ORDER BY id", (guild_id, user_id),
            )
            recent_ids = sorted({a["item_id"] for a in attempts[-RECENT_ATTEMPTS:]})
            prompts = {
                r["item_id"]: json.loads(r["data"]).get("prompt", "")
                for r in await self._all(
                    db, f"SELECT item_id, data FROM ({_VISIBLE_ITEMS}) AS v WHERE item_id IN "
                    f"({', '.join(':i' + str(n) for n in range(len(recent_ids)))})",
                    {"g": guild_id, **{f"i{n}": item for n, item in enumerate(recent_ids)}},
                )
            } if recent_ids else {}
            day_rows = await self._all(
                db, "SELECT substr(created_at, 1, 10) AS day FROM attempts WHERE guild_id = :g AND user_id = :u "
                "UNION SELECT substr(created_at, 1, 10) FROM answers WHERE guild_id = :g AND user_id = :u",
                {"g": guild_id, "u": user_id},
            )
            cards = await self._cards(db, guild_id, user_id)
            totals = await self._all(
                db, f"SELECT essay, COUNT(*) AS n FROM ({_VISIBLE_ITEMS}) AS v WHERE eff_status = 'active' GROUP BY essay",
                {"g": guild_id},
            )
        # A skip (an attempt with no answer: the grader never records an empty one) is not a wrong
        # answer: it is counted apart and left out of accuracy.
        per_essay: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        last_right: dict[str, bool] = {}
        for a in attempts:
            is_skip = st.is_skip(a["correct"], a["answer"])
            per_essay[a["essay"]][0] += 0 if is_skip else 1
            per_essay[a["essay"]][1] += a["correct"]
            per_essay[a["essay"]][2] += 1 if is_skip else 0
            last_right[a["item_id"]] = bool(a["correct"])
        retr: dict[str, list[float]] = defaultdict(list)
        due_now, next_due = 0, None
        for row in cards:
            card = _card_from_row(row)
            retr[row["item_essay"]].append(st.memory(self.srs.retrievability(card, moment), last_right.get(row["item_id"], True)))
            if card.due <= moment:
                due_now += 1
            elif next_due is None or card.due < next_due:
                next_due = card.due
        total_by_essay = {r["essay"]: r["n"] for r in totals}
        essays = []
        for essay in sorted(set(per_essay) | set(total_by_essay) | set(retr)):
            n, ok, skips = per_essay.get(essay, (0, 0, 0))
            mean_r, coverage, mastery = st.mastery(retr.get(essay, []), total_by_essay.get(essay, 0))
            essays.append(st.EssayProgress(
                essay=essay, attempts=n, correct=ok, accuracy=st.accuracy(ok, n), skipped=skips,
                items_total=total_by_essay.get(essay, 0), items_seen=len(retr.get(essay, [])),
                retrievability=mean_r, coverage=coverage, mastery=mastery,
            ))
        days = [dt.date.fromisoformat(r["day"]) for r in day_rows]
        day_cur, day_best = st.day_streaks(days, moment.date())
        ans_cur, ans_best = st.answer_streaks([bool(a["correct"]) for a in attempts])
        correct = sum(a["correct"] for a in attempts)
        skipped = sum(1 for a in attempts if st.is_skip(a["correct"], a["answer"]))
        last = max(filter(None, [asked["last"], attempts[-1]["created_at"] if attempts else None]), default=None)
        recent = [
            st.RecentAttempt(a["item_id"], a["essay"], bool(a["correct"]), a["points"], _moment(a["created_at"]),
                             prompts.get(a["item_id"], ""), skipped=st.is_skip(a["correct"], a["answer"]))
            for a in reversed(attempts[-RECENT_ATTEMPTS:])
        ]
        return st.LearnerProgress(
            guild_id=guild_id, user_id=user_id, questions_asked=asked["n"], attempts=len(attempts) - skipped,
            correct=correct, accuracy=st.accuracy(correct, len(attempts) - skipped), skipped=skipped,
            points=sum(a["points"] for a in attempts), day_streak=day_cur, best_day_streak=day_best,
            answer_streak=ans_cur, best_answer_streak=ans_best, due_now=due_now, next_due=next_due,
            last_active=_dt(last), essays=essays, recent=recent,
        )

    async def leaderboard(
        self, guild_id: int, *, by: str = "points", limit: int = 10, min_attempts: int = DEFAULT_MIN_ACCURACY_ATTEMPTS
    ) -> list[st.LeaderRow]:
        """Only learners who share their progress appear (see `set_share_progress`)."""
        _guild(guild_id)
        if by not in st.LEADERBOARD_KINDS:
            raise UserError(f"leaderboard by {by!r}? choose one of {', '.join(st.LEADERBOARD_KINDS)}")
        today = self._now().date()
        async with self._snapshot() as db:
            totals = await self._all(
                db,
                # A skip (no answer) is not an answer: the accuracy board counts answers, as /progress does.
                "SELECT l.user_id, COUNT(a.id) - COALESCE(SUM(CASE WHEN a.correct = 0 AND a.answer = '' THEN 1 ELSE 0 END), 0) "
                "AS attempts, COALESCE(SUM(a.correct), 0) AS correct, "
                "COALESCE(SUM(a.points), 0) AS points FROM learners l "
                "LEFT JOIN attempts a ON a.guild_id = l.guild_id AND a.user_id = l.user_id "
                "WHERE l.guild_id = ? AND l.share_progress = 1 GROUP BY l.user_id",
                (guild_id,),
            )
            day_rows = await self._all(
                db,
                "SELECT user_id, substr(created_at, 1, 10) AS day FROM attempts WHERE guild_id = :g "
                "UNION SELECT user_id, substr(created_at, 1, 10) FROM answers WHERE guild_id = :g",
                {"g": guild_id},
            )
        days: dict[int, list[dt.date]] = defaultdict(list)
        for r in day_rows:
            days[r["user_id"]].append(dt.date.fromisoformat(r["day"]))
        rows = []
        for t in totals:
            cur, best = st.day_streaks(days.get(t["user_id"], []), today)
            rows.append({**dict(t), "day_streak": cur, "best_day_streak": best})
        return st.rank_rows(rows, by, min_attempts=max(1, min_attempts))[: max(0, limit)]

    async def most_missed(self, guild_id: int, *, limit: int = 10) -> list[st.MissedItem]:
        _guild(guild_id)
        async with self._snapshot() as db:
            rows = await self._all(
                db,
                "SELECT item_id, MAX(essay) AS essay, COUNT(*) AS attempts, SUM(1 - correct) AS wrong "
                "FROM attempts WHERE guild_id = ? GROUP BY item_id HAVING SUM(1 - correct) > 0 "
                "ORDER BY SUM(1 - correct) DESC, CAST(SUM(1 - correct) AS DOUBLE PRECISION) / COUNT(*) DESC, item_id LIMIT ?",
                (guild_id, max(0, int(limit))),
            )
            items = {}
            for r in rows:
                found = await self._visible_item(db, guild_id, r["item_id"])
                items[r["item_id"]] = self._item_dict(found) if found else None
        return [
            st.MissedItem(r["item_id"], r["essay"], r["attempts"], r["wrong"], r["wrong"] / r["attempts"], items[r["item_id"]])
            for r in rows
        ]

    async def progress_history(self, guild_id: int, user_id: int) -> list[st.HistoryPoint]:
        """Per active day and essay: that day's accuracy and the mastery at the day's end (UTC),
        replaying the card stored with each attempt; item totals are today's."""
        _guild(guild_id), _user(user_id)
        moment = self._now()
        async with self._snapshot() as db:
            attempts = await self._all(
                db, "SELECT item_id, essay, correct, card_after, created_at FROM attempts "
                "WHERE guild_id = ? AND user_id = ? ORDER BY id", (guild_id, user_id),
            )
            totals = await self._all(
                db, f"SELECT essay, COUNT(*) AS n FROM ({_VISIBLE_ITEMS}) AS v WHERE eff_status = 'active' GROUP BY essay",
                {"g": guild_id},
            )
        total_by_essay = {r["essay"]: r["n"] for r in totals}
        by_day: dict[dt.date, list[sqlite3.Row]] = defaultdict(list)
        for a in attempts:
            by_day[dt.date.fromisoformat(a["created_at"][:10])].append(a)
        latest: dict[str, tuple[str, CardState]] = {}
        points = []
        for day in sorted(by_day):
            counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for a in by_day[day]:
                counts[a["essay"]][0] += 1
                counts[a["essay"]][1] += a["correct"]
                latest[a["item_id"]] = (a["essay"], _card_from_row(json.loads(a["card_after"])))
            end = min(moment, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.timezone.utc))
            retr: dict[str, list[float]] = defaultdict(list)
            for essay, card in latest.values():
                retr[essay].append(self.srs.retrievability(card, end))
            for essay in sorted(retr):
                n, ok = counts.get(essay, (0, 0))
                total = max(total_by_essay.get(essay, 0), len(retr[essay]))
                points.append(st.HistoryPoint(day, essay, n, ok, st.accuracy(ok, n), st.mastery(retr[essay], total)[2]))
        return points
