"""Tutor tests share the session `core` (tests/conftest.py: real model, seed essays indexed).

`tutor_at` builds a separate Tutor over that core with its own FakeClock, so follow-up and expiry
tests control time without touching the shared tutor's conversations.
"""

from __future__ import annotations

import itertools

import pytest

from bot.clock import FakeClock
from bot.tutor import Tutor

_channels = itertools.count(10_000)


@pytest.fixture
def channel() -> int:
    """A fresh channel id per test: conversations never leak between tests."""
    return next(_channels)


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tutor_at(core, fake_clock):
    def make(**overrides) -> Tutor:
        settings = core.settings.tutor.model_copy(update=overrides)
        return Tutor(core.library, core.embedder, core.store, core.prompts, settings, fake_clock)
    return make
