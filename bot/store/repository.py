"""The progress store: the only code that reads or writes `tutor.sqlite`.

`Store` is one object outside and one concern per module inside: `base.py` holds the connection,
the transaction helpers and the audit write every mixin shares; each mixin adds the methods of one
section of the database. A change to leaderboards means reading `stats.py`, not the privacy code.
Callers (and the `QuizStore` protocol in `bot.quiz.session`) see only `Store`.
"""

from __future__ import annotations

from bot.store.answers import AnswersMixin
from bot.store.attempts import AttemptsMixin
from bot.store.audit import AuditMixin
from bot.store.base import StoreBase, StoreUnavailable
from bot.store.changes import ChangesMixin
from bot.store.essays import EssaysMixin
from bot.store.items import ItemsMixin
from bot.store.maintenance import MaintenanceMixin
from bot.store.privacy import IMPERSONAL_TABLES, PERSONAL_COLUMNS, PrivacyMixin
from bot.store.rhythm import RhythmMixin
from bot.store.sessions import SessionsMixin
from bot.store.settings import SettingsMixin
from bot.store.stats import StatsMixin

__all__ = ["Store", "StoreUnavailable", "PERSONAL_COLUMNS", "IMPERSONAL_TABLES"]


class Store(
    AnswersMixin,
    StatsMixin,       # reads over attempts and items (subclasses AttemptsMixin)
    AttemptsMixin,    # writes attempts and cards (subclasses ItemsMixin)
    ItemsMixin,
    SessionsMixin,
    EssaysMixin,
    SettingsMixin,
    ChangesMixin,     # the feed other processes read (the three above note their writes in it)
    RhythmMixin,      # schedules, questions of the day, review reminders (issue 21)
    PrivacyMixin,
    AuditMixin,
    MaintenanceMixin,
    StoreBase,
):
    """The progress database of every server, opened with `await Store.open(path)`."""
