"""Key-claim items: what the essay says its strongest case, its deepest mistake or its real
problem is ("The deepest mistake behind beach nourishment is not technical. It is the belief that a
shoreline is a fixed line on a map." → "According to Ellery, what is the deepest mistake behind
beach nourishment?" — "the belief that a shoreline is a fixed line on a map").

Why a kind of its own: an argument names its own turning points with a superlative or a "real /
main / central" noun, and asking for them tests whether a reader found the point, not the wording
around it. Essays written for the project after the other kinds were built gave most of their
claims in this form and few in the forms the other kinds read ("because …", "X, meaning …",
"three reforms"). The answer is the predicate: the sentence's own ("… is about fairness, and …"),
or, when it says what the thing is *not* ("… is not technical."), the next sentence's "It is …".
Typed and graded by meaning; a predicate too long to type is no item.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from bot.corpus.argument import TURN_WORDS, MapSentence
from bot.quiz.generation import difficulty
from bot.quiz.generation.base import Generated, item_id
from bot.quiz.generation.causes import MAX_SHOWN_SHARE, shown_share
from bot.quiz.generation.context import EssayFacts
from bot.quiz.generation.referents import leans_back
from bot.quiz.items import MAX_REFERENCE, QuizItem

if TYPE_CHECKING:
    from bot.quiz.generation.generator import ItemGenerator

log = logging.getLogger(__name__)

_RANK = (r"strongest|best|biggest|deepest|greatest|largest|main|central|real|chief|key|core|underlying|basic|"
         r"fundamental|most\s+(?:important|serious|common|basic|powerful|persuasive|compelling|damaging|"
         r"important)|hardest|simplest|worst|weakest|first\s+and\s+most\s+\w+")
# "The strongest case against nourishment as routine policy is …": the ranked noun phrase (no verb,
# no comma) and its copula. Not "comes from" (its answer is who says it, and the question read "what
# comes the strongest objection"), nor "the honest / true / obvious X" (an evaluation, not a rank:
# "the honest choice" had a second fair answer in the essay): blind teachers, round 12.
_OPENER = r"(?:(?:but|and|so|yet|still|in\s+the\s+end|ultimately),?\s+)?"
# The ranked noun says of what ("the strongest case against …", "the deepest appeal of …"): "the
# central point is …" alone had a second fair answer, the essay's thesis (blind teachers, round 13).
_CLAIM = re.compile(rf"^{_OPENER}(?P<subject>the\s+(?:{_RANK})\s+[a-z-]+(?:\s+[a-z-]+)?\s+(?:of|against|for|behind|"
                    rf"in|about|with|to|on)\s+(?:(?!is\b|was\b|are\b)[\w'’-]+\s+){{0,6}}?(?!is\b|was\b)[\w'’-]+)\s+"
                    rf"(?P<verb>is|was)\s+(?P<rest>.+)$", re.I)
_NOT = re.compile(r"^not\s+(?:\w+\s+){0,6}?\w+(?:,\s*(?:though|however))?[.!]?$", re.I)
_IT_IS = re.compile(r"^(?:it|this)\s+(?:is|was|lies\s+in|comes\s+from)\s+(?P<rest>.+)$", re.I)
_THEY_ARE = re.compile(r"^(?:it|they)\s+(?:is|are|was|were)\s+(?P<rest>.+)$", re.I)
# "A game without a score is not really a game; it is a drill with uniforms.", "The beach is not a
# nice extra. It is the whole economy.": any noun phrase (no pronoun) said not to be one thing but
# another, the commonest way an argument corrects a view (one to five times in each of six essays
# written for the project; the superlative form above is rarer).
_CORRECTION = re.compile(rf"^{_OPENER}(?P<intro>(?:[A-Z][^,;:]{{2,60}},\s+)?)(?P<subject>(?:the|a|an|any|every|most|some|many|no|"
                         rf"[A-Z][a-z]+)\b(?:\s+(?!is\b|are\b|was\b|were\b)[\w'’-]+){{0,14}}?)\s+(?P<verb>is|are|was|were)\s+"
                         rf"not\s+(?P<not>(?:really\s+|simply\s+|just\s+|merely\s+)?[^;,]+?)(?:(?:;|,\s*but)\s*(?:it|they)\s+(?:is|are|was|were)\s+"
                         rf"(?P<but>.+)|,\s*but\s+(?P<but_np>(?:a|an|the|one|[a-z]+ing)\s+.+))?$", re.I)
_PRONOUN_SUBJECT = re.compile(r"^(?:it|this|that|these|those|they|he|she|his|her|their|its|our|my|we|i|there|here|"
                              r"which|what|one|such)\b", re.I)
_POINTING = re.compile(r"\b(?:this|that|these|those|such)\b", re.I)
_CUT = re.compile(r",\s+(?:and|but|which|though|so)\b|;|\s+[—–]\s+|:\s|,\s+(?:like|as|that)\s+")
MAX_ANSWER_WORDS = 14
# "fairness", "moral": a one-word label names the topic, not the point (blind teachers, round 11:
# weak in all three samples); the essay's fuller predicate ("fairness to other patrons") is asked.
MIN_ANSWER_WORDS = 3
PER_ESSAY = 6


# The objections an essay answers, in the forms essays announce them: "The strongest objection is
# simple: taxpayers would be paying the same for less.", "A second objection holds that exams test the
# wrong thing.", or a heading sentence and the objection in the next one ("Now the strongest
# objection, which I want to take seriously. Timed exams are hard on some students …"). Knowing
# what the other side says, and which objection the author ranks first, is reading the argument
# (the essays written for the project each answer one to three objections; no kind asked them).
_RANKED_OBJECTION = (r"(?P<rank>strongest|most\s+serious|biggest|main|obvious|second|third|fourth|final|last)\s+"
                     r"(?P<noun>objection|criticism|counter-?argument)")
_OBJECTION = re.compile(rf"^(?:now\s+|but\s+)?(?:the|a)\s+{_RANKED_OBJECTION}\s+(?:(?:is|runs|goes)\s+(?:simple|"
                        rf"simply\s+this|this|as\s+follows|straightforward)\s*:\s*|concerns\s+[\w\s-]{{2,30}}:\s+|"
                        rf"(?:holds|says|is|runs|argues|claims|"
                        rf"maintains|insists)\s+that\s+)(?P<rest>.+)$", re.I)
# "This brings me to the strongest objection, and it deserves …", "I turn now to the main criticism."
_OBJECTION_HEADING = re.compile(rf"^(?:now\s+|but\s+)?(?:(?:for|to)\s+|this\s+brings\s+(?:me|us)\s+to\s+|(?:I|we)\s+"
                                rf"(?:turn|come)\s+(?:now\s+)?to\s+|(?:consider\s+)?now\s+)?(?:the|a)\s+{_RANKED_OBJECTION}"
                                rf"(?:,\s+[^.;:]*)?\.?$", re.I)
MAX_OBJECTION_WORDS = 25


def _predicate(text: str) -> str:
    """The predicate a learner can type: cut at its first aside."""
    text = text.rstrip(" .!")
    rest = text
    for cut in _CUT.finditer(text):
        if re.match(r",\s+and\b", cut.group(0)) and "," in text[:cut.start()]:
            # "voters authorised them, can watch them, and can remove them": the last item of a
            # series (a blind teacher, round 24: the key left out "can remove them", the point itself)
            continue
        if cut.group(0).startswith(":") and len(text[:cut.start()].split()) < 5:
            # "It is a more modest device: it controls what the judges know …": the head alone is
            # empty (round 26: bad in all three samples); the key runs on to the colon's clause
            after = text[cut.end():]
            more = _CUT.search(after)
            rest = text[:cut.end()] + (after[:more.start()] if more else after)
            break
        rest = text[:cut.start()]
        break
    rest = rest.strip(" ,")
    return re.sub(r"^(?:simply|really|actually)\s+", "", rest, flags=re.I)


def items(gen: "ItemGenerator", facts: EssayFacts) -> list[Generated]:
    out: list[Generated] = []
    sentences = facts.sentences
    for k, s in enumerate(sentences):
        if len(out) >= PER_ESSAY:
            break
        text = facts.sentence_text(s)
        if text.endswith("?"):
            continue
        found = _CLAIM.match(text)
        if not found:
            made = _objection(gen, facts, k) or _correction(gen, facts, k)
            if made is not None:
                out.append(made)
            continue
        rest, answer_sentence = found.group("rest"), s
        if _NOT.match(rest.strip()):
            said = _said_next(facts, k, _IT_IS)
            if said is None:
                continue  # "… is not technical." with nothing that says what it is
            rest, answer_sentence = said
        elif re.match(r"^not\b", rest, re.I):
            but = re.search(r"\bbut\s+(?P<y>.+)$", rest)
            if not but:
                continue
            rest = but.group("y")
        answer = re.sub(r"^that\s+", "", _predicate(rest), flags=re.I)  # "… is that standings teach something real"
        if not MIN_ANSWER_WORDS <= len(answer.split()) <= MAX_ANSWER_WORDS or re.match(r"^(?:this|it|one|why|how)\b", answer, re.I):
            continue
        subject = _own(found.group("subject"), facts)
        if subject is None or leans_back(subject):
            continue
        prompt = gen.texts("claim_question", author=facts.surname, subject=subject, verb=found.group("verb").lower())
        if shown_share(prompt, answer) >= MAX_SHOWN_SHARE:
            continue
        out.append(_item(gen, facts, s, answer_sentence, prompt, answer, rest))
    log.info("%d key-claim items for %s", len(out), facts.slug)
    return out


def _said_next(facts: EssayFacts, k: int, pattern: re.Pattern) -> tuple[str, MapSentence] | None:
    """What the next sentence of the same paragraph says the thing is ("It is the belief that …"),
    and that sentence; None when it does not say."""
    after = facts.sentences[k + 1] if k + 1 < len(facts.sentences) else None
    if after is None or after.paragraph != facts.sentences[k].paragraph:
        return None
    found = pattern.match(facts.sentence_text(after))
    return (found.group("rest"), after) if found else None


def _item(gen: "ItemGenerator", facts: EssayFacts, s: MapSentence, answer_sentence: MapSentence, prompt: str,
          answer: str, reference: str) -> Generated:
    """The typed item, graded by meaning against the whole predicate; its passage is the claim and,
    when the answer is in the next sentence, that sentence too."""
    text = facts.sentence_text(s)
    passage = text if answer_sentence is s else f"{text} {facts.sentence_text(answer_sentence)}"
    item = QuizItem(id=item_id(facts.slug, "k", prompt, answer), kind="short_answer", essay=facts.slug,
                    paragraph=s.paragraph, prompt=prompt, answer=answer, reference=reference.rstrip(" .")[:MAX_REFERENCE],
                    explanation=gen.texts("explanation", paragraph=s.paragraph, passage=passage),
                    tags=["generated", "claim"], author="generator", origin="generated")
    return Generated(item, "claim", difficulty.signal(paragraphs=1, prompt=prompt, passage=passage, closeness=None),
                     passage, (facts.slug, answer_sentence.paragraph, answer_sentence.index))


def _own(subject: str, facts: EssayFacts) -> str | None:
    """The subject as the question says it: lower-cased unless it opens with a name
    (`EssayFacts.opens_with_name`), the author's "my position" as "Okafor-Hale's position"; None
    when it speaks of "I", "me" or "we" (no question reads well with them)."""
    if re.search(r"\b(?:I|me|we|us)\b", subject):
        return None
    subject = re.sub(r"\bmy\b", f"{facts.surname}’s", subject if facts.opens_with_name(subject) else
                     subject[0].lower() + subject[1:])
    return subject


def _correction(gen: "ItemGenerator", facts: EssayFacts, k: int) -> Generated | None:
    """"X is not A; it is B" or "X is not A." + "It is B.": asked as "{author} writes that X is not
    A. What is it, according to {author}?", answered with B."""
    s = facts.sentences[k]
    text = facts.sentence_text(s).rstrip(" .!")
    found = _CORRECTION.match(text)
    if not found or _PRONOUN_SUBJECT.match(found.group("subject")) or _POINTING.search(found.group("subject")) \
            or leans_back(found.group("intro") + found.group("subject")):
        return None  # "Reversing that is not …": what "that" is stands in another sentence (round 13)
    not_a = found.group("not").strip(" ,")
    if re.match(r"^(?:(?:really|simply|just|merely)\s+)?(?:that|about|because|only|between|\w+ing)\b", not_a, re.I) or len(not_a.split()) > 12:
        # "is not that …", "is not teaching him …", "is not between A and B": not a thing said to be
        # something else ("the honest choice is not between …" had a second fair answer, round 12)
        return None
    # "… is not perfectly fair, but it is the format …", "… is not a tax, but a subsidy": the correction
    # in the same sentence, the commonest form in the essays written for the project after this kind
    # was built (it read only "; it is …" and the next sentence's "It is …")
    but, answer_sentence = found.group("but") or found.group("but_np"), s
    if but is None:
        said = _said_next(facts, k, _THEY_ARE)
        if said is None:
            return None
        but, answer_sentence = said
    answer = _predicate(but)
    if not MIN_ANSWER_WORDS <= len(answer.split()) <= MAX_ANSWER_WORDS or re.match(r"^(?:that|this|it|one|why|how|\w+ing)\b", answer, re.I):
        return None
    if re.match(r"^(?:what|how|why|where|when|who|whatever)\b", answer, re.I):
        return None  # "… are not extras; they are what it is for": a clause that names nothing (round 25)
    if re.match(r"^(?:merely|simply|just|only)\b", but.strip(), re.I):
        return None  # "hidden costs are not lower costs; they are merely costs nobody weighs": a flourish that
        # restates its subject (kept 0 times of 18 by blind teachers: "inferred from the sentence's own wording")
    if re.search(r"\b(?:those|these|such)\b", answer, re.I):
        return None  # "the format in which those advantages count for least": which advantages is said before
    subject = _own(found.group("intro") + found.group("subject"), facts)
    if subject is None:
        return None
    verb = found.group("verb")
    pronoun = "they" if verb in ("are", "were") else "it"
    prompt = gen.texts("correction_question", author=facts.surname, subject=subject, verb=verb, not_a=not_a,
                       pronoun=pronoun)
    if shown_share(prompt, answer) >= MAX_SHOWN_SHARE:
        return None
    return _item(gen, facts, s, answer_sentence, prompt, answer, but)


