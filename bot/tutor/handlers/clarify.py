"""One short clarifying question, with numbered options, where guessing would be wrong.

A tutor that guesses answers the wrong question confidently; one that refuses teaches nothing.
When the frame cannot tell which of a few readings is meant, the answer is a question with
options ("Rana's ¶5 or Walt's ¶5?"), each standing for a complete question. The learner picks
one by number (the chat, `tutorbot ask`) or by button (Discord); `Tutor.ask` takes a number
right after a clarification as that option's question.

Three cases, each general:
- "he"/"she" with no conversation to say who, and several essays in view: one option per author;
- "the other guys / side / group" when the last answer was about one item of a list the essay
  makes (Walt's three groups): the other items (one is taken as meant; several are offered);
- a paragraph number without an essay that several essays have (handled by `paragraph`).
"""

from __future__ import annotations

import re

from bot.tutor.answer import Option, Reply
from bot.tutor.context import Ask
from bot.tutor.scopes import stems

_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|hers)\b", re.I)
_POSSESSIVE = re.compile(r"\b(?:his|her)\s+(?:[\w-]+\s+){0,2}?(?:case|argument|recommendations?|proposals?|plan|evidence|"
                         r"thesis|objections?|critics|position|solution|policy|reforms?|changes)\b|"
                         r"\b(?:does|did)\s+(?:he|she)\s+(?:admit|concede|own\s+up|acknowledge|propose|recommend)", re.I)
_OTHER_SIDE = re.compile(r"\b(?:the\s+)?other\s+(?:side|guys|group|groups|camp|ones|team|party|parties)\b", re.I)
MAX_OPTIONS = 8  # every author of a server's usual reading list (a side-by-side of four lost three of seven)


def clarify_reply(ask: Ask, question: str, options: list[Option]) -> Reply:
    t = ask.t
    lines = [question] + [t("clarify_option", n=n, label=o.label) for n, o in enumerate(options, 1)]
    lines.append(t("clarify_pick"))
    return Reply("\n".join(lines[:-1]) + "\n\n" + lines[-1], "clarify", abstained=True, remember=False,
                 options=options)


class Clarify:
    name = "clarify"

    def applies(self, ask: Ask) -> bool:
        if ask.previous is None:
            # "who is gramsci, he just drops the name": the name says which essay; only a question
            # whose names and terms do not settle it asks back.
            # Only a question with nothing but the pronoun to go on ("what does he mean?"): one
            # with a topic is searched in every essay, and the passage says whose it is.
            from bot.tutor.frame import GENERIC_WORDS
            substantive = [w for w in ask.frame.topic_words() if w not in GENERIC_WORDS]
            # "give me her recommendations as a bullet list", "does she own up to any weaknesses in
            # her case": a part of her argument asked for, with nothing to say whose (a blind run
            # answered from whichever essay scored first)
            her_argument = bool(ask.frame.request.explicit) and bool(_POSSESSIVE.search(ask.frame.text))
            # "Can you summarize her three-part plan with all the numbers?": a summary of one author's
            # plan, not of every essay (FINAL-48, judged blind: all six theses)
            her_summary = ask.understood.intent == "summary" and bool(_POSSESSIVE.search(ask.frame.text))
            return (not ask.named and len(ask.scope.essays) > 1 and bool(_PRONOUN.search(ask.frame.core))
                    and (not substantive or her_argument or her_summary)
                    and not [th for th in ask.frame.things if th.mentioned]
                    and (ask.understood.intent not in ("paragraph", "summary", "comparison") or her_summary))
        return bool(_OTHER_SIDE.search(ask.frame.core))

    async def answer(self, ask: Ask) -> Reply | None:
        if ask.previous is None:
            return self._who(ask)
        return await self._other_side(ask)

    @staticmethod
    def _who(ask: Ask) -> Reply:
        """"what does he mean by creedalism?" with nothing said yet: which author?"""
        scope, t = ask.scope, ask.t
        options = []
        for essay in scope.essays[:MAX_OPTIONS]:
            surname = scope.surname(essay.slug)
            def named(m: re.Match[str], surname: str = surname) -> str:
                return surname + ("'s" if m.group(0).lower() in ("his", "hers") else "")

            rewritten = _PRONOUN.sub(named, ask.frame.text, count=1)
            options.append(Option(t("clarify_author", surname=surname, short_title=essay.display_short_title),
                                  rewritten))
        return clarify_reply(ask, t("clarify_who"), options)

    async def _other_side(self, ask: Ask) -> Reply | None:
        """"and the other guys?": the other items of the list the last answer was about."""
        previous, tools, t, scope = ask.previous, ask.tools, ask.t, ask.scope
        assert previous is not None
        slugs = ask.context_essays()
        if len(slugs) != 1:
            return None
        argument = (await tools.maps_for(ask.encoder, slugs)).get(slugs[0])
        if argument is None:
            return None
        words = set(stems(previous.query + " " + previous.topic))
        for enum in argument.enumerations:
            items = [i.text for i in enum.items]
            if len(items) < 2:
                continue
            hit = [n for n, item in enumerate(items) if words & set(stems(_short(item)))]
            if len(hit) != 1:
                continue
            others = [x for n, x in enumerate(items) if n != hit[0]][:MAX_OPTIONS]
            surname = scope.surname(slugs[0])
            options = [Option(_short(x), t("clarify_about", surname=surname, topic=_short(x))) for x in others]
            if len(options) == 1:
                return None  # one other: the follow-up handlers take "and the other one" as it
            return clarify_reply(ask, t("clarify_which", surname=surname), options)
        return None


def _short(item: str) -> str:
    """An item as a label: up to its first bracket or clause ("the libertarian right")."""
    item = re.split(r"\s*[(\[—]|\s+(?:who|that|which)\b", item)[0]
    return " ".join(item.split()[:8]).strip(" ,.;:")
