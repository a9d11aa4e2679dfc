"""The question frame: what a question asks, parsed once, before any answer is chosen.

(v0: the existing understanding steps gathered in one place; request, named things and
references follow.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.tutor.conversation import Turn, followup
from bot.tutor.intent import Understood, classify, content_words
from bot.tutor.scope import Mention, topic_of
from bot.tutor.scopes import Scope

_REFERENTIAL = {"it", "its", "that", "this", "those", "these", "they", "them", "he", "she", "him", "her", "same",
                "there", "then"}


@dataclass
class Frame:
    text: str
    mentions: list[Mention]
    essays: list[str]  # essays the question (or the explicit essay option) names
    understood: Understood
    topic: str
    follow: str
    named: list = field(default_factory=list)


def parse(text: str, scope: Scope, previous: Turn | None, essay: str | None) -> Frame:
    mentions = [m for m in scope.names.find(text) if not m.slug or m.slug in scope.by_slug]
    named = list(dict.fromkeys(m.slug for m in mentions if m.slug))
    if essay is not None and not named:
        named = [essay]
    understood = classify(text, mentions, len(scope.essays))
    topic = topic_of(text, mentions)
    topic_words = [w for w in content_words(topic) if w not in _REFERENTIAL]
    # A summary, comparison, paragraph or author question stands alone; without a name it is
    # about the essay the conversation was on ("tl;dr his whole essay").
    self_contained = understood.intent in ("summary", "comparison", "paragraph", "author")
    follow = followup(text, has_context=previous is not None, named=len(named),
                      other=any(m.how == "other" for m in mentions), topic_words=len(topic_words),
                      self_contained=self_contained)
    return Frame(text, mentions, named, understood, topic, follow)
