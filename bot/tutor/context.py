"""One question in flight: everything an answer handler needs to know about it.

The pipeline (`bot.tutor.service`) builds an `Ask` once, after the question frame is parsed and
its scope decided, and hands it to each handler in turn (`bot.tutor.handlers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bot.tutor.conversation import Turn
from bot.tutor.intent import Understood
from bot.tutor.scope import Mention
from bot.tutor.scopes import Scope

if TYPE_CHECKING:
    from bot.tutor.compose import Encoder
    from bot.tutor.frame import Frame
    from bot.tutor.tools import Tools


@dataclass
class Ask:
    text: str  # spelling corrected
    scope: Scope
    guild_id: int
    encoder: Encoder
    qvec: np.ndarray
    previous: Turn | None
    mentions: list[Mention]
    named: list[str]  # essays the question (or the explicit essay option) names
    understood: Understood
    follow: str
    retriever: object
    tools: "Tools"
    frame: "Frame"
    # the essay ids typed as words ("free parking") given back to the search: the pipeline's last
    # try before a refusal (`Pipeline.respond`), after the question's clauses are tried alone
    restore_ids: bool = False
    # the learner's whole question when one clause of it is answered (`Pipeline._by_clauses`): "the
    # island survey, what was the sample size?" answered from its first clause still asks a figure
    whole: str = ""

    @property
    def t(self):
        return self.tools.t

    def all_slugs(self) -> list[str]:
        return [e.slug for e in self.scope.essays]

    def in_view(self) -> list[str]:
        """The essays a question is about: those it names, else the conversation's, else all."""
        return self.named or self.context_essays() or self.all_slugs()

    def context_essays(self) -> list[str]:
        """The essay a conversation is on: the one it was scoped to, or the one it quoted."""
        previous = self.previous
        if previous is None:
            return []
        shown = previous.essays_shown()
        return shown if previous.essays or len(shown) == 1 else []
