"""Questions about the essays as a set: "which essays talk about hospitals", "does anyone else in
the readings discuss infrastructure", "which essay has the most data", "a common theme across all
4", "rank them".

Each essay is one retrieval scope, so a question about all of them at once either matched one
essay's words or was refused. Two answers that need no judgement of their own: where each essay
uses the question's words (`Mentions`, a handler), and, as the last try before a plain refusal,
every essay's thesis side by side (`overview`), so the learner can compare.
"""

from __future__ import annotations

import re

from bot.tutor.answer import Reply
from bot.tutor.context import Ask

MAX_OVERVIEW_ESSAYS = 6


_WHICH_MENTION = re.compile(r"\b(?:(?:which|what|any)\s+(?:of\s+the\s+)?(?:essays?|readings?|articles?|authors?|ones?)|"
                            r"(?:does\s+)?(?:any|anyone|anybody)(?:\s+else)?(?:\s+in\s+the\s+(?:readings|essays))?)\s+"
                            r"(?:\w+\s+)?(?:(?:talks?|discuss(?:es)?|mentions?|says?|writes?|touch(?:es)?|deals?|covers?)"
                            r"(?:\s+(?:about|on|with))?\b|(?:use|uses|employ|employs|refer\s+to|refers\s+to|bring\s+up|"
                            r"brings\s+up)\s+(?=(?:the\s+|a\s+)?(?:word|term|concept|idea|notion|phrase|expression|label)s?\b|"
                            r"['‘’\"“]))", re.I)
MENTION_ESSAYS = 8  # every essay of a usual reading list is checked (six dropped the seventh unread)
_BESIDES = re.compile(r"\b(?:besides|other\s+than|except(?:\s+for)?|apart\s+from|aside\s+from)\b", re.I)
# "which ones use the concept of 'neoliberal'" (FINAL-33: answered with four essays' unrelated
# lines): the words that name the kind of word asked about are not the word
_NOT_TOPIC = {"all", "anything", "stuff", "things", "thing", "much", "really", "actually", "else", "essays", "essay",
              "word", "words", "term", "terms", "concept", "concepts", "idea", "notion", "phrase", "expression", "label"}


class Mentions:
    """"which essays talk about X", "does anyone else in the readings discuss X": a handler, tried
    before the comparison (which covers four essays at most and judges by meaning)."""

    name = "mentions"

    def applies(self, ask: Ask) -> bool:
        # "in all the six essays, which ones use …" names every essay: that is no essay in particular
        every = {e.slug for e in ask.scope.essays} <= set(ask.named)
        return bool(_WHICH_MENTION.search(ask.frame.text)) and (not ask.named or every or bool(_BESIDES.search(ask.frame.text)))

    async def answer(self, ask: Ask) -> Reply | None:
        return await mentions(ask)


async def mentions(ask: Ask) -> Reply | None:
    """"which essays talk about hospitals or health at all?": for each of the question's own words
    that an essay uses, the first sentence of each essay that uses one, and the essays that use none.
    None when no essay uses any (then the overview, or the refusal, stands)."""
    from bot.tutor.compose import Sentence, group_quotes, paragraph_sentences
    from bot.tutor.frame import GENERIC_WORDS
    from bot.tutor.intent import content_words
    from bot.tutor.terms import find_term

    found = _WHICH_MENTION.search(ask.frame.text)
    if not found:
        return None
    # the words of that clause only ("… talk about hospitals or health at all? want a nurse angle")
    clause = re.split(r"[?.!;:]", ask.frame.text[found.end():], maxsplit=1)[0]
    words = [w for w in content_words(clause) if w not in GENERIC_WORDS and w not in _NOT_TOPIC]
    tools, scope = ask.tools, ask.scope
    chosen, silent = [], []
    # "besides varga, does anyone else …": the essays named after "besides" are left out
    skip = set(ask.named) if _BESIDES.search(ask.frame.text) else set()
    for essay in [e for e in scope.essays if e.slug not in skip][:MENTION_ESSAYS]:
        first = None
        for word in words:
            for occurrence in find_term(scope, word, [essay.slug])[:1]:
                para = essay.paragraph(occurrence.paragraph)
                parts = paragraph_sentences(para.text) if para else []
                index = next((i for i, x in enumerate(parts) if word.lower() in x.lower()), 0)
                spot = (occurrence.paragraph, index, parts[index] if parts else "")
                first = spot if first is None or spot[:2] < first[:2] else first
        if first is None:
            silent.append(scope.surname(essay.slug))
        else:
            chosen.append(Sentence(essay.slug, first[0], first[1], first[2], 0, 1.0, 1.0))
    if not chosen:
        return None
    quotes = group_quotes(chosen, tools.lookup)
    fitted = tools.fit_quotes([], [s for q in quotes for s in q.sentences])
    lines = [ask.t("mentions_header", words=", ".join(f"“{w}”" for w in words))]
    lines += [tools.quote_line(q) for q in fitted]
    if silent:
        lines.append(ask.t("mentions_silent", surnames=", ".join(silent)))
    return Reply("\n\n".join(lines), "comparison", fitted, best=1.0, coverage=1.0, query=" ".join(words),
                 qvec=ask.qvec, essays=tuple(q.essay for q in fitted), topic=" ".join(words))


