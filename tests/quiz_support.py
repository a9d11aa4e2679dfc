"""Shared by the quiz tests (imported by this unique name, like pg_support and rhythm_support): a
recording in-memory store, a tiny fake encoder, sample items, the project root.

Kept out of tests/quiz/conftest.py because `from conftest import ...` finds whichever conftest
comes first on sys.path: with tests/tutor collected too, it was the tutor's, and the run failed.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from bot.errors import UserError
from bot.quiz.items import QuizItem

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Due:
    item_id: str
    essay: str
    due: dt.datetime
    retrievability: float = 0.5


class RecordingStore:
    """Implements the `QuizStore` protocol in memory and records every call in order."""

    def __init__(self, items: list[QuizItem] | None = None):
        self.items = {i.id: i.to_record() | {"guild_id": None, "status": "active"} for i in items or []}
        self.calls: list[tuple] = []
        self.attempts: list[dict] = []
        self.sessions: dict[int, dict] = {}
        self.due: list[Due] = []

    async def start_session(self, guild_id, channel_id, kind, started_by, settings):
        if kind == "group" and any(s["channel_id"] == channel_id and s["status"] == "active" and s["kind"] == "group"
                                   for s in self.sessions.values()):
            raise UserError("a group quiz is already running in this channel")
        sid = len(self.sessions) + 1
        self.sessions[sid] = {"guild_id": guild_id, "channel_id": channel_id, "kind": kind, "status": "active",
                              "settings": settings, "started_by": started_by}
        self.calls.append(("start_session", sid))
        return sid

    async def end_session(self, guild_id, session_id, status="finished"):
        self.sessions[session_id]["status"] = status
        self.calls.append(("end_session", session_id, status))

    async def record_attempt(self, guild_id, user_id, item_id, *, essay, correct, answer, response_ms, time_limit_s,
                             points=0, session_id=None):
        row = dict(guild_id=guild_id, user_id=user_id, item_id=item_id, essay=essay, correct=correct, answer=answer,
                   response_ms=response_ms, time_limit_s=time_limit_s, points=points, session_id=session_id)
        self.attempts.append(row)
        self.calls.append(("record_attempt", user_id, item_id))
        return len(self.attempts)

    async def list_items(self, guild_id, *, essay=None, status="active", include_global=True):
        return [dict(r) for r in self.items.values() if essay is None or r["essay"] == essay]

    async def get_item(self, guild_id, item_id):
        record = self.items.get(item_id)
        return dict(record) if record else None

    async def due_items(self, guild_id, user_id, *, essay=None, limit=20):
        return [d for d in self.due if essay is None or d.essay == essay][:limit]

    async def recent_session_items(self, guild_id, *, user_id=None, channel_id=None, sessions=3):
        mine = [s for s in self.sessions.values() if s["guild_id"] == guild_id
                and (user_id is None or s.get("started_by") == user_id)
                and (channel_id is None or s["channel_id"] == channel_id)]
        return {i for s in mine[-sessions:] for i in s["settings"].get("items", [])}

    async def correct_item_ids(self, guild_id, user_id, item_ids):
        return {a["item_id"] for a in self.attempts if a["guild_id"] == guild_id and a["user_id"] == user_id
                and a["correct"] and a["item_id"] in item_ids}

    async def learner_progress(self, guild_id, user_id):
        upcoming = sorted(d.due for d in self.due)
        return SimpleNamespace(next_due=upcoming[0] if upcoming else None)


class FakeEncoder:
    """Bag-of-words vectors over a fixed vocabulary: similar wording, high cosine.

    Words are bucketed with CRC-32, not `hash()`: Python salts `hash()` per process, so buckets
    (and every cosine) would change with PYTHONHASHSEED and a test could pass or fail by chance.
    """

    def __init__(self, dim: int = 64):
        self.dim = dim
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace(",", " ").replace(".", " ").split():
                out[row, zlib.crc32(word.encode()) % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


def make_items() -> list[QuizItem]:
    return [
        QuizItem(id="q-mc", kind="multiple_choice", prompt="Who called the moment an interregnum?",
                 choices=["George Shulman", "Adom Getachew", "Amna Akbar", "Adam Tooze"], answer="George Shulman",
                 essay="rana-left-internationalism", paragraph=1, explanation="Rana quotes Shulman."),
        QuizItem(id="q-tf", kind="true_false", prompt="Walt says liberal hegemony was a dismal failure.",
                 answer="true", essay="walt-socialists-libertarians", paragraph=3),
        QuizItem(id="q-short", kind="short_answer", prompt="What does Rana call belief in the inclusive promise of the American project?",
                 answer="creedalism", essay="rana-left-internationalism", paragraph=19),
        QuizItem(id="q-cloze", kind="cloze", prompt="Ukraine and Russia account for ___ of global wheat exports.",
                 answer="30%", essay="rana-left-internationalism", paragraph=36),
        QuizItem(id="q-mc2", kind="multiple_choice", prompt="Which group does Walt place in the center?",
                 choices=["realists", "libertarians", "democratic socialists"], answer="realists",
                 essay="walt-socialists-libertarians", paragraph=1),
    ]
