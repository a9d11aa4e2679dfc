"""Term items from the definitions an essay gives: "What does Rana call the belief in the
inherently inclusive promise of the American project?" (creedalism).

An essay's own terms are its vocabulary of ideas; knowing which idea a term names is
understanding, not recall of wording. A definition is recognised by its syntax, for any essay:
- "what I call “T,” or D" (the author's coinage);
- "T—defined as D—" / "T, defined as D,";
- "T: the idea (belief, view, notion, principle) that D";
- "T—that D—" / "T—the D—" (a concept word glossed by an apposition between dashes).
The question shows D and asks for T; T's head concept word alone is accepted too ("political
exceptionalism", "exceptionalism" for "U.S. political exceptionalism"). With two concept words
of the same essay that are not near-synonyms, not used in T's role and not defined by the essay
themselves (its definitions overlap), a choice twin is made.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from bot.quiz.generation import difficulty
from bot.quiz.generation.base import Generated, item_id
from bot.quiz.generation.cloze import term_pool
from bot.quiz.generation.context import EssayFacts
from bot.quiz.generation.defined import PATTERNS, defined_terms, term_of
from bot.quiz.generation.distractors import pick
from bot.quiz.generation.terms import reveals_answer, roots
from bot.quiz.items import QuizItem
from bot.quiz.normalize import canonical
from bot.tutor.vocabulary import english_counts

if TYPE_CHECKING:
    from bot.quiz.generation.generator import ItemGenerator

log = logging.getLogger(__name__)

def _head_forms(term: str) -> list[str]:
    words = term.split()
    out = []
    for n in range(len(words) - 1, 0, -1):
        tail = " ".join(words[-n:])
        if re.search(r"(?:ism|ity|cy|ion)$", words[-1]) and tail != term:
            out.append(tail)
    return out


# A definition's comma that opens a list it is part of: ", services, and facade can be adapted".
# Any other comma ends it ("what I call “lamplore,” or the body of rules …, outlived the keepers").
_LIST_GOES_ON = re.compile(r"^,\s*(?:[\w'’-]+\s+){0,2}?[\w'’-]+,?\s+(?:and|or)\s+", re.I)
MAX_DEFINITION_CHARS = 200


def whole(text: str, m: re.Match) -> str:
    """The definition `m` found, whole: a definition cut at a list's comma ("a building whose
    structure, services, and facade can be adapted …" once came out as "a building whose
    structure", a blind teacher's "cut off mid-phrase") runs on to the sentence's end; "" when
    that is too long to quote."""
    definition = m.group("d")
    rest = text[m.end("d"):]
    if _LIST_GOES_ON.match(rest):
        end = re.search(r"[.;](?:\s|$)", rest)
        definition += rest[:end.start()] if end else rest
    # "an annual payment made to whoever farms … to store floodwater: for letting banks be breached,
    # ditches be blocked, …": the definition is what comes before its colon, the list after it only
    # spells it out (an unseen essay's first term went unasked, or would be cut mid-list)
    head = definition.split(":")[0]
    if head != definition and len(head.split()) >= MIN_HEAD_WORDS:
        definition = head
    if len(definition) > MAX_DEFINITION_CHARS:
        return ""
    return definition.strip(" ,.;")


MIN_HEAD_WORDS = 6
MIN_DEFINITION_WORDS = 4
# an aside set off by commas inside a definition: "the habit, deeply rooted in British flood
# management since the nineteenth century, of treating a river as a pipe …"
_ASIDE = re.compile(r",\s[^,.;:]{4,90},\s(?=(?:of|that|which|who|whose|in|for|to|where|by)\b)")


def without_asides(text: str) -> str:
    """`text` with its comma asides before a preposition or relative taken out: what the
    definition patterns read when the sentence as written holds none."""
    return _ASIDE.sub(" ", text)


_NAMED_HERE = re.compile(r"\bI\s+call\s+(?:this|it|that|these)(?:\s+[a-z]+){0,3}\s+[“\"](?P<t>[^”\"]{3,40}?)[.,]?[”\"]\.?$")
_MEANT_NEXT = re.compile(r"^By\s+(?:that|this|it|which)\s+I\s+mean\s+(?P<d>.+)$")


# "… it helps to define a term librarians use all the time: the blocked borrower. A blocked borrower
# is a patron whose unpaid fines …": a term announced, then "A T is a D who/whose/that …"
_ANNOUNCED = re.compile(r"\b(?:define|defines|defined|term|terms|what\s+(?:I|we|they|\w+)\s+calls?|known\s+as)\b", re.I)
_IS_A = re.compile(r"^(?:An?|The)\s+(?P<t>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})\s+is\s+(?P<d>(?:an?|the|any)\s+[^.;]*?"
                   r"\b(?:who|whose|that|which|in\s+which|where)\b[^.;]{8,160})")


def joined_definition(text: str, next_text: str) -> str:
    """The two sentences as one "By “T” I mean D" when a term is named in the first and the
    second says what it means ("I call this … “T.” By that I mean D"; "… define a term …: the T.
    A T is a D whose …"); "" otherwise."""
    named, meant = _NAMED_HERE.search(text), _MEANT_NEXT.match(next_text)
    if named and meant:
        return f"By “{named.group('t')}” I mean {meant.group('d')}"
    defined = _IS_A.match(next_text)
    if defined and _ANNOUNCED.search(text) and defined.group("t").lower() in text.lower():
        return f"By “{defined.group('t')}” I mean {defined.group('d')}"
    return ""


# A one-word term this common in English (symspellpy's corpus counts: "exceptionalism" 67,073,
# "primacy" 453,321; "creedalism" and "rewilding" are not in it) is a word a student knows without
# the essay: blind teachers kept "creedalism" every time (18 of 18) and "exceptionalism" and
# "primacy" 3 of 24 ("general knowledge of 'American exceptionalism' answers it"). Two words
# ("liberal hegemony", 6 of 6) name the essay's own idea.
GENERAL_WORD_COUNT = 50_000


def _genus_named(term: str, definition: str) -> tuple[str, str, list[str]]:
    """"A fine-blocked account is one whose …": the question names the genus ("an account whose
    …") and asks for the word that marks the kind ("fine-blocked"; the whole "fine-blocked account"
    is accepted too). A one-word term keeps its definition as written ("a zoning rule that …")."""
    if not re.match(r"^one\b", definition):
        return term, definition, []
    words = term.split()
    if len(words) < 2:
        return "", definition, []
    genus = words[-1]
    article = "an" if re.match(r"[aeiou]", genus, re.I) else "a"
    return " ".join(words[:-1]), f"{article} {genus}{definition[3:]}", [term]


def _opens_with_head(term: str, definition: str) -> bool:
    """Whether a term of two words or more has its head (last) word as the definition's first noun
    ("captive demand": "demand that barely falls …")."""
    words = term.split()
    if len(words) < 2:
        return False
    first = re.sub(r"^(?:the|a|an|any)\s+", "", definition.strip(), flags=re.I).split()
    return bool(first) and canonical(first[0]) == canonical(words[-1])


def _general_knowledge(term: str) -> bool:
    words = term.split()
    return len(words) == 1 and english_counts().get(words[0].lower(), 0) >= GENERAL_WORD_COUNT


def _in_title(term: str, title_roots: set[str]) -> bool:
    """Every content word of the term, or its head (last) word, is in the essay's title (in any word
    form): the title names it for anyone who saw the reading list ("local currency" in an essay
    titled "… Issue Their Own Currencies Again": round 25, weak in all three samples)."""
    words = roots(term)
    head = roots(term.split()[-1]) if term.split() else set()
    return bool(words) and (words <= title_roots or bool(head) and head <= title_roots)


_NEGATIVE_PREFIX = re.compile(r"^(?:un|non-?|in|im|il|ir)(?P<rest>[a-z]{3,})$")


def _glossed_by_negation(term: str, definition: str) -> bool:
    """A term word made with a negative prefix whose stem the definition says with "not"
    ("unseen": "not seen in advance"; "non-binding": "not binding")."""
    said = canonical(definition)
    for word in canonical(term).split():
        m = _NEGATIVE_PREFIX.match(word)
        if m and re.search(rf"\b(?:not|never|no)\s+(?:\w+\s+)?{re.escape(m.group('rest')[:max(4, len(m.group('rest')) - 2)])}",
                           said):
            return True
    return False


def items(gen: "ItemGenerator", facts: EssayFacts) -> list[Generated]:
    out: list[Generated] = []
    seen: set[str] = set()
    title = canonical(facts.essay.title)
    title_roots = roots(facts.essay.title)
    defined = defined_terms(facts)
    for index, s in enumerate(facts.sentences):
        text = facts.sentence_text(s)
        following = facts.sentences[index + 1] if index + 1 < len(facts.sentences) else None
        if following is not None and following.paragraph == s.paragraph:
            # "I call this arrangement “rationing by endurance.” By that I mean any system in which …":
            # the name in one sentence, its meaning in the next, read as one
            text = joined_definition(text, facts.sentence_text(following)) or text
        for template, pattern in PATTERNS:
            m = pattern.search(text)
            if not m:
                plain = without_asides(text)
                m = pattern.search(plain) if plain != text else None
                if not m:
                    continue
                text = plain
            term = term_of(m.group("t"))
            definition = whole(text, m)
            if not definition:
                continue
            if re.match(r"^(?:how|what|whether)\b", definition) and text[m.end("d"):].lstrip(" ").startswith(","):
                continue  # "how well a measure, taken before admission, forecasts …": cut by its aside
            definition = re.sub(r"^that\s+", "the ", definition)
            accepted_whole: list[str] = []
            if template == "term_genus":
                term, definition, accepted_whole = _genus_named(term, definition)
                if not term:
                    continue
                template = "term_called"
            head_shown = not accepted_whole and _opens_with_head(term, definition)
            if head_shown:
                # "use the term “captive demand” for demand that barely falls …": the definition
                # names the head word itself; the term is asked, its kind word alone accepted too
                # ("captive"), and the head word in the question gives nothing away that the question
                # does not already say (FINAL-50's hospital essay: its one definition went unasked)
                accepted_whole = [" ".join(term.split()[:-1])]
            # ("What does Lind call “the first tier”?" asked for a label, not a concept: a blind
            # teacher, round 17; a definition of three words is a name for something, not what it is)
            if not term or len(term.split()) > 4 or len(definition.split()) < MIN_DEFINITION_WORDS or canonical(term) in seen:
                continue
            if canonical(term) in title or canonical(term) in canonical(definition) \
                    or not head_shown and reveals_answer(definition, [term.split()[-1]]):
                continue  # the term's head word in its own definition gives it away ("liberal" alone does not)
            if _general_knowledge(term):
                continue
            if _in_title(term, title_roots) or _glossed_by_negation(term, definition):
                # "unseen timed exam" for "questions they have not seen in advance", in an essay
                # titled "… the Unseen Timed Paper": a blind teacher's only bad item of round 20,
                # and two more weak for the same giveaway
                continue
            seen.add(canonical(term))
            quoted = definition.replace("“", "‘").replace("”", "’")
            prompt = gen.texts(template, author=facts.surname, definition=quoted)
            accepted = _head_forms(term) + accepted_whole
            source = (facts.slug, s.paragraph, s.index)
            paragraphs = facts.paragraphs_with(term)
            common: dict[str, Any] = dict(essay=facts.slug, paragraph=s.paragraph, prompt=prompt, answer=term,
                          explanation=gen.texts("explanation", paragraph=s.paragraph, passage=text),
                          tags=["generated", "term"], author="generator", origin="generated")
            out.append(Generated(QuizItem(id=item_id(facts.slug, "t", prompt, term), kind="short_answer",
                                          accepted=accepted, **common), "term",
                                 difficulty.signal(paragraphs=paragraphs, prompt=prompt, passage=text, closeness=None),
                                 text, source))
            head = accepted[-1] if accepted else term
            pool = [t for t in term_pool(facts, "concept") if canonical(t) not in defined]
            wrong, closest = pick(gen, facts, head, pool, sentence=text, sentence_index=index)
            wrong = [w for w in wrong if canonical(w) not in {canonical(a) for a in [term, *accepted]}]
            if len(wrong) >= 2 and not _general_knowledge(head):  # the choice twin asks for the head alone
                choices = sorted([head, *wrong], key=lambda c: item_id("", "", c, ""))
                common["answer"] = head
                out.append(Generated(QuizItem(id=item_id(facts.slug, "u", prompt, head), kind="multiple_choice",
                                              choices=choices, **common), "term",
                                     difficulty.signal(paragraphs=paragraphs, prompt=prompt, passage=text,
                                                       closeness=closest), text, source))
            break
    log.info("%d term items for %s", len(out), facts.slug)
    return out