# Words that ask about the set itself, not what the essays discuss ("rank the essays by evidence",
# "which one is the most radical"): such a question gets each thesis, not each essay's closest line.
_SET_WORDS = {"rank", "ranking", "order", "best", "worst", "most", "least", "strongest", "weakest", "radical",
              "convincing", "persuasive", "evidence", "quality", "overall", "common", "theme", "themes", "thread",
              "link", "together", "first", "read", "start", "easiest", "hardest", "longest", "shortest", "favourite",
              "favorite", "recommend", "important", "essays", "essay", "readings", "texts", "authors", "ones", "all",
              "each", "every", "which", "eight", "seven", "six", "five", "four", "three", "two", "brutal", "honest",
              "harsh", "frank", "blunt", "short", "quick", "line", "lines", "sentence", "sentences", "word", "words",
              "handout", "plain", "simple", "class", "students", "pupils", "paper", "response", "pick", "choose",
              "argue", "use", "teach", "group", "seminar", "exam", "presentation"}
OWN_TOPIC_WORDS = 2  # "be brutal" is no topic; "rich people … unfair deal" is


async def overview(ask: Ask) -> Reply:
    """A question about the essays as a set that no passage answers (a ranking, a common theme,
    "which is most radical"): what each essay argues, side by side, under a line that says the
    essays do not answer it themselves. The learner can judge from the theses; a refusal gives
    them nothing, and quoting one essay would answer for all.

    A question that names what it asks about ("which ones are about rich people getting an unfair
    deal?", "how does each handle public land ending up private?") gets, instead, the essays that
    come closest to that topic, each with its closest passage: one canned list of theses for every
    such question was judged a non-answer six times in FINAL-14's first run."""
    from bot.tutor.frame import GENERIC_WORDS
    from bot.tutor.handlers.compare import compare_essays, comparison_topic
    from bot.tutor.intent import content_words

    topic = comparison_topic(ask.text, ask.mentions)
    own = [w for w in content_words(topic) if w not in _SET_WORDS and w not in GENERIC_WORDS]
    # "one sentence on each of the 8 essays", "3 key points of each": what each argues, whatever else
    request = ask.frame.request
    if len(own) >= OWN_TOPIC_WORDS and not request.count and request.shape not in ("summary_points", "summary") \
            and ask.understood.intent != "summary":
        reply = await compare_essays(ask, ask.all_slugs(), " ".join(own), max_essays=MAX_OVERVIEW_ESSAYS)
        if reply.quotes and not reply.abstained:
            reply.lead = ask.t("overview_topic_lead")
            reply.text = f"{reply.lead}\n\n{reply.text}"
            reply.kind = "overview"
            return reply
    reply = await compare_essays(ask, ask.all_slugs(), "", max_essays=MAX_OVERVIEW_ESSAYS)
    reply.lead = ask.t("overview_lead")
    reply.text = f"{reply.lead}\n\n{reply.text}"
    reply.kind = "overview"
    return reply