_TURN = re.compile(rf"^(?:{TURN_WORDS})\b,?\s+", re.I)
REPLY_WORDS = 14


def _reply_to(facts: EssayFacts, objection: MapSentence) -> str:
    """The author's turn against the objection in its paragraph ("But the mandate does nothing to
    improve transit"), as the question's handle on which objection is meant: students have no
    paragraph numbers (blind teachers, rounds 34 and 35: "which objection … in ¶9" weak or bad),
    and "the second objection" asks them to count. "" when the paragraph has no such turn."""
    for s in facts.sentences:
        if s.paragraph != objection.paragraph or s.index <= objection.index:
            continue
        text = facts.sentence_text(s)
        if _TURN.match(text):
            clause = re.split(r"[;:,]\s+|\s+[—–]\s+", _TURN.sub("", text), maxsplit=1)[0].strip(" .")
            words = clause.split()
            if 4 <= len(words) <= REPLY_WORDS:
                return clause[0].lower() + clause[1:] if not re.match(r"^[A-Z][A-Z]|^I\b", clause) else clause
    return ""


def _objection(gen: "ItemGenerator", facts: EssayFacts, k: int) -> Generated | None:
    """"The strongest objection is simple: X", "A second objection holds that X", or "Now the
    strongest objection, …" + "X.": asked as "What is the strongest objection {author} answers?",
    answered with X (graded by meaning)."""
    s = facts.sentences[k]
    text = facts.sentence_text(s).rstrip(" .!")
    found = _OBJECTION.match(text)
    answer_sentence = s
    if found is not None:
        rest = found.group("rest")
    else:
        found = _OBJECTION_HEADING.match(text)
        if found and re.search(r"\b(?:accept|agree|concede|grant)", text, re.I):
            return None  # "…, which I accept in part." is followed by what the author grants, not the objection
        stated = _stated_later(facts, k) if found else None
        if stated is not None and found is not None:
            rest, answer_sentence = stated
            return _objection_item(gen, facts, s, answer_sentence, found, rest)
        said = _said_next(facts, k, re.compile(r"^(?P<rest>(?!(?:it|this|that|these|they|but|and|so|yet)\b)[^?]+)$", re.I)) \
            if found else None
        if said is None:
            return None
        rest, answer_sentence = said
    assert found is not None
    return _objection_item(gen, facts, s, answer_sentence, found, rest)


