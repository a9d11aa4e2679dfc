"""Identity questions: "is walt a realist?", "is rana a pacifist y/n", "was bessner a socialist".

The answer is "yes" only when the essay calls that person that ("I am a realist", "the historian
Daniel Bessner"); otherwise the lead says the essay never calls them that, and the quotes show
what it does say about the label ("what realists want"). The label is looked for in any of its
forms ("realist" finds "realists"); a label the essays never use is said to be absent.
"""

from __future__ import annotations

import re

from bot.tutor.answer import Reply
from bot.tutor.context import Ask
from bot.tutor.lead import _plural

_IDENTITY = re.compile(r"(?:^|[.?!]\s+)(?:so\s+|and\s+|but\s+|wait\s+|ok\s+)?(?:is|was|isn'?t|wasn'?t)\s+"
                       r"(?P<who>he|she|they|(?:[A-Z][\w.'’-]+\s+){0,2}[A-Z][\w.'’-]+|[a-z]{3,})\s+(?:really\s+|actually\s+|"
                       r"himself\s+|herself\s+)?(?:an?|the)\s+(?P<label>[a-z][a-z-]{3,}(?:ist|ian|ite|crat|er|or|ic|"
                       r"ive|al|arian|nik))\b(?!\s+(?:of|for|on|in|to|that|who)\b)", re.I)


class Identity:
    name = "identity"

    def applies(self, ask: Ask) -> bool:
        match = _IDENTITY.search(ask.frame.text)
        if not match or ask.understood.intent in ("paragraph", "summary"):
            return False
        who = match.group("who")
        # a person: a pronoun, a capitalised name, or an author typed in lower case
        return who.lower() in ("he", "she", "they") or who[0].isupper() or bool(ask.scope.names.find(who))

    async def answer(self, ask: Ask) -> Reply | None:
        from bot.tutor.handlers.define import define_term

        match = _IDENTITY.search(ask.frame.text)
        assert match is not None  # applies() matched the same text
        who, label = match.group("who").strip(), match.group("label").lower()
        scope, t = ask.scope, ask.t
        mentions = scope.names.find(who)
        slugs = [m.slug for m in mentions if m.slug] or ask.named or ask.context_essays()
        person = scope.surname(slugs[0]) if mentions and mentions[0].slug else who.strip().title()
        article = "an" if label[0] in "aeiou" else "a"
        texts = [p.text for slug in (slugs or ask.all_slugs()) for p in scope.by_slug[slug].paragraphs]
        calls = re.compile(rf"\b(?:{re.escape(person)}|I|we)\b[^.]{{0,40}}\b(?:is|am|are|was|as)\s+(?:an?\s+|the\s+)?"
                           rf"{re.escape(label)}|\b{re.escape(label)}\s+{re.escape(person)}\b|"
                           rf"\b{re.escape(person)},\s+(?:an?\s+|the\s+)?{re.escape(label)}", re.I)
        from bot.tutor.handlers.cited import cited_answer
        from bot.tutor.terms import find_term

        used = [o for o in find_term(scope, label, slugs or None) if o.how in ("phrase", "words")]
        about = await define_term(ask, label, slugs or None, max_quotes=2) if used else None
        if about is None:
            # The essays never use the word: say so, then what they say that bears on it.
            reply = await cited_answer(ask, ask.frame.query, ask.qvec, slugs or None)
            if reply.abstained:
                return None
            reply.lead = t("lead_identity_absent", subject=person, label=f"{article} {label}")
            return reply
        if any(calls.search(x) for x in texts):
            about.lead = t("lead_identity_yes")
        else:
            about.lead = t("lead_identity_no", subject=person, label=f"{article} {label}", plural=_plural(label))
        about.kind = "answer"
        return about
