"""Fixtures for the quiz tests; the helpers they build on are in tests/quiz_support.py."""

from __future__ import annotations

import pytest
from quiz_support import RecordingStore, make_items

from bot.clock import FakeClock
from bot.quiz.items import QuizItem


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def items() -> list[QuizItem]:
    return make_items()


@pytest.fixture
def store(items) -> RecordingStore:
    return RecordingStore(items)
