"""Grounded answers from the essays: compose from cited sentences, abstain when the essays do not
cover a question, understand follow-ups, and optionally let a language model write the answer.

Adapters hold one `Tutor` (as `core.tutor`) and call `await tutor.ask(question, guild_id=...,
channel_id=..., user_id=...)`.
"""

from bot.tutor import texts  # noqa: F401  (declares the templates, validated at start)
from bot.tutor.answer import Citation, TutorAnswer
from bot.tutor.service import Tutor

__all__ = ["Citation", "Tutor", "TutorAnswer"]