# "The agricultural economist Lena Marchetti put it most sharply in a 2017 paper.": the sentence after
# an objection's heading names who makes it; the objection itself comes later ("Her argument is that
# …"). Keyed with the naming sentence, the item refused the objection (round 26: bad in all three).
_NAMES_SOURCE = re.compile(r"\b(?:put|puts|made|makes|set|sets|raised|raises|pressed|presses|stated|states)\s+"
                           r"(?:it|the\s+case|this|that|the\s+point)\b|\b(?:in|on)\s+(?:a|an|her|his|their)\s+(?:\d{4}\s+)?"
                           r"(?:paper|book|article|report|essay|op-ed|speech)\b", re.I)
_ARGUMENT_IS = re.compile(r"^(?:her|his|their|the|its)\s+(?:argument|objection|claim|case|point|worry|complaint)\s+"
                          r"(?:is|was)\s+(?:simply\s+)?that\s+(?P<rest>.+)$", re.I)


def _stated_later(facts: EssayFacts, k: int) -> tuple[str, MapSentence] | None:
    """After a heading and a sentence naming the objection's source, the sentence that states it
    ("Her argument is that public gene banks are poorly maintained"); ("", heading) when the source
    is named but the objection is never stated in that form (no item); None when the next sentence
    does not name a source."""
    here = facts.sentences[k]
    after = [s for s in facts.sentences[k + 1:k + 4] if s.paragraph == here.paragraph]
    if not after or not _NAMES_SOURCE.search(facts.sentence_text(after[0])):
        return None
    for s in after[1:]:
        found = _ARGUMENT_IS.match(facts.sentence_text(s).rstrip(" ."))
        if found:
            return found.group("rest"), s
    return "", here


