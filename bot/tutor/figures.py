"""An answer to "how many / how much" holds the essay's figure when the essay has one near the question.

The quotes are chosen by meaning, and the sentence that carries the number is often not the one
closest to the question ("the pilot … 14 insurance claims, mostly for frames, and two thefts" sits
after a sentence about the pilot's design). Before the tutor says "X gives no figure for that", it
looks for a sentence with a figure among the sentences of the quoted essays closest to the question,
those of the quoted paragraphs first, and quotes it first.
"""

from __future__ import annotations

import re

from bot.tutor.answer import Reply
from bot.tutor.compose import PASSAGE_CHARS, Sentence, group_quotes, paragraph_sentences, render_answer, whole_paragraph
from bot.tutor.context import Ask
from bot.tutor.intent import content_words
from bot.tutor.scopes import stems

# An amount: a number that is not a year ("between 2016 and 2022" answers no "how many"), a share,
# or a number word from two up.
AMOUNT = re.compile(r"(?<![\w,.])(?!(?:1[5-9]|20)\d\d(?:s|\b))\d[\d,.]*|"
                    r"\b(?:percent|per\s+cent|million|billion|trillion|half|third|quarter|fifth|tenth|dozens?|"
                    r"hundreds?|thousands?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
                    r"seventy|eighty|ninety)\b", re.I)
# The sentences of the quoted essays closest to the question that may hold the figure: FINAL-13..17's
# "gives no figure" leads were false 5 times of 7, the figure always within the essay's closest 12.
FIGURE_CANDIDATES = 12
FIGURE_MARGIN = 0.15  # a sentence outside the quoted paragraphs this close to the closest sentence
MAX_FIGURE_RUN = 2  # sentences with amounts quoted on either side of the one found, in a long paragraph


def has_amount(reply: Reply, about: frozenset[str] = frozenset()) -> bool:
    """Whether a quoted sentence gives an amount (a year alone does not), in a sentence holding one
    of the stems `about` when there are any."""
    return any(AMOUNT.search(s.text) and _about(s.text, about) for q in reply.quotes for s in q.sentences) \
        or (not any(q.sentences for q in reply.quotes) and any(AMOUNT.search(q.text) for q in reply.quotes))


# words that ask for a figure, never what it is of
_FIGURE_WORDS = frozenset(stems("how much many number numbers figure figures exact actual percent percentage stat stats "
                                "statistics amount share proportion total data essay text article author writer"))
ABOUT_STEMS = 2  # the question's rarest words, one of which the figure's sentence must hold


def figure_topic(ask: Ask) -> frozenset[str]:
    """The question's rarest words the essays use ("e-readers" of "how many e-readers has it
    lent"): a figure in a sentence with none of them is a figure of something else (FINAL-23,
    judged blind: 8 questions for a figure the essay never gives were answered with other figures
    and no word that the essay gives none)."""
    scope = ask.scope
    words = " ".join(content_words(ask.frame.core or ask.frame.topic))
    names = {t for part in scope.author_parts for t in stems(part)}  # "rana" names the essay, not the figure
    weights = {s: w for s, w in scope.weights(words).items()
               if scope.document_frequency(s) > 0 and s not in _FIGURE_WORDS and s not in names and not s.isdigit()
               and len(s) > 2}  # "us" is a pronoun as often as the country
    return frozenset(sorted(weights, key=lambda s: (-weights[s], s))[:ABOUT_STEMS])


def _about(sentence: str, about: frozenset[str]) -> bool:
    return not about or bool(about & set(stems(sentence)))


FIGURE_SHARE = 0.2  # of the question's words, in a sentence with a figure found outside the closest ones


def _figure_sentence(ask: Ask, essays: list[str], about: frozenset[str]) -> tuple[str, int, int] | None:
    """The sentence of `essays` with an amount that holds one of the question's rarest words and
    most of its words, however far in meaning: "how much money US give to ukraine" and the
    "$40 billion military assistance package" share few words and no close vector."""
    if not about:
        return None
    words = " ".join(content_words(ask.frame.core or ask.frame.topic))
    weights = {s: w for s, w in ask.scope.weights(words).items() if s not in _FIGURE_WORDS and not s.isdigit()}
    total = sum(weights.values())
    best: tuple[float, str, int, int] | None = None
    for slug in essays:
        essay = ask.tools.lookup(slug)
        for para in essay.paragraphs if essay else ():
            for index, sentence in enumerate(paragraph_sentences(para.text)):
                held = set(stems(sentence))
                if not AMOUNT.search(sentence) or not about & held or total <= 0:
                    continue
                share = sum(w for t, w in weights.items() if t in held) / total
                if share >= FIGURE_SHARE and (best is None or share > best[0]):
                    best = (share, slug, para.number, index)
    return best[1:] if best else None


async def with_figure(ask: Ask, reply: Reply) -> Reply | None:
    """`reply` with the closest sentence holding a figure quoted first (its paragraph whole when short),
    or None when none of the quoted essays' closest sentences has one."""
    tools, scope = ask.tools, ask.scope
    about = figure_topic(ask)
    essays = list(dict.fromkeys(q.essay for q in reply.quotes))
    if not essays:
        return None
    near = await tools.sentence_search(ask.encoder, scope, ask.qvec, essays, k=FIGURE_CANDIDATES)
    quoted = {(q.essay, q.paragraph) for q in reply.quotes}
    ranked = sorted(near, key=lambda row: ((row[1], row[2]) not in quoted, -row[0]))
    top = max((row[0] for row in near), default=0.0)
    for cosine, slug, number, index in ranked:
        if (slug, number) not in quoted and cosine < top - FIGURE_MARGIN:
            continue  # another paragraph's number must be about the question too
        essay = tools.lookup(slug)
        para = essay.paragraph(number) if essay else None
        parts = paragraph_sentences(para.text) if para else []
        if index < len(parts) and AMOUNT.search(parts[index]) and _about(parts[index], about):
            break
    else:
        found = _figure_sentence(ask, essays, about)
        if found is None:
            return None
        slug, number, index = found
        essay = tools.lookup(slug)
        para = essay.paragraph(number) if essay else None
        parts = paragraph_sentences(para.text) if para else []
    first = whole_paragraph(tools.lookup, slug, number, limit=PASSAGE_CHARS)
    if not first:
        # a long paragraph: the sentence and the run of sentences with amounts around it ("around
        # 9,400 loans … Fourteen resulted in an insurance claim … Two objects were stolen")
        start = end = index
        while start > 0 and index - start < MAX_FIGURE_RUN and AMOUNT.search(parts[start - 1]):
            start -= 1
        while end + 1 < len(parts) and end - index < MAX_FIGURE_RUN and AMOUNT.search(parts[end + 1]):
            end += 1
        first = [Sentence(slug, number, i, parts[i], 0, 1.0, 1.0) for i in range(start, end + 1)]
    chosen = list(first)
    for q in reply.quotes:
        for s in q.sentences:
            if s.key not in {c.key for c in chosen}:
                candidate = chosen + [s]
                if len(render_answer(ask.t, group_quotes(candidate, tools.lookup))) <= tools.settings.max_answer_chars:
                    chosen = candidate
    quotes = group_quotes(chosen, tools.lookup)
    reply.text, reply.quotes, reply.citations = render_answer(ask.t, quotes), quotes, None
    return reply
