"""Evidence items: what a study, survey or audit the essay cites found ("According to Varga, what did
a 2022 time-use study by the Northbridge Centre for Public Administration find?").

An argument rests on its evidence, and knowing what each piece of it shows is understanding the
argument, not its wording. Essays state a finding in one syntactic form far more than any other:
a description of the study as the subject of "found that", "showed that", "estimated that" or
"concluded that" (two to four such sentences in each of the nine essays the project's teachers
judged items from). The question shows the study as the essay describes it, without the clauses
set off by commas ("…, which followed 1,400 municipal office staff across nine cities, …"), and
asks what it found; the answer is the finding, typed and graded by meaning against it.

Not asked: a finding whose subject is a pronoun or points back ("She found that …", "Its success
shows that …": who "she" is stands in another sentence), a subject that is not a study or a
researcher by name, and a finding too short or too long to type.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from bot.quiz.generation import difficulty
from bot.quiz.generation.base import Generated, item_id
from bot.quiz.generation.causes import lower_first
from bot.quiz.generation.context import EssayFacts
from bot.quiz.generation.terms import shown_share
from bot.quiz.items import MAX_ACCEPTED, MAX_ANSWER, MAX_REFERENCE, QuizItem

if TYPE_CHECKING:
    from bot.quiz.generation.generator import ItemGenerator

log = logging.getLogger(__name__)

# What names a piece of evidence: the study's own noun.
STUDY_WORDS = (r"study|studies|survey|audit|review|analysis|evaluation|report|research|researchers|paper|trial|census|poll|"
               r"task\s+force|inquiry|commission|panel|experiment|investigation|assessment|meta-analysis|dataset|count|"
               r"modelling|modeling")
# (a fronted setting is no part of the subject: "On the other side of the Atlantic, a 2019 review …
# found" was asked as "what did on the other side of the Atlantic, a 2019 review … find?", round 35)
_FOUND = re.compile(r"^(?:(?:In|On|At|Across|Outside|Beyond|Over|Within|From|By|Elsewhere|Meanwhile|Similarly|Likewise|"
                    r"Later|Earlier|Closer\s+to\s+home)\b[^,;:]{0,60},\s+|[A-Z][a-z]+,\s+)?(?P<subject>[A-Za-z][^;:?]{6,200}?)\s+(?P<verb>found|showed|estimated|concluded|"
                    r"calculated|reported)\s+that,?\s+(?P<finding>.+)$")
_STUDY = re.compile(rf"\b(?:{STUDY_WORDS})\b", re.I)
_POINTING = re.compile(r"^(?:it|its|this|that|these|those|they|their|she|he|her|his|such|the\s+same)\b", re.I)
# A clause set off by commas inside the subject: "…, which followed 1,400 staff across nine cities, …"
# (a number's own comma, "1,400", does not end it)
_ASIDE = re.compile(r",\s+(?:which|who|looking at|covering|based on|drawing on|sampling|sampled|commissioned|funded|"
                    r"published|conducted|carried out|led|[a-z]+ing)\b(?:[^,]|,(?=\d))*(?:,|$)", re.I)
# A subject that is a clause of its own: "Shoup gathered sixteen studies … and", "In Scotland, where …"
_CLAUSE = re.compile(r"\b(?:and|where|when|while|but|because)$|^In\s|^[A-Z][\w'’-]+\s+(?!of\b|at\b|by\b|in\b)[a-z]+ed\b|"
                     r"\b(?:where|when)\b", re.I)
_NAMED_WITH_ROLE = re.compile(r"^(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}),\s+(?:an?|the)\s+"
                              r"(?P<role>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)\s+(?:who|whose|that|at|from|with)\b")
_MORE_FINDING = re.compile(r"^(?P<frame>(?:Among|Of|For|In)\s+[^,;]{3,90}),\s+(?P<finding>[^;]*?\d[^;]*?\b(?:said|reported|"
                           r"found|were|was|had|used|did)\b[^;]*)$")
MIN_FINDING_WORDS, MAX_FINDING_WORDS = 5, 40
PER_ESSAY = 4


def _finding(text: str) -> str:
    """The finding a learner can type: to the end of its sentence, without a trailing second
    finding joined by "; " or a dash. A contrast joined by ", while" stays: "61 percent ranked data
    skills …, while only 9 percent mentioned calculus" is one finding, and a key without its second
    half marked that half wrong (blind teachers, rounds 34 and 35: two evidence items each)."""
    return re.split(r";\s+|\s+[—–]\s+", text.rstrip(" ."), maxsplit=1)[0].strip(" ,")


def items(gen: "ItemGenerator", facts: EssayFacts) -> list[Generated]:
    out: list[Generated] = []
    for s in facts.sentences:
        if len(out) >= PER_ESSAY:
            break
        text = facts.sentence_text(s)
        found = _FOUND.match(text)
        if not found:
            continue
        subject = found.group("subject")
        # "The museum had 5.8 million visitors, but a 2019 report by … found": the study is the
        # last clause's subject
        subject = re.split(r",\s+(?:but|and|yet|while|whereas)\s+", subject)[-1]
        subject = _ASIDE.sub("", subject).strip(" ,")
        # "Helena Marchetti, an education researcher who tracked 3,800 graduates … for her 2023 book,"
        # is "the education researcher Helena Marchetti" (round 35: "the question is overloaded")
        named = _NAMED_WITH_ROLE.match(subject)
        # "Researchers modelling Phoenix have estimated that …" (asked "what did … have estimate?")
        subject = re.sub(r"\s+(?:have|has|had)$", "", subject)
        if _CLAUSE.search(subject):
            continue
        if _POINTING.match(subject) or not _STUDY.search(subject) or len(subject.split()) > 24:
            continue
        if re.search(r"\b(?:I|we|my|our)\b", subject):
            continue  # the author's own count ("My survey …") reads as a question about the author
        if named:
            subject = f"the {named.group('role')} {named.group('name')}"
        answer = _finding(found.group("finding"))
        if len(answer) > MAX_ANSWER:
            continue  # cut, the key lost its unit ("between 2.5 and 4" without "billion dollars"; round 24)
        if not MIN_FINDING_WORDS <= len(answer.split()) <= MAX_FINDING_WORDS:
            continue
        subject = lower_first(subject, facts.text)
        verb = {"found": "find", "showed": "show", "estimated": "estimate", "concluded": "conclude",
                "calculated": "calculate", "reported": "report"}[found.group("verb")]
        prompt = gen.texts("evidence_question", author=facts.surname, subject=subject, verb=verb)
        if shown_share(prompt, answer) >= 0.5:
            continue  # the question gives the finding away
        parts = [p.strip(" ,") for p in re.split(r",\s+and\s+that\s+|\s+and\s+that\s+|,\s+(?:while|whereas)\s+", answer)
                 if len(p.split()) >= 4]
        # the same study's second finding in the next sentence ("Among graduates who took a full-year
        # statistics course, 58 percent said …") is an equally right answer (round 36: bad, refused)
        nxt = next((x for x in facts.sentences if x.paragraph == s.paragraph and x.index == s.index + 1), None)
        more = _MORE_FINDING.match(facts.sentence_text(nxt)) if nxt is not None else None
        if more and not _STUDY.search(more.group("frame")):
            parts.append(f"{more.group('frame')}, {more.group('finding')}".rstrip(" ."))
        accepted = [p for p in parts if p != answer][:MAX_ACCEPTED]
        item = QuizItem(id=item_id(facts.slug, "v", prompt, answer), kind="short_answer", essay=facts.slug,
                        paragraph=s.paragraph, prompt=prompt, answer=answer, accepted=accepted,
                        reference=answer[:MAX_REFERENCE],
                        explanation=gen.texts("explanation", paragraph=s.paragraph, passage=text),
                        tags=["generated", "evidence"], author="generator", origin="generated")
        out.append(Generated(item, "evidence", difficulty.signal(paragraphs=1, prompt=prompt, passage=text,
                                                                 closeness=None),
                             text, (facts.slug, s.paragraph, s.index)))
    log.info("%d evidence items for %s", len(out), facts.slug)
    return out
