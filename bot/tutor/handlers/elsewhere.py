""""What about the other essay?" and "what does rana say about it?": the last question, with
the same answer shape, in other essays (the ones the last answer was not from, or the author
the follow-up names)."""

from __future__ import annotations

from bot.tutor.answer import Reply
from bot.tutor.context import Ask


class Elsewhere:
    name = "elsewhere"

    def applies(self, ask: Ask) -> bool:
        return ask.previous is not None and ask.follow in ("other", "switch")

    async def answer(self, ask: Ask) -> Reply | None:
        from bot.tutor.handlers.cited import cited_answer
        from bot.tutor.handlers.define import define_term
        from bot.tutor.handlers.summary import summarise

        previous = ask.previous
        assert previous is not None
        essays = others(ask) if ask.follow == "other" else ask.named
        if previous.kind == "summary":
            return await summarise(ask, essays, previous.qvec)
        if previous.kind == "definition" and previous.topic:
            found = await define_term(ask, previous.topic, essays)
            if found is not None:
                return found
        query = previous.topic or previous.query
        request = previous.request
        if request is not None and set(getattr(request, "roles", ())) & {"concession", "evidence", "example"}:
            # "same for rana" after "what's walt's evidence…": the same kind of answer from Rana's essay
            from bot.tutor.handlers.roles import Roles
            ask.frame.request, ask.frame.topic, ask.named = request, query, list(essays)
            ask.qvec = await ask.tools.vector(ask.encoder, query)
            found = await Roles().answer(ask)
            if found is not None:
                return found
        qvec = await ask.tools.vector(ask.encoder, query)
        return await cited_answer(ask, query, qvec, essays)


def others(ask: Ask) -> list[str]:
    """"The other essay": those the last answer was not scoped to (or did not quote)."""
    previous = ask.previous
    assert previous is not None
    last = set(previous.essays_shown())
    found = [e.slug for e in ask.scope.essays if e.slug not in last]
    return found or ask.all_slugs()
