"""Answer handlers: one module per kind of answer, one interface.

A handler says whether it takes the question in flight (`applies`) and answers it (`answer`),
returning a `Reply`, or None to let the next handler try. The pipeline (`Tutor.ask`) walks
`HANDLERS` in order, so a new kind of answer is a new module added to this list, not a new
branch in the service. Order matters and is fixed: follow-ups that point at the last answer
first, then a position the essay disowns (a false premise), then requests that name their own shape (a paragraph, the author, a summary, a
comparison, a list, a definition), and the cited answer last, which takes everything.
"""

from __future__ import annotations

from typing import Protocol

from bot.tutor.answer import Reply
from bot.tutor.context import Ask


class Handler(Protocol):
    name: str

    def applies(self, ask: Ask) -> bool: ...

    async def answer(self, ask: Ask) -> Reply | None: ...


def handlers() -> list[Handler]:
    """The handlers in the order the pipeline tries them."""
    from bot.tutor.handlers import (
        asked_itself,
        author,
        bylines,
        cited,
        clarify,
        collection,
        compare,
        define,
        elsewhere,
        ending,
        example,
        identity,
        listing,
        more,
        ordinal,
        paragraph,
        parts,
        places,
        premise,
        quoted,
        realness,
        reference,
        replies,
        reshape,
        roles,
        shapes,
        simpler,
        sourcing,
        study,
        summary,
        support,
        where,
    )
    return [ending.Ending(), reference.Reference(), sourcing.Sourcing(), support.Support(), reshape.Reshape(), where.Where(), clarify.Clarify(), ordinal.Ordinal(), bylines.Bylines(), premise.Premise(), replies.Replies(), elsewhere.Elsewhere(), example.Example(), simpler.Simpler(), more.More(),
            realness.Realness(), paragraph.Paragraph(), author.Author(), shapes.Shapes(), parts.Parts(), study.Study(), summary.Summary(), places.Places(), listing.Listing(),
            roles.Roles(), collection.Mentions(), compare.Compare(), quoted.QuotedLine(), identity.Identity(), define.Define(), asked_itself.AskedItself(), cited.Cited()]