def _objection_item(gen: "ItemGenerator", facts: EssayFacts, s: MapSentence, answer_sentence: MapSentence,
                    found: re.Match, rest: str) -> Generated | None:
    """The objection item once its statement `rest` is found (see `_objection`)."""
    if not rest:
        return None
    rest = re.sub(r"^that\s+", "", rest.strip(), flags=re.I)
    # "The national parks, the argument runs, belong to everyone": the aside is not the objection
    rest = re.sub(r",\s+(?:the|their|this|that)\s+(?:argument|objection|reasoning|claim|critics?)\s+(?:runs|goes|says|say|"
                  r"holds|insists?|argues?)\s*,", "", rest, flags=re.I)
    rest = re.sub(r",\s+(?:critics|opponents|sceptics|skeptics|defenders|supporters|they)\s+(?:say|argue|claim|insist)\s*,",
                  "", rest, flags=re.I)
    answer = re.split(r";\s+|\s+[—–]\s+|,\s+(?:as|so|because|since)\s+", rest.rstrip(" .!"), maxsplit=1)[0].strip(" ,")
    if not MIN_ANSWER_WORDS <= len(answer.split()) <= MAX_OBJECTION_WORDS or re.match(r"^(?:it|this|one|why|how)\b", answer, re.I):
        return None
    rank = re.sub(r"\s+", " ", found.group("rank").lower())
    if rank in ("second", "third", "fourth", "final", "last"):
        # "the second objection" asks the student to count, and a reader may count differently (two
        # blind teachers of three, round 24): the paragraph says which
        reply = _reply_to(facts, s)
        if not reply:
            # "Which objection does Hartley-Mensah answer in ¶7?": students never see paragraph numbers,
            # and that paragraph answered two objections (blind teachers, rounds 36 and 37: bad both times)
            return None
        prompt = gen.texts("objection_question_reply", author=facts.surname, noun=found.group("noun").lower(),
                           reply=reply)
    else:
        prompt = gen.texts("objection_question", author=facts.surname, rank=rank, noun=found.group("noun").lower())
    return _item(gen, facts, s, answer_sentence, prompt, answer, rest)
