"""Grading typed and chosen answers.

The rules, in order (each has a table of accepted and rejected answers in the tests, and
`tests/quiz/grading_table.py` holds the (answer, verdict) table the accuracy is reported on):

1. Normalise both sides: case, Unicode quotes and dashes, accents, punctuation, a leading
   article, possessive "'s", `%` -> "percent", number words -> digits (years too: "nineteen
   eighty-nine" -> 1989), decade words -> "90s", "Jan 6" -> "january 6", "WWII" -> "second
   world war", "U.S." -> "united states".
2. Whole answer: exact match against the answer or an accepted alternative, a decade or
   spacing variant, or small typos in each word ("Internatonal Criminal Cort").
3. A person's name written surname first ("Beinart, Peter"); the parts of a two-part answer in
   another order ("Finland and Sweden").
4. Guess lists with separators ("Putin, Xi or Modi") are rejected before any looser rule.
5. Word by word (rule "words"): every content word of an accepted answer must be matched by a
   word of the answer: the same word, a small typo scaled to the word's length (none up to 4
   letters, never across digits, never a changed first letter, so "unsuccessful" is not a typo
   of "successful"), another form of it ("anti-imperialism" for "anti-imperial", not for names)
   or a listed synonym ("storming" for "riot"). Negation and direction must agree: "not",
   "no", "lack", "shortage" flip an answer; "raise"/"cut", "increase"/"decrease",
   "expand"/"scale back", "impose"/"lift" give it a direction. A neutral accepted answer ("the
   security budget") takes the direction of the item's main answer ("scaling back the security
   budget"), so "expanding the security budget" fails. The matched words keep their order
   (except around "of": "the storming of the Capitol"). A few extra words are allowed ("I think
   it was Putin", "the NIEO initiative"), but not a list of other candidates run together
   ("Peter Beinart Daniel Bessner", "exceptionalism creedalism liberalism").
6. Meaning (short answers with a reference sentence only): the best embedding cosine between the
   answer and the reference or an accepted answer, at or above a calibrated threshold, for
   answers of at least three content words. Embeddings barely see negation, direction or word
   order ("budget security the back scaling" scores 0.79), so meaning never accepts an answer
   whose negation or direction disagrees with the text it matched, nor one whose words are the
   answer's words scrambled, nor one rule 5 already rejected for negation, direction or guessing.

Issue 20 added (each with a table in tests/quiz/test_quiz_contradictions.py, and the blind table
in tests/data/blind_grading_table.yaml): answers are read in clauses, so true context ("1989,
when the Berlin Wall fell") is not extra words and "the dollar, not the euro" excludes the euro;
`contradiction` refuses opposite words (`bot.quiz.lexicon`), answers that contradict the question,
and people the cited passage does not credit; the meaning rule also refuses another actor and a
swapped key word; abbreviations, acronyms of the key's names, UK spellings and ordinal dates match.

Issue 20's second blind table added, one module per concern: `bot.quiz.normalize` (rule 1 and the
whole-answer comparisons, moved out of this module), `bot.quiz.relations` (a relation word that
moves the key: "before 1989", "more than 30%"; "the decade after the 1940s" resolved),
`bot.quiz.negation` (how far a negation reaches: "freed from", "anything but", "not X but Y", a
key word denied, the opposite of a negated key), `bot.quiz.places` ("Bosnia and Herzegovina" is
one name), `bot.quiz.glosses` (the essay's own other name for a key) and `bot.quiz.attribution`
(who an answer credits, moved out of this module). Here: a kind noun or an appositive describes
the answer ("Cato, the libertarian think tank"), a key's head noun swapped for another noun is a
near miss ("a clear political opponent"), a typed choice may exclude a distractor ("Indonesia, not
Canada") but not put another party or place in the choice's frame ("coterminous with China's
interests"), and the question's own phrase with another modifier contradicts it ("30% of rice
exports"). Tables: tests/quiz/test_quiz_relations.py, test_quiz_negation_scope.py,
test_quiz_context_and_forms.py, test_quiz_typed_choices.py, test_quiz_glosses.py, and the second
blind table in tests/data/blind_grading_table2.yaml.

Every result names the rule that decided it (`why`) and the accepted answer it was compared
with (`target`), so a moderator can see why an answer passed or failed (`tutorbot quiz grade`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from dataclasses import replace as with_fields
from typing import Any, Callable, Iterable, Literal, Mapping, Protocol, Sequence

import numpy as np

from bot.model.embedding import ModelUnavailable
from bot.quiz import glosses, lexicon, negation, places, relations
from bot.quiz.attribution import expand_acronyms, people_of, wrong_name
from bot.quiz.normalize import (
    JOINED_PREFIXES,
    MONTHS,
    NEGATING_PREFIXES,
    Rule,
    abbreviated,
    allowed_typos,
    canonical,
    close_enough,
    root,
    roots,
    shorten_decades,
    word_typo,
)
from bot.quiz.normalize import STOP as _STOP

__all__ = ["Grader", "GradeResult", "WHY", "Rule", "analyse", "canonical", "close_enough", "word_typo", "allowed_typos",
           "root", "grade_text", "grade_choice", "resolve_choice", "shown_choices", "item_facts", "expand_acronyms",
           "wrong_name", "people_of", "contradiction", "clauses", "MAX_ANSWER_CHARS", "DEFAULT_SEMANTIC_THRESHOLD"]
from bot.quiz.items import BLANK, FALSE_WORDS, TRUE_WORDS, QuizItem
from bot.stopwords import CHAT_WORDS, FUNCTION_WORDS
from bot.text import clean_input, normalize_for_match

log = logging.getLogger(__name__)

Reason = Literal["empty", "guess_list", "invalid_choice", "wrong", "too_long", "dont_know"]

MAX_ANSWER_CHARS = 300
# Calibrated on tests/quiz/calibration.py with all-MiniLM-L6-v2: at 0.60, 9 of 12 paraphrases
# accepted and 0 of 12 on-topic wrong answers (1 of 12 without the polarity guard).
DEFAULT_SEMANTIC_THRESHOLD = 0.60
MIN_MEANING_WORDS = 3
# A multiple-choice answer typed in the player's own words picks a choice by meaning only when
# that choice is clearly closer than the next one.
CHOICE_MEANING_MARGIN = 0.08


# Words people wrap an answer in ("I think it was ...", "Rana calls it ..."): ignored, never extra.
_FILLER = frozenset("""
think thinks thought believe believes guess maybe probably perhaps possibly likely surely sure
pretty definitely certainly obviously clearly answer answers say says said call calls called
named name term termed refer refers referred write writes wrote argue argues argued mention
mentions mentioned hmm hm um uh er erm ok okay well like kinda sorta sort kind basically actually
really quite rather mostly mainly idea concept thing things something someone please lol im ive
id youre thats whats theres dunno know knew remember right
""".split()) | CHAT_WORDS
# Negation flips an answer ("no sanctions"); so do words that say something is missing
# ("a lack of experts" = "not enough experts" = "a shortage of experts").
_NEGATION = frozenset("""
not no never none nothing nobody neither nor without dont doesnt didnt isnt arent wasnt werent cant
cannot wont wouldnt shouldnt couldnt hasnt havent hadnt aint lack lacks lacking lacked shortage
shortages absence absent insufficient inadequate missing scarce scarcity dearth deficit shortfall few
""".split())
# Words that deny what follows them in an answer ("the rejection of creedalism", "hardly the dollar",
# "creedalism's opposite"). Not counted in a true/false answer's reasons ("true, they refused").
_DENIAL = frozenset("""
hardly barely scarcely opposite reverse antithesis
reject rejects rejected rejecting rejection avoid avoids avoided avoiding avoidance refuse refuses refused
refusing refusal deny denies denied denying denial
""".split())
_TF_NEGATION = _NEGATION
_NEGATION = _NEGATION | _DENIAL
_UP = frozenset("""
increase increases increased increasing raise raises raised raising boost boosts boosted boosting
double doubles doubled doubling triple tripled tripling expand expands expanded expanding expansion
grow grows grew grown growing growth more bigger larger greater higher hike hikes hiked hiking
enlargement enlargements
escalate escalates escalated escalating escalation intensify intensified intensifying strengthen
strengthened strengthening maximize maximise bolster
bolstered bolstering enlarge enlarged enlarging augment augmented heighten heightened add adds added
adding inflate inflated inflating
""".split())
_DOWN = frozenset("""
cut cuts cutting reduce reduces reduced reducing reduction reductions decrease decreases decreased
decreasing shrink shrinks shrank shrunk shrinking lower lowers lowered lowering less fewer smaller
slash slashes slashed slashing trim trims trimmed trimming curb curbs curbed curbing curtail
curtailed curtailing downsize downsized downsizing defund defunded defunding lift lifts lifted
lifting remove removes removed removing removal end ends ended ending abolish abolished abolishing
abolition eliminate eliminated eliminating elimination relief relieve relieved relieving repeal repealed repealing scrap scrapped
scrapping drop dropped dropping withdraw withdrew withdrawn withdrawing withdrawal ease eased easing
weaken weakened weakening minimize minimise halve halved halving contraction contracting shrinkage
""".split())
# Putting something in place is not "more" of it: "imposing sanctions" is still "sanctions", while
# "lifting sanctions" is the opposite.
_PRESENCE = frozenset("impose imposes imposed imposing imposition apply applies applied applying use uses used using".split())
# Two-word directions: "scaling back", "ramping up".
_DOWN_VERBS = frozenset("scale scales scaled scaling roll rolls rolled rolling pull pulls pulled pulling "
                        "wind winds winding draw draws drawing cut cuts cutting".split())
_UP_VERBS = frozenset("ramp ramps ramped ramping step steps stepped stepping scale scales scaled scaling "
                      "build builds building beef beefs beefed beefing bump bumps bumped bumping".split())
# Synonyms that stand for each other inside an answer (general English, not about one essay).
_SYNONYM = {word: index for index, words in enumerate(lexicon.SYNONYM_SETS) for word in words}
# A name's generic head may be left out ("Iraq" for "Iraq War") unless what is left is only a
# modifier ("Cold" is not the Cold War).
_DROPPABLE_HEADS = frozenset({"war", "wars"})
_NOT_A_NAME_ALONE = frozenset("cold civil world great first second third holy new old gulf".split())
# Suffix families: two extra words of the same family as the answer are rival answers, not filler.
_FAMILIES = ("ism", "isms", "ist", "ists", "ian", "ians", "ity", "ation", "ations")
_PREPOSITIONS = frozenset({"of", "for", "on", "against", "in", "to", "by", "from", "with", "at"})

_GUESS_SPLIT = re.compile(r"\s*(?:,|;|/|\||\bor\b|\band/or\b|\n)\s*")
_GUESS_SPLIT_AND = re.compile(r"\s*(?:,|;|/|\||\bor\b|\band/or\b|\band\b|&|\n)\s*")


@dataclass(frozen=True)
class GradeResult:
    correct: bool
    rule: Rule | None = None       # which rule accepted the answer
    reason: Reason | None = None   # why a wrong answer was rejected (coarse: what the player is told)
    choice: int | None = None      # the chosen index (choice items)
    similarity: float | None = None
    answer: str = ""               # the answer as given, cleaned, for the record
    why: str = ""                  # the rule that decided, finer than `reason` (see WHY)
    target: str = ""               # the accepted answer (or choice) it was compared with
    words: tuple[str, ...] = ()    # the words behind the decision (missing, extra, opposite)
    context: tuple[str, ...] = ()  # words of true context beside a right answer ("when the Berlin Wall fell")

    @property
    def counts(self) -> bool:
        """Whether this is a real answer (it locks); empty answers and guess lists do not."""
        return self.reason not in ("empty", "guess_list", "invalid_choice", "too_long", "dont_know")

    @property
    def decided_by(self) -> str:
        return self.why or self.rule or self.reason or ""


# What `why` can be, for the CLI and /quizitem test (each has a `why_<code>` text in prompts/quiz.yaml).
WHY = ("exact", "variant", "typo", "words", "name_order", "parts", "meaning", "choice", "empty", "too_long",
       "guess_list", "invalid_choice", "negation", "direction", "extra_words", "order", "missing", "meaning_low",
       "wrong_choice", "wrong", "phonetic", "opposite", "premise", "wrong_name", "other_actor", "dont_know",
       "relation", "gloss")


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


EncodeFn = Callable[[list[str]], np.ndarray]


# -- word analysis ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Analysis:
    """An answer as words: the content words in order, and its negation and direction.

    An answer is also split into clauses (at commas, brackets, dashes and words that start a
    clause of context: "when", "during", "like", "which", ...), so that "1989, when the Berlin Wall
    fell" is the answer "1989" plus true context, and "the dollar, not the euro" excludes the euro
    instead of negating the dollar. `clause_neg[i]` counts the negations of clause i, and
    `clause_starts_negated[i]` says whether it opens with one ("not the euro").
    """

    content: tuple[str, ...]
    negated: bool
    direction: int            # +1 more, -1 less, 0 neither (or both)
    names: frozenset[str]     # content words written with a capital (proper names)
    tokens: tuple[str, ...] = ()     # every word, in order
    at: tuple[int, ...] = ()         # where each content word is in `tokens`
    clause: tuple[int, ...] = ()     # the clause of each token
    clause_neg: tuple[int, ...] = ()
    clause_dir: tuple[tuple[bool, bool], ...] = ()   # (up, down) per clause
    clause_starts_negated: tuple[bool, ...] = ()
    neg_at: tuple[int, ...] = ()     # where the negation words are in `tokens`

    @property
    def polarity(self) -> tuple[bool, int]:
        return self.negated, self.direction

    @property
    def neutral(self) -> bool:
        return not self.negated and self.direction == 0

    def content_clause(self, index: int) -> int:
        """The clause of content word `index`."""
        return self.clause[self.at[index]] if self.clause else 0

    def polarity_without(self, excluded: set[int], head: set[int] | None = None) -> tuple[bool, int]:
        """Negation over every clause but the excluded ones; direction over the head clauses only
        (a direction word in a clause of context describes the context, not the answer)."""
        if not self.clause_neg:
            return self.polarity
        negations = sum(n for i, n in enumerate(self.clause_neg) if i not in excluded)
        clauses = head if head else set(range(len(self.clause_dir))) - excluded
        up = any(self.clause_dir[i][0] for i in clauses if i < len(self.clause_dir))
        down = any(self.clause_dir[i][1] for i in clauses if i < len(self.clause_dir))
        return negations % 2 == 1, (1 if up else 0) - (1 if down else 0)


def _name_words(raw: str) -> frozenset[str]:
    out = set()
    for word in re.findall(r"[\w'’.-]+", raw):
        if word[:1].isupper():
            out.update(canonical(word).split())
    return frozenset(out)


_POLARITY_WORDS = sorted(w for w in _NEGATION | _UP | _DOWN if len(w) >= 5)


def _polarity_word(token: str) -> str:
    """A misspelt negation or direction word still counts ("cuting", "increaseing", "withuot")."""
    if token in _NEGATION or token in _UP or token in _DOWN or len(token) < 5 or token in _STOP or token in _FILLER:
        return token
    if lexicon.is_english(token):
        return token  # "agent" is a word of its own, not a misspelt "aren't"
    for word in _POLARITY_WORDS:
        if word[0] == token[0] and abs(len(word) - len(token)) <= 1 and word_typo(token, word):
            return word
    return token


# Words that open a clause of context after the answer ("1989, when the Berlin Wall fell").
_CLAUSE_OPENERS = frozenset("""
when while during after before since like under following because plus including via which who whom
whose where although though unlike ie eg namely
""".split())
# "an actor *that could* drive change": "that" before an auxiliary opens a relative clause.
_AUXILIARIES = frozenset("could would can will may might should must is was are were has have had does did".split())
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:()\[\]]|\s[-\u2013\u2014]\s|[\u2013\u2014]|\bsuch as\b)\s*")


def clauses(raw: str) -> list[str]:
    """The answer as typed, cut into clauses (see `Analysis`)."""
    text = re.sub(r"(\d),\s*(\d{4})\b", r"\1 \2", abbreviated(clean_input(raw)))  # "Jan. 6, 2021" is one date
    out: list[str] = []
    for piece in _CLAUSE_BREAK.split(text):
        words = piece.split()
        current: list[str] = []
        for index, word in enumerate(words):
            bare = word.lower().strip(".,!?'\"")
            nxt = words[index + 1].lower().strip(".,!?'\"") if index + 1 < len(words) else ""
            if (bare in _CLAUSE_OPENERS or bare == "that" and nxt in _AUXILIARIES) and current:
                out.append(" ".join(current))
                current = []
            current.append(word)
        if current:
            out.append(" ".join(current))
    return [c for c in out if c.strip()]


_AGAINST = re.compile(r"\bagainst\s+(?=[A-Za-z])", re.I)
_ADDITIVE = frozenset("only just merely simply".split())


def analyse(raw: str, text: str | None = None) -> Analysis:
    """Split an answer (raw, as typed) into what the grader compares. `text`, the canonical form,
    is accepted for callers that have it; the clauses always come from the raw answer."""
    parts = clauses(raw) or [raw]
    tokens: list[str] = []
    clause_of: list[int] = []
    for number, part in enumerate(parts):
        for token in canonical(part).split():
            tokens.append(_polarity_word(token))
            clause_of.append(number)
    if text is not None and not parts:
        tokens = [_polarity_word(t) for t in text.split()]
        clause_of = [0] * len(tokens)
    content: list[str] = []
    at: list[int] = []
    neg_at: list[int] = []
    clause_neg = [0] * len(parts)
    clause_dir = [[False, False] for _ in parts]
    starts_negated = [False] * len(parts)
    seen_clause: set[int] = set()
    skip = False
    for index, token in enumerate(tokens):
        number = clause_of[index]
        first = number not in seen_clause
        seen_clause.add(number)
        if skip:
            skip = False
            continue
        nxt = tokens[index + 1] if index + 1 < len(tokens) and clause_of[index + 1] == number else ""
        if nxt in ("back", "down") and token in _DOWN_VERBS:
            clause_dir[number][1] = True
            skip = True
        elif nxt == "up" and token in _UP_VERBS:
            clause_dir[number][0] = True
            skip = True
        elif token in _NEGATION and not (token == "not" and nxt in _ADDITIVE):  # "not only X but also Y" adds
            clause_neg[number] += 1
            neg_at.append(index)
            starts_negated[number] = starts_negated[number] or first
        elif token in _UP:
            clause_dir[number][0] = True
        elif token in _DOWN:
            clause_dir[number][1] = True
        elif token in _STOP or token in _FILLER or token in _PRESENCE:
            continue
        elif len(token) > 1 or token.isdigit():
            content.append(token)
            at.append(index)
    up = any(d[0] for d in clause_dir)
    down = any(d[1] for d in clause_dir)
    direction = (1 if up else 0) - (1 if down else 0)
    return Analysis(tuple(content), sum(clause_neg) % 2 == 1, direction, _name_words(raw), tuple(tokens), tuple(at),
                    tuple(clause_of), tuple(clause_neg), tuple((u, d) for u, d in clause_dir), tuple(starts_negated),
                    tuple(neg_at))


def _phonetic(word: str) -> str:
    """A rough sound of a name: "Kato" and "Cato", "Nierere" and "Nyerere" sound alike."""
    word = re.sub(r"^c(?=[aou])", "k", word)
    word = re.sub(r"ph", "f", word)
    word = re.sub(r"ck", "k", word)
    word = re.sub(r"(?<=[a-z])y", "i", word)
    return re.sub(r"(.)\1", r"\1", word)


def _word_match(g: str, e: str, e_is_name: bool, forms: bool = True) -> str | None:
    if g == e:
        return "exact"
    if _SYNONYM.get(g, -1) == _SYNONYM.get(e, -2):
        return "synonym"
    if re.search(r"\d", g + e):
        if shorten_decades(e) == g or shorten_decades(g) == e:
            return "variant"
        return "variant" if re.fullmatch(r"\d\d", g) and re.fullmatch(r"(?:19|20)\d\d", e) and e.endswith(g) else None  # '89
    if lexicon.opposite_words(g, e):
        return None
    prefix = next((p for p in JOINED_PREFIXES if g.startswith(p) and e.startswith(p) and min(len(g), len(e)) > len(p) + 3), None)
    if prefix and not e_is_name:  # "antiempire" for "antiimperial": the same prefix on two forms of one word
        rest = _word_match(g[len(prefix):], e[len(prefix):], False, forms)
        if rest in ("exact", "synonym", "form"):
            return rest
    if word_typo(g, e):
        return "typo"
    if e_is_name and len(e) >= 4 and _phonetic(g) == _phonetic(e):
        return "phonetic"
    if forms and not e_is_name and len(root(e)) >= 5 and root(g) == root(e):
        return "form"
    if forms and not e_is_name and {r for r in roots(g) if len(r) >= 7} & roots(e):
        return "form"  # "anticlericalism" for "anticlerical": one suffix more, whatever the crude root makes of it
    if forms and not e_is_name and lexicon.same_derivation(g, e):
        return "form"  # "empire" for "imperial"
    if forms and not e_is_name and lexicon.same_scale_end(g, e):
        return "synonym"  # "harsh sanctions" for "aggressive sanctions"
    if lexicon.antonym_of_negated(g, e):
        return "synonym"  # "a failure" for "unsuccessful"
    return None


@dataclass(frozen=True)
class ItemFacts:
    """What the grader knows about an item beyond the one accepted answer it compares with.

    - `key_words`: content words of the main answer, the accepted answers and the reference
      sentence. Repeating them is never an extra word (the key's own words are not guesses).
    - `answer_words`: the same for the main and accepted answers only: the words a contradicting
      answer is compared with ("unipolar" against "multipolar").
    - `prompt_words` and `prompt`: the question's own words (not extra words) and the question as
      analysed, for answers that contradict the question itself.
    - `context`: canonical text an answer may draw true context from (prompt, answers, reference,
      explanation, the cited paragraph, the essay's title and author).
    - `people`: canonical names the essays give (authors and people named in the text), so that
      "as Adam Tooze said" is recognised even typed in lower case.
    """

    key_words: frozenset[str] = frozenset()
    answer_words: frozenset[str] = frozenset()
    prompt_words: frozenset[str] = frozenset()
    prompt: Analysis | None = None
    context: str = ""
    people: frozenset[str] = frozenset()
    key_negated: bool = False     # the main answer itself says something is missing ("it lacks ...")
    relation: str | None = None   # where the question puts its answer: "After which year" (`bot.quiz.relations`)
    key_numbers: frozenset[str] = frozenset()   # the numbers of the accepted answers ("1989", "1950s")
    glosses: tuple[str, ...] = ()  # the essay's own other names for the key (`bot.quiz.glosses`)
    key_names: frozenset[str] = frozenset()    # the answers' words written with a capital ("Cato")

    def free(self, word: str) -> bool:
        """A word that is never counted as an extra word: the key's or the question's own."""
        if word in self.key_words or word in self.prompt_words:
            return True
        s = lexicon.stem(word)
        return any(lexicon.stem(w) == s or lexicon.same_derivation(w, word) for w in self.key_words | self.prompt_words)


NO_FACTS = ItemFacts()


def _content_set(text: str) -> frozenset[str]:
    return frozenset(analyse(text).content) if text else frozenset()


_BLANK_RUN = re.compile(r"_{3,}")
_NUMERIC = re.compile(r"\d+(?:\.\d+)?s?")


def item_facts(item: QuizItem, *, context: str = "", people: frozenset[str] = frozenset(),
               glosses: tuple[str, ...] = ()) -> ItemFacts:
    """The facts of one item; `context` is the cited paragraph's text and the essay's title and author."""
    answers = item.answers if item.kind in ("short_answer", "cloze") else [item.answer]
    answer_words = frozenset().union(*(_content_set(a) for a in answers))
    key_words = answer_words | _content_set(item.reference or "")
    prompt_text = item.prompt.replace(BLANK, " ")
    blank = _BLANK_RUN.search(item.prompt) if item.kind == "cloze" else None
    before_blank = canonical(item.prompt[:blank.start()]).split() if blank else None
    relation = relations.question_relation(canonical(prompt_text).split(), before_blank, canonical(item.answer).split())
    return ItemFacts(
        key_words=key_words, answer_words=answer_words, prompt_words=_content_set(prompt_text),
        prompt=analyse(prompt_text),
        context=" ".join(canonical(t) for t in (prompt_text, *answers, item.reference or "", item.explanation, context) if t),
        people=people, key_negated=analyse(item.answer).negated, relation=relation,
        key_numbers=frozenset(w for a in answers for w in canonical(a).split() if _NUMERIC.fullmatch(w)),
        glosses=glosses, key_names=frozenset().union(*(_name_words(a) for a in answers)),
    )


@dataclass
class _Match:
    """How one accepted answer compares with the given answer, word by word."""

    target: str
    ok: bool
    why: str
    words: tuple[str, ...] = ()
    matched: int = 0          # how many of the target's content words were found
    full: bool = False        # every content word found (whatever else went wrong)
    total: int = 0            # how many content words the target has
    extras: tuple[str, ...] = ()   # words of the answer the target does not have (context included)
    context: tuple[str, ...] = ()  # of those, the words in clauses of context


def _in_order(positions: list[tuple[int, int, str]], given: Analysis) -> bool:
    """The target's words keep their order in the answer, or swap around a preposition ("the
    storming of the Capitol" for "Capitol riot"), or are two words that both changed form
    ("authoritarian capitalism" for "capitalist authoritarianism")."""
    by_answer = sorted(positions, key=lambda p: p[1])
    sequence = [p[0] for p in by_answer]
    if sequence == sorted(sequence):
        return True
    if len(positions) == 2 and not any(kind in ("exact", "synonym") for _, _, kind in positions):
        return True
    token_at = [given.at[p[1]] for p in by_answer]
    for split in range(1, len(sequence)):
        between = given.tokens[token_at[split - 1] + 1:token_at[split]]
        rotated = sequence[split:] + sequence[:split]
        if rotated == sorted(rotated) and any(t in _PREPOSITIONS for t in between):
            return True
    return False


def _excused_number(given: Analysis, index: int, facts: ItemFacts) -> bool:
    """A number in a clause of context that is not another guess: a year right after a month and
    day ("Jan. 6, 2021"), or a figure about something the question does not ask about ("30% (plus
    20% of corn exports)")."""
    at = given.at[index]
    tokens = given.tokens
    if at >= 2 and tokens[at - 2] in MONTHS.values() and tokens[at - 1].isdigit() and re.fullmatch(r"\d{4}", tokens[at]):
        return True
    if at >= 1 and tokens[at - 1] in MONTHS.values() and re.fullmatch(r"\d{4}", tokens[at]):
        return True
    if not given.clause or index >= len(given.at):
        return False
    rest = [tokens[j] for j in range(at + 1, min(len(tokens), at + 6)) if given.clause[j] == given.clause[at]]
    if rest and rest[0] == "percent":
        rest = rest[1:]
    if rest and rest[0] in ("of", "for", "in", "on"):
        nouns = [t for t in rest[1:] if t not in _STOP]
        return bool(nouns) and any(n not in facts.prompt_words and not facts.free(n) for n in nouns)
    return False


def _match_target(given: Analysis, target_raw: str, polarity: tuple[bool, int], facts: ItemFacts = NO_FACTS) -> _Match:
    target = analyse(target_raw)
    e_words = list(target.content)
    if not e_words:
        return _Match(target_raw, False, "wrong")
    used: set[int] = set()
    positions: list[tuple[int, int, str]] = []
    missing: list[str] = []
    flipped = False
    kinds = ("exact", "synonym", "variant", "typo", "phonetic", "form")
    for e_index, e in enumerate(e_words):
        best: tuple[int, int, str] | None = None
        for g_index, g in enumerate(given.content):
            if g_index in used:
                continue
            kind = _word_match(g, e, e in target.names, forms=len(e_words) > 1)
            if kind and (best is None or kinds.index(kind) < kinds.index(best[2])):
                best = (e_index, g_index, kind)
        if best is None:
            country = _country_words(e, given, used)  # "U.S. policymakers" are "American" ones
            if country:
                used.update(country[1:])
                best = (e_index, country[0], "synonym")
        if best is None and given.negated != polarity[0]:
            # "not successful" for "unsuccessful": the prefix moved into a negation word.
            prefix = next((p for p in NEGATING_PREFIXES if e.startswith(p) and len(e) - len(p) >= 4), None)
            hit = next((i for i, g in enumerate(given.content) if i not in used and prefix
                        and (_word_match(g, e[len(prefix):], False, forms=False)
                             or lexicon.same_derivation(g, e[len(prefix):]))), None)   # "didn't succeed"
            if hit is not None:
                best = (e_index, hit, "exact")
                flipped = True
        if best is None:
            missing.append(e)
        else:
            used.add(best[1])
            positions.append(best)
    head = {given.content_clause(i) for i in used}
    if used and 0 not in head and _main_clause_answers(given, facts):
        # "the euro, which replaced the dollar": the first clause gives the answer, the key is only context
        return _Match(target_raw, False, "wrong", matched=0, total=len(e_words))
    # A clause that opens with a negation and names nothing of the target excludes another answer
    # ("the dollar, not the euro"): its negation is not the answer's.
    excluded = {c for c, starts in enumerate(given.clause_starts_negated) if starts and c not in head and c != 0}
    extras_all = [(i, g) for i, g in enumerate(given.content) if i not in used and given.content_clause(i) not in excluded
                  and not (g == "united" and i + 1 < len(given.content) and given.content[i + 1] in _UNITED)]
    context_words = tuple(g for i, g in extras_all if given.content_clause(i) not in head)
    extras_shown = tuple(g for _, g in extras_all)
    if missing:
        droppable = (len(missing) == 1 and missing[0] in _DROPPABLE_HEADS and missing[0] == e_words[-1]
                     and positions and all(e_words[i] in target.names and e_words[i] not in _NOT_A_NAME_ALONE
                                           for i, _, _ in positions))
        if not droppable:
            return _Match(target_raw, False, "missing", tuple(missing), matched=len(positions), total=len(e_words),
                          extras=extras_shown, context=context_words)
    full = _Match(target_raw, False, "", matched=len(positions), full=True, total=len(e_words), extras=extras_shown,
                  context=context_words)
    negated, direction = given.polarity_without(excluded, head or None)
    if negated != (polarity[0] ^ flipped):
        full.why = "negation"
        return full
    if direction != polarity[1] and not all(_NUMERIC.fullmatch(e) or e == "percent" for e in e_words):
        full.why = "direction"  # a year or a figure has no direction: "after the end of the Cold War in 1989"
        return full
    if not _in_order(positions, given):
        full.why = "order"
        return full
    rivals = [g for i, g in extras_all if _rival(g, e_words, target.names) and not facts.free(g)
              and not (given.content_clause(i) not in head and re.match(r"\d", g) and _excused_number(given, i, facts))
              and not _excused_date(given, i)]
    extras = [g for i, g in extras_all if given.content_clause(i) in head and not _generic(g) and not facts.free(g)
              and not any(lexicon.same_scale_end(g, e) for e in e_words)]   # "full-scale total war"
    # Next to a name, another bare word is most likely another name ("Beinart Bessner"); words
    # after a preposition describe it instead ("Beinart, from the Atlantic").
    described = _after_preposition(given, used)
    bare = [g for i, g in enumerate(given.content) if i not in used and not _generic(g) and i not in described
            and given.content_clause(i) in head and not facts.free(g)]
    if rivals or (target.names and set(e_words) <= target.names and bare):
        full.why, full.words = "guess_list", tuple(rivals or bare)
        return full
    budget = 1 if len(e_words) <= 2 else 2 if len(e_words) <= 4 else 3
    if len(extras) > budget:
        full.why, full.words = "extra_words", tuple(extras)
        return full
    return _Match(target_raw, True, "words", tuple(extras), matched=len(positions), full=True, total=len(e_words),
                  extras=extras_shown, context=context_words)


def _generic(word: str) -> bool:
    """A word naming the kind of thing the answer is ("the NIEO initiative", "a sanctions regime"):
    allowed as an extra word, never another candidate."""
    return lexicon.stem(word) in lexicon.KIND_NOUNS


_FRACTIONS = frozenset("half halves third thirds quarter quarters fifth fifths tenth tenths nearly almost roughly "
                       "approximately around about circa".split())


def _main_clause_answers(given: Analysis, facts: ItemFacts) -> bool:
    """Whether the answer's first clause offers an answer of its own: it does not open as context
    ("during the war, ...", "probably, ...") and names something that is neither the question's
    nor the key's words, a kind of thing, or a person the essays name ("Rana says, ...")."""
    if not given.clause:
        return False
    first = [t for t, c in zip(given.tokens, given.clause) if c == 0]
    if not first or first[0] in _CLAUSE_OPENERS or first[0] in _PREPOSITIONS or first[0] in _NEGATION:
        return False
    people = {w for p in facts.people for w in p.split()}
    own = [g for i, g in enumerate(given.content) if given.content_clause(i) == 0]
    # Numbers are judged as rival numbers instead; a fraction restates a figure ("nearly a third (30%)").
    return any(not (facts.free(g) or _generic(g) or g in people or g[:1].isdigit() or g in _FRACTIONS) for g in own)


def _country_words(word: str, given: Analysis, used: set[int]) -> list[int]:
    """The answer's words that name the same country as `word` (one form of `lexicon.COUNTRY_FORMS`)."""
    for forms in lexicon.COUNTRY_FORMS:
        if word not in forms:
            continue
        for form in sorted(forms, key=lambda f: -len(f.split())):
            parts = form.split()
            for start in range(len(given.content) - len(parts) + 1):
                span = list(range(start, start + len(parts)))
                if not used & set(span) and list(given.content[start:start + len(parts)]) == parts:
                    return span
    return []


def _excused_date(given: Analysis, index: int) -> bool:
    """The year of a date ("January 6, 2021") is part of the date, not a second guess."""
    at = given.at[index]
    tokens = given.tokens
    return (re.fullmatch(r"\d{4}", tokens[at]) is not None and at >= 2 and tokens[at - 2] in MONTHS.values()
            and tokens[at - 1].isdigit())


def _after_preposition(given: Analysis, used: set[int]) -> set[int]:
    """Content words (by index) that follow a preposition coming after the matched words."""
    if not used:
        return set()
    last = given.at[max(used)]
    start = next((i for i in range(last + 1, len(given.tokens)) if given.tokens[i] in _PREPOSITIONS), None)
    if start is None:
        return set()
    return {i for i, at in enumerate(given.at) if at > start}


def _rival(word: str, expected: list[str], names: frozenset[str]) -> bool:
    """An extra word that is another candidate answer: a number next to a number, an -ism next to an -ism."""
    if re.fullmatch(r"\d+(?:\.\d+)?s?", word):
        return any(re.search(r"\d", e) for e in expected)
    family = next((f for f in _FAMILIES if word.endswith(f)), None)
    return family is not None and any(e.endswith(family) for e in expected)


def _parts(text: str, with_and: bool) -> list[str]:
    splitter = _GUESS_SPLIT_AND if with_and else _GUESS_SPLIT
    cleaned = normalize_for_match(re.sub(r"(\d),\s*(\d{4})\b", r"\1 \2", clean_input(text)))  # "January 6, 2021"
    return [canonical(p) for p in splitter.split(cleaned) if canonical(p)]


_DESCRIPTIVE = _PREPOSITIONS | _CLAUSE_OPENERS | frozenset("that as such".split())


def _appositive(raw_part: str, raw: str, facts: ItemFacts) -> bool:
    """A comma part that describes a name ("Peter Beinart, *a former liberal hawk*", "the Progressive
    International, *the global left alliance*"): the key is a name, the part opens with an article,
    the answer offers no alternative ("or"), the part names no one the question does not and holds
    none of the key's own words, and it says what kind of thing the answer is or uses the question's
    words."""
    if not (facts.answer_words and facts.answer_words <= facts.key_names):
        return False
    if not re.match(r"\s*(?:the|a|an)\s", raw_part, re.I) or re.search(r"\bor\b|/", raw, re.I):
        return False
    if any(w not in facts.prompt_words for w in _name_words(raw_part) if w not in _STOP):
        return False  # a name the question does not give: another candidate ("the Heritage Foundation")
    content = _content_words(canonical(raw_part))
    if any(w in facts.answer_words for w in content):
        return False  # the key's frame again with a word swapped: a rival ("a Socialist International")
    return any(_generic(w) or facts.free(w) for w in content)


def _candidate_part(part: str, expected: list[str], limit: int, facts: ItemFacts) -> bool:
    """A part of a list that could be an answer on its own: answer-sized, of the key's kind (a
    number for a number, a name for a name), and not a description ("independent of the security
    state"), an exclusion ("not the euro") or the question's own words."""
    words = part.split()
    if not words:
        return False
    if words[0] in _NEGATION or words[0] in _DESCRIPTIVE:
        return False
    if any(w in _DESCRIPTIVE for w in words[1:]):
        return False
    content = _content_words(part)
    if not content:
        return not analyse(part).neutral  # "cuts, raises": directions offered as alternatives
    if len(content) > limit:
        return False
    if all(facts.free(w) and w not in facts.answer_words for w in content) and facts.prompt_words:
        return False  # the question's own words ("securing labor rights" beside the third reform)
    name_key = bool(facts.answer_words) and facts.answer_words <= facts.key_names
    if all(_generic(w) or facts.free(w) and w not in facts.answer_words for w in content) \
            and any(_generic(w) for w in content) and (name_key or any(not _generic(w) for w in content)):
        return False  # a description of the answer's kind ("Cato, the libertarian think tank")
    numeric_key = all(re.search(r"\d", e) for e in expected)
    if numeric_key and not re.search(r"\d", part):
        return False
    if not numeric_key and all(re.fullmatch(r"\d+(?:\.\d+)?s?", w) for w in content):
        return False  # a year beside a word ("Economic (NIEO, 1970s)") is context, not another guess
    return True


def _is_guess_list(raw: str, expected: list[str], facts: ItemFacts = NO_FACTS) -> bool:
    """Several answer-sized parts joined by commas, slashes, "or" (or "and" when the answer has none
    and is a single word or name).

    Parts must each be about as long as the expected answer (in content words) and at least two
    of them must be candidates (see `_candidate_part`): "Putin or Xi" is a guess list, while "1989,
    when the Berlin Wall fell" or "the dollar, not the euro" are one answer with context.
    """
    expected_has_and = any(" and " in f" {e} " for e in expected)
    longest = max(len(_content_words(e)) for e in expected)
    shortest = min(len(_content_words(e)) for e in expected)
    parts = _parts(raw, with_and=not expected_has_and and shortest <= 1)
    if len(parts) < 2:
        return False
    if any(re.search(r"\b(?:is|are|was|were)\b \w", p) for p in parts[:-1]):
        return False  # "... are useful or a constraint": "or" inside a sentence, not between guesses
    limit = longest + 1 if longest <= 2 else longest
    raw_parts = _GUESS_SPLIT_AND.split(clean_input(raw)) if not expected_has_and and shortest <= 1 \
        else _GUESS_SPLIT.split(clean_input(raw))
    described = {canonical(p) for p in raw_parts[1:] if _appositive(p, raw, facts)}
    candidates = [p for p in parts if p not in described and _candidate_part(p, expected, limit, facts)]
    return len(candidates) >= 2


def _surname_first(raw: str, expected: list[str]) -> str | None:
    """ "Beinart, Peter" is "Peter Beinart" written as in an index."""
    pieces = [p.strip() for p in raw.split(",")]
    if len(pieces) != 2 or not all(pieces) or any(len(p.split()) > 2 for p in pieces):
        return None
    flipped = canonical(f"{pieces[1]} {pieces[0]}")
    return next((e for e in expected if close_enough(flipped, e)), None)


def item_polarity(item: QuizItem) -> tuple[bool, int]:
    """The direction of the item's main answer; a neutral accepted answer inherits it."""
    return analyse(item.answer).polarity


def _target_polarity(text: str, item_pol: tuple[bool, int]) -> tuple[bool, int]:
    own = analyse(text)
    return own.polarity if not own.neutral else item_pol


def _content_words(text: str) -> list[str]:
    return list(analyse(text, text).content)


def _scrambled(answer: str, target: str) -> bool:
    """Most of the answer's words are the target's words, but in another order (word salad)."""
    a, t = canonical(answer).split(), canonical(target).split()
    shared = [w for w in a if any(w == x or word_typo(w, x) for x in t)]
    if len(shared) < 2 or len(shared) < 0.6 * len(a):
        return False
    # longest common subsequence of the shared words
    rows = [[0] * (len(t) + 1) for _ in range(len(shared) + 1)]
    for i, w in enumerate(shared, 1):
        for j, x in enumerate(t, 1):
            rows[i][j] = rows[i - 1][j - 1] + 1 if (w == x or word_typo(w, x)) else max(rows[i - 1][j], rows[i][j - 1])
    return rows[-1][-1] < 0.75 * len(shared)


# -- grading --------------------------------------------------------------------------------

def _wrong(raw: str, why: str, target: str = "", words: tuple[str, ...] = (), reason: Reason = "wrong",
           similarity: float | None = None) -> GradeResult:
    return GradeResult(False, reason=reason, answer=raw, why=why, target=target, words=words, similarity=similarity)


_HARD = ("negation", "direction", "guess_list", "opposite", "premise", "wrong_name", "other_actor", "relation")


# Negation words that can be the question's own frame: "What does the left lack?" answered "a
# lack of a clear political agent" is not a negated answer.
_FRAME_NEGATIONS = frozenset("lack lacks lacking lacked shortage shortages absence absent missing".split())

_UNITED = frozenset({"states", "kingdom", "nations"})  # "united states" is one name, one extra word
_POSSESSION = frozenset("have has had having possess possesses possessed own owns".split())

def contradiction(given: Analysis, raw: str, facts: ItemFacts, target: str = "") -> tuple[str, tuple[str, ...]] | None:
    """Whether the answer says the opposite of the key or of the question, whatever the words it
    shares with them: a word that is the opposite of a key word ("unipolar" for "multipolar",
    "domestic" for "international", "mild" for "aggressive"), of a word of the question ("agree"
    when the question says they disagree), a word the question negates asserted ("both of which
    the US joined" when it asks which they opted not to join), or a person the item does not name.

    Also refused: a number of the key placed where the question does not ask ("before 1989" for
    "After which year ...?", `bot.quiz.relations`) and a key word inside a negation ("a multipolar
    order freed from capitalist authoritarianism", `bot.quiz.negation`).

    Returns (why, words): why is "relation", "negation", "opposite", "premise" or "wrong_name"."""
    own = set(given.content)
    key = set(facts.answer_words) | set(analyse(target).content if target else ())
    if facts.key_numbers:
        clash = relations.relation_clash(given.tokens, lambda t: _is_key_number(t, facts.key_numbers), facts.relation)
        if clash:
            return "relation", (clash,)
    if not facts.key_negated:
        denied = negation.negated_key_words(given.tokens, given.at, given.clause, given.neg_at,
                                            lambda t: t in key and not t.isdigit(),
                                            lambda t: _generic(t) or t in facts.prompt_words)
        if denied:
            return "negation", denied
    negated_words = {given.tokens[i] for i in given.at if _negated_at(given, i)}
    if given.negated:  # "it is not true that it was successful": the negation rule decides
        negated_words |= own
    for g in given.content:
        if g in key or g.isdigit() or g in negated_words:  # "not successful" agrees with "unsuccessful"
            continue
        if facts.key_negated and not given.neg_at:
            continue  # "a thin bench" restates "lacks a deep bench" (`negation.restates_negated_key`)
        for k in key:
            if k not in own and lexicon.opposite_words(g, k):
                return "opposite", (g, k)
    prompt = facts.prompt
    if prompt is not None:
        for g in given.content:
            if g in key or facts.free(g) and g in facts.prompt_words or g in negated_words:
                continue
            for k in facts.prompt_words:
                if k not in own and k not in key and lexicon.opposite_words(g, k):
                    return "premise", (g, k)
        flipped = _negation_flip(given, prompt, key)
        if flipped:
            return "premise", (flipped,)
        swapped = _frame_swap(given, prompt, facts, key)
        if swapped:
            return "premise", swapped
    name = wrong_name(raw, facts)
    if name:
        return "wrong_name", (name,)
    return None


def _is_key_number(token: str, numbers: Iterable[str]) -> bool:
    """A number of the answer that is one of the key's, in any form ("89", "50s" for "1989", "1950s")."""
    return any(token == n or _word_match(token, n, False) == "variant" for n in numbers)


def _negated_at(analysis: Analysis, index: int) -> bool:
    clause = analysis.clause[index] if analysis.clause else 0
    for j in range(max(0, index - 3), index):
        if (not analysis.clause or analysis.clause[j] == clause) and analysis.tokens[j] in _NEGATION \
                and analysis.tokens[j] not in _FRAME_NEGATIONS:
            return True
    return False


def _negation_flip(given: Analysis, prompt: Analysis, key: set[str]) -> str | None:
    """A word of the question (not of the key) that the answer negates where the question does not,
    or asserts where the question negates it."""
    prompt_at: dict[str, int] = {}
    for index, token in enumerate(prompt.tokens):
        if token in _STOP or token in _FILLER or (token in _NEGATION and token not in _FRAME_NEGATIONS):
            continue
        prompt_at.setdefault(lexicon.stem(token), index)
    # A clause that opens with a negation after the answer excludes a candidate ("..., not the old Pax
    # Americana"): excluding what the question itself sets aside agrees with it.
    excluded = {c for c, starts in enumerate(given.clause_starts_negated) if starts and c > 0}
    for index, token in enumerate(given.tokens):
        if token in _STOP or token in _FILLER or token in key or (token in _NEGATION and token not in _FRAME_NEGATIONS):
            continue
        if given.clause and given.clause[index] in excluded:
            continue
        where = prompt_at.get(lexicon.stem(token))
        if where is not None and _negated_at(given, index) != _negated_at(prompt, where):
            return token
    return None


def _frame_swap(given: Analysis, prompt: Analysis, facts: ItemFacts, key: set[str]) -> tuple[str, str] | None:
    """The question's own phrase with its modifier swapped, in the clause that holds the key: "30% of
    *rice* exports" when the question asks about "wheat exports". Another modifier of the question's
    noun is another question (a synonym, a form, a country's other name, the question's or the key's
    own words are not)."""
    first = next((given.content_clause(i) for i, g in enumerate(given.content) if g in key), None)
    key_clauses = {first}  # the clause that gives the answer; later ones are context ("(plus 20% of corn exports)")
    pairs: dict[str, set[str]] = {}
    for j in range(1, len(prompt.content)):
        if prompt.at[j] == prompt.at[j - 1] + 1:
            pairs.setdefault(prompt.content[j], set()).add(prompt.content[j - 1])
    for j in range(1, len(given.content)):
        x, y = given.content[j - 1], given.content[j]
        if given.at[j] != given.at[j - 1] + 1 or y not in pairs or given.content_clause(j) not in key_clauses:
            continue
        if not x.isalpha() or x in key or facts.free(x) or _country(x) is not None or x in given.names:
            continue
        if any(_word_match(x, p, False) for p in pairs[y]):
            continue
        return x, sorted(pairs[y])[0]
    return None


def _frame_free(given: Analysis, facts: ItemFacts) -> Analysis:
    """The answer read against the question's frame. "What does the left lack?" already says
    something is missing, so one negation in the answer restates it ("no clear agent", "a lack of a
    clear political agent" are the key), while two deny it ("it does not lack a clear political
    agent" says the left has one)."""
    if facts.prompt is None or facts.key_negated:
        return given
    if not any(t in _FRAME_NEGATIONS for t in facts.prompt.tokens):
        return given
    clause_neg = list(given.clause_neg)
    if not given.neg_at:
        if not any(t in _POSSESSION for t in given.tokens):
            return given
        clause_neg[0] += 1  # "they already have a clear political agent" denies the lack
        return Analysis(given.content, True, given.direction, given.names, given.tokens, given.at, given.clause,
                        tuple(clause_neg), given.clause_dir, given.clause_starts_negated, given.neg_at)
    first = given.neg_at[0]
    clause_neg[given.clause[first] if given.clause else 0] -= 1
    return Analysis(given.content, sum(clause_neg) % 2 == 1, given.direction, given.names, given.tokens, given.at,
                    given.clause, tuple(clause_neg), given.clause_dir, given.clause_starts_negated,
                    given.neg_at[1:])


def _read(given: Analysis, facts: ItemFacts) -> Analysis:
    """The answer's polarity as the key reads it: the question's frame of lacking taken off
    (`_frame_free`), and the opposite of a negated key's word counted as its negation ("a thin
    bench" for "it lacks a deep bench", `negation.restates_negated_key`)."""
    given = _frame_free(given, facts)
    if not facts.key_negated:
        return given
    word = negation.restates_negated_key(given.content, facts.key_words, lexicon.opposite_words)
    if word is None:
        return given
    clause_neg = list(given.clause_neg) or [0]
    clause_neg[0] += 1  # "not a thin bench" is two negations of the key's "lacks a deep bench"
    return with_fields(given, negated=not given.negated, clause_neg=tuple(clause_neg))


def grade_text(item: QuizItem, given: str, facts: ItemFacts | None = None) -> GradeResult:
    """Rules 1-5 (everything except meaning), for short answer and cloze items."""
    facts = facts if facts is not None else item_facts(item)
    raw = clean_input(given or "")
    if len(raw) > MAX_ANSWER_CHARS:
        return _wrong(raw[:MAX_ANSWER_CHARS], "too_long", reason="too_long")
    work = expand_acronyms(raw, [*item.answers, item.reference or ""])
    answers = [a for a in item.answers if canonical(a)]
    expected = [canonical(a) for a in answers]
    work = relations.resolve_offsets(negation.contrast(places.shorten(work)))
    if any(w.startswith("anti") for e in expected for w in e.split()):
        work = _AGAINST.sub("opposition to ", work)  # the key's own frame: "against empire" is "anti-imperial"
    g = canonical(work)
    if not g:
        return _wrong(raw, "empty", reason="empty")
    given_a = _read(analyse(work, g), facts)
    for answer, e in zip(answers, expected):
        rule = close_enough(g, e)
        if rule:
            return GradeResult(True, rule=rule, answer=raw, why=rule, target=answer)
    flipped = _surname_first(work, expected)
    if flipped is not None:
        return GradeResult(True, rule="name_order", answer=raw, why="name_order", target=answers[expected.index(flipped)])
    # Multi-part answers ("Sweden and Finland") accept the same parts in any order.
    for answer in answers:
        e_parts = _parts(answer, with_and=True)
        if len(e_parts) >= 2:
            g_parts = _parts(work, with_and=True)
            if len(g_parts) == len(e_parts) and all(any(_part_match(gp, ep) for gp in g_parts) for ep in e_parts):
                found = contradiction(given_a, work, facts, answer)
                if found:
                    return _wrong(raw, found[0], answer, found[1])
                return GradeResult(True, rule="parts", answer=raw, why="parts", target=answer)
    if _is_guess_list(work, expected, facts):
        parts = _parts(work, with_and=not any(" and " in f" {e} " for e in expected))
        return _wrong(raw, "guess_list", words=tuple(parts), reason="guess_list")
    pol = item_polarity(item)
    results = [_match_target(given_a, answer, _target_polarity(answer, pol), facts) for answer in answers]
    accepted = sorted((r for r in results if r.ok), key=lambda r: len(r.words))
    found = contradiction(given_a, work, facts, accepted[0].target if accepted else answers[0])
    if found:
        return _wrong(raw, found[0], accepted[0].target if accepted else answers[0], found[1])
    if accepted:
        r = accepted[0]
        return GradeResult(True, rule="words", answer=raw, why="words", target=r.target, words=r.words,
                           context=r.context)
    for gloss in facts.glosses:  # the essay's own other name ("revolutionary, or “non-reformist,”")
        if close_enough(g, canonical(gloss)) or _match_target(given_a, gloss, _target_polarity(gloss, pol), facts).ok:
            return GradeResult(True, rule="gloss", answer=raw, why="gloss", target=gloss)
    return _explain(raw, results)


def _part_match(given: str, expected: str) -> bool:
    if close_enough(given, expected):
        return True
    g, e = analyse(given, given), analyse(expected, expected)
    return (len(g.content) == len(e.content) and g.polarity == e.polarity
            and all(_word_match(a, b, False) for a, b in zip(g.content, e.content)))


def _explain(raw: str, results: list[_Match]) -> GradeResult:
    """The most telling failure: a full match spoilt by polarity or guessing, else the closest miss."""
    full = [r for r in results if r.full]
    order = ("negation", "direction", "guess_list", "order", "extra_words")
    for why in order:
        hit = next((r for r in full if r.why == why), None)
        if hit is not None:
            reason: Reason = "guess_list" if why == "guess_list" else "wrong"
            return _wrong(raw, why, hit.target, hit.words, reason=reason)
    partial = sorted((r for r in results if r.why == "missing"), key=lambda r: -r.matched)
    if partial and partial[0].matched:
        return _wrong(raw, "missing", partial[0].target, partial[0].words)
    return _wrong(raw, "wrong", results[0].target if results else "")


def shown_choices(item: QuizItem) -> list[str]:
    if item.kind == "true_false":
        return ["True", "False"]
    return list(item.choices)


def grade_choice(item: QuizItem, choices: Sequence[str], given: int | str, facts: ItemFacts | None = None) -> GradeResult:
    """A choice by index into the choices as shown, or typed as a letter, number or the text.

    A typed answer that names two choices is a guess list; one that picks a choice by its words but
    contradicts it ("American policymaking successes", "interregnum, from Adam Tooze") is wrong."""
    facts = facts if facts is not None else item_facts(item)
    if isinstance(given, str) and _DONT_KNOW.fullmatch(normalize_for_match(clean_input(given)).strip(" .!?")):
        return _wrong(clean_input(given), "dont_know", reason="dont_know")  # point to Skip, not to the letters
    full = clean_input(given) if isinstance(given, str) else ""
    if isinstance(given, str) and item.kind == "multiple_choice":
        given = _asserted(expand_acronyms(given, choices))  # "Indonesia, not Canada" names one choice
        named = _named_choices(given, choices)
        given_by_question = [i for i in named if _in_question(choices[i], facts)]
        if given_by_question and len(named) - len(given_by_question) == 1 and not re.search(r"\bor\b|/", full, re.I):
            # "$40 billion, on top of the $14 billion" when the question says "on top of an earlier $14
            # billion": the question's own given is context, not a second choice.
            named = [i for i in named if i not in given_by_question]
            return _checked_choice(item, choices, named[0], full, given, facts)
        if len(named) >= 2:  # two choices at once: it does not count, the player chooses again
            return _wrong(full, "guess_list", words=tuple(choices[i] for i in named), reason="invalid_choice")
    index = resolve_choice(item, choices, given, facts)
    if index is None:
        return _wrong(full or str(given), "invalid_choice", reason="invalid_choice")
    if isinstance(given, str) and item.kind == "multiple_choice" and not _is_letter(given, len(choices)):
        found = _choice_contradiction(full, given, choices, index, facts)
        if found:
            return _wrong(full, found[0], choices[index], found[1])
    return _choice_result(item, choices, index)


def _in_question(choice: str, facts: ItemFacts) -> bool:
    """A choice the question itself states ("on top of an earlier $14 billion")."""
    text = canonical(choice)
    return bool(text) and facts.prompt is not None and f" {text} " in f" {' '.join(facts.prompt.tokens)} "


def _checked_choice(item: QuizItem, choices: Sequence[str], index: int, full: str, asserted: str,
                    facts: ItemFacts) -> GradeResult:
    found = _choice_contradiction(full, asserted, choices, index, facts)
    if found:
        return _wrong(full, found[0], choices[index], found[1])
    return _choice_result(item, choices, index)


def _asserted(text: str) -> str:
    """A typed answer without the choices it excludes (`negation.asserted`)."""
    return negation.asserted(clean_input(text), clauses, _NEGATION)


def _choice_contradiction(full: str, asserted: str, choices: Sequence[str], index: int,
                          facts: ItemFacts) -> tuple[str, tuple[str, ...]] | None:
    """Why a typed answer that picks choice `index` still is not it: it contradicts the choice or
    the question (`contradiction`, on the whole answer), or it puts another party or place in the
    choice's frame (`_other_party`, on what it asserts)."""
    given_a = _read(analyse(full), facts)
    found = contradiction(given_a, full, _choice_facts(facts, choices[index]), choices[index])
    if found:
        return found
    others = _other_party(asserted, choices, index, facts)
    return ("other_actor", others) if others else None


def _other_party(text: str, choices: Sequence[str], index: int, facts: ItemFacts) -> tuple[str, ...]:
    """Names in the answer's first clause that neither the choice nor the question gives, when they
    take the place of a word of the choice ("coterminous with *China's* interests" for "the
    world's interests") or belong to another choice ("the foundation of domestic politics *in
    Latin America*", where "confined to Latin America" is another choice). A name beside a
    complete choice is context ("Tanzania, in East Africa")."""
    parts = clauses(text) or [text]
    choice_words = _content_set(choices[index])
    heads = [p for p in parts if any(_word_match(g, e, False) for g in analyse(p).content for e in choice_words)]
    head = " ".join(heads or parts[:1])
    words = head.split()
    found: list[str] = []
    run: list[str] = []   # consecutive name words are one name ("Latin America")
    for position, word in enumerate([*words, ""]):
        bare = word.strip(".,!?;:()\"'’")
        low = canonical(bare) if bare else ""
        is_name = bool(low) and low not in _STOP and (
            bare[:1].isupper() and (position > 0 or not lexicon.is_english(low)) or _country(low) is not None)
        if is_name:
            run.append(low)
            continue
        if run:
            found.append(" ".join(run))
            run = []
    chosen = _content_set(choices[index]) | _name_words(choices[index])
    own = set(chosen) | set(facts.prompt_words) | set(facts.prompt.tokens if facts.prompt else ())
    countries = _countries_in(" ".join(own))
    others = [name for name in dict.fromkeys(found)
              if not all(w in own or _same_name(w, own) for w in name.split())
              and (_country(name) is None or _country(name) not in countries)]
    if not others:
        return ()
    rivals = set().union(*(_content_set(c) | _name_words(c) for i, c in enumerate(choices) if i != index)) - chosen
    given = analyse(text)
    lacks = any(not any(_word_match(g, e, False) for g in given.content) for e in choice_words)
    if lacks or any(set(name.split()) & rivals for name in others):
        return tuple(others)
    return ()


_DONT_KNOW = re.compile(r"(?:i )?(?:don'?t|dont|do not) know|idk|dunno|no idea|not sure|no clue|pass|\?+|skip")


def _is_letter(given: str, count: int) -> bool:
    low = _CHOICE_LEAD.sub("", normalize_for_match(clean_input(given))).strip(" .)(:")
    return (len(low) == 1 and "a" <= low <= chr(ord("a") + count - 1)) or (low.isdigit() and 1 <= int(low) <= count)


def _choice_facts(facts: ItemFacts, choice: str) -> ItemFacts:
    """The item's facts with one choice as the key (the other choices are not the key's words)."""
    words = _content_set(choice)
    return ItemFacts(key_words=words, answer_words=words, prompt_words=facts.prompt_words, prompt=facts.prompt,
                     context=facts.context, people=facts.people, key_negated=analyse(choice).negated,
                     relation=facts.relation, key_numbers=frozenset(w for w in canonical(choice).split() if _NUMERIC.fullmatch(w)),
                     key_names=_name_words(choice))


def _as_short(item: QuizItem, answer: str) -> QuizItem:
    return item.model_copy(update={"kind": "short_answer", "answer": answer, "choices": [], "accepted": []})


def _named_choices(text: str, choices: Sequence[str]) -> list[int]:
    """The choices an answer names in full ("NATO expansion and the Marshall Plan" names two)."""
    given = analyse(text)
    named = []
    for i, choice in enumerate(choices):
        target = analyse(choice)
        if not target.content:
            continue
        result = _match_target(given, choice, target.polarity)
        if result.full:
            named.append(i)
    return named


def _countries_in(text: str) -> set[int]:
    """The countries a canonical text names, by any of their forms ("united states", "american")."""
    return {i for i, forms in enumerate(lexicon.COUNTRY_FORMS) if any(re.search(rf"\b{f}\b", text) for f in forms)}


def _country(word: str) -> int | None:
    return next((i for i, forms in enumerate(lexicon.COUNTRY_FORMS) if word in forms), None)


def _lacks_names(given: Analysis, text: str, choice: str, facts: ItemFacts) -> bool:
    """The key names an actor ("American", "NATO", "Kyoto Protocol") the answer does not, while the
    answer names another: a different actor, whatever else it shares ("Chinese policymaking
    failures", "expansion of the Warsaw Pact")."""
    key_names = {w for w in _proper_names(choice) if w not in _STOP}
    if not key_names:
        return False
    low = canonical(text)
    words = set(given.content) | set(low.split())
    countries = {i for i, forms in enumerate(lexicon.COUNTRY_FORMS) if any(re.search(rf"\b{f}\b", low) for f in forms)}
    missing = [n for n in key_names if n not in words and not _same_name(n, words)
               and (_country(n) is None or _country(n) not in countries)]
    if not missing:
        return False
    others = {w for w in _proper_names(text) if w not in _STOP and w not in key_names and w not in facts.prompt_words
              and not _same_name(w, key_names)}
    return bool(others) or len(missing) == len(key_names)


def _proper_names(text: str) -> frozenset[str]:
    """Words written with a capital, as `_name_words`, but not a capitalised first word that is an
    everyday word ("Keeping the federal government small", "Democratic socialists ..."), unless it
    names a country ("American policymaking failures")."""
    names = set(_name_words(text))
    first = re.match(r"\s*([\w'’.-]+)", clean_input(text))
    if first:
        word = canonical(first.group(1))
        if word and lexicon.is_english(word) and _country(word) is None and not re.search(rf"\b{re.escape(first.group(1))}\b",
                                                                                           clean_input(text)[len(first.group(0)):]):
            names.discard(word)
    return frozenset(names)


def _same_name(word: str, own: Iterable[str]) -> bool:
    """One name in two forms: "Chilean" and "Chile", "Argentine" and "Argentina" (a shared start of
    five letters, or the whole shorter name)."""
    for other in own:
        short, long_ = sorted((word, other), key=len)
        if len(short) >= 4 and (long_.startswith(short) or len(short) >= 5 and long_[:5] == short[:5]):
            return True
    return False


def _choice_result(item: QuizItem, choices: Sequence[str], index: int, similarity: float | None = None) -> GradeResult:
    chosen = choices[index]
    if item.kind == "true_false":
        correct = ("true" if index == 0 else "false") == item.answer
    else:
        correct = normalize_for_match(chosen) == normalize_for_match(item.answer)
    return GradeResult(correct, rule="choice" if correct else None, reason=None if correct else "wrong",
                       choice=index, answer=chosen, similarity=similarity,
                       why="choice" if correct else "wrong_choice", target=chosen)


_CHOICE_LEAD = re.compile(r"^(?:(?:i think|i guess|i'?d say|maybe|probably|my answer is|the answer is|answer|option|choice|it'?s|its|is)\s*[:\-]?\s*)+", re.I)
_TF_TRUE = (TRUE_WORDS - {"1", "0", "on", "off"}) | {"yep", "yeah", "yup", "agree", "agreed", "yes"}
_TF_FALSE = (FALSE_WORDS - {"1", "0", "on", "off"}) | {"nope", "nah", "disagree", "untrue"}


def _true_false(text: str) -> int | None:
    """ "i think it's true", "not true", "that's false": 0 for true, 1 for false."""
    tokens = re.findall(r"[a-z]+", normalize_for_match(text).replace("'", ""))
    if not tokens or len(tokens) > 8:
        return None
    lead = re.match(r"\s*([a-z]+)\s*[,.;:!\-]", normalize_for_match(text))
    if lead and (lead.group(1) in _TF_TRUE or lead.group(1) in _TF_FALSE):
        return 0 if lead.group(1) in _TF_TRUE else 1  # "no, it didn't": the verdict, then its reason
    verdicts = [0 if t in _TF_TRUE else 1 for t in tokens if t in _TF_TRUE or t in _TF_FALSE]
    if not verdicts or len(set(verdicts)) != 1:
        return None
    flips = sum(1 for t in tokens if t in _TF_NEGATION and t not in _TF_FALSE)
    return verdicts[0] ^ (flips % 2)


def resolve_choice(item: QuizItem, choices: Sequence[str], given: int | str, facts: ItemFacts | None = None) -> int | None:
    if isinstance(given, bool):
        given = "true" if given else "false"
    if isinstance(given, int):
        return given if 0 <= given < len(choices) else None
    text = clean_input(str(given))
    low = normalize_for_match(text).strip(" .)(")
    if not low:
        return None
    if item.kind == "true_false":
        verdict = _true_false(low)
        if verdict is not None:
            return verdict
    stripped = _CHOICE_LEAD.sub("", low).strip(" .)(:")
    for candidate in (low, stripped):
        if len(candidate) == 1 and "a" <= candidate <= chr(ord("a") + len(choices) - 1):
            return ord(candidate) - ord("a")
        if candidate.isdigit() and 1 <= int(candidate) <= len(choices):
            if not any(canonical(c) == candidate for c in choices):
                return int(candidate) - 1
    m = re.fullmatch(r"([a-e])\s*[).:\-]\s*(.+)", stripped)  # "b) Argentina"
    if m and ord(m.group(1)) - ord("a") < len(choices):
        index = ord(m.group(1)) - ord("a")
        if close_enough(canonical(m.group(2)), canonical(choices[index])) or _choice_words(m.group(2), choices, facts) == [index]:
            return index
        return None  # the letter says one choice, the text another: ask again
    g = canonical(text)
    hits = [i for i, c in enumerate(choices) if close_enough(g, canonical(c))]
    if len(hits) == 1:
        return hits[0]
    if hits or _is_guess_list(text, [canonical(c) for c in choices]):
        return None
    words = _choice_words(text, choices, facts)
    if not words and len(clauses(text)) > 1:
        # "in the global South, in the periphery": one clause names the choice, the others are context;
        # clauses that name different choices still name two.
        words = sorted({i for part in clauses(text) for i in _choice_words(part, choices, facts)})
    return words[0] if len(words) == 1 else None


def _restates(choice: str, given: Analysis, prompt_words: frozenset[str]) -> bool:
    """A choice that says one thing twice ("In the periphery, outside metropole centers": a comma,
    no "and"/"or", so not a list) is named by all the words of either half ("in the periphery")."""
    if "," not in choice or re.search(r"\b(?:and|or)\b|&", choice, re.I):
        return False
    for half in choice.split(","):
        own = [e for e in analyse(half).content if e not in prompt_words]
        if own and all(any(_word_match(w, e, False) for w in given.content) for e in own):
            return True
    return False


def _choice_words(text: str, choices: Sequence[str], facts: ItemFacts | None = None) -> list[int]:
    """Choices the answer names: all of a choice's content words (with the usual extra-word
    budget), or else words found in one choice only ("policymaking failures") that cover at least
    half of what the choice says beyond the question's own words ("failures" alone is too vague)."""
    g = canonical(text)
    given = analyse(text, g)
    targets = [analyse(c) for c in choices]
    prompt_words = facts.prompt_words if facts is not None else frozenset()
    hits = [i for i, (c, t) in enumerate(zip(choices, targets))
            if t.content and _match_target(given, c, t.polarity, _choice_facts(facts, c) if facts else NO_FACTS).ok]
    if hits or not given.content:
        return hits
    out = []
    for i, t in enumerate(targets):
        if t.polarity != given.polarity:
            continue
        if not all(w in prompt_words or any(_word_match(w, e, e in t.names) for e in t.content) for w in given.content):
            continue  # every word of the answer is the choice's (or the question's own: "US security interests ...")
        own = [e for e in t.content if e not in prompt_words] or list(t.content)
        covered = sum(1 for e in own if any(_word_match(w, e, e in t.names) for w in given.content))
        if covered * 2 < len(own) and _restates(choices[i], given, prompt_words):
            covered = len(own)
        # A choice that pairs two things ("the ICC and the Kyoto Protocol") needs something of each.
        pairs = [analyse(p).content for p in re.split(r"\s+and\s+", choices[i]) if analyse(p).content]
        each = all(any(_word_match(w, e, e in t.names) for e in part for w in given.content) for part in pairs)
        if covered * 2 >= len(own) and each:
            out.append(i)
    return out


# An answer that keeps part of a key must be at least about as close to the whole key as to the key
# without the words it lacks (cosines, measured with all-MiniLM-L6-v2: near misses such as "a clear
# political agenda" or "a foreign policy that follows the national security establishment" are
# 0.06-0.20 closer to the shortened key; paraphrases such as "a clear political actor" or "how
# useful multilateral institutions are" are 0.05-0.17 closer to the whole key).
SWAP_TOLERANCE = 0.03
# A key's head noun swapped for another noun in the same frame ("a clear political opponent" for "a
# clear political agent") is a different thing unless the model finds the answer clearly closer to
# the whole key than to the key without its head. Measured (whole key minus key without "agent"):
# agency +0.11, actor +0.09 (a listed synonym anyway), representative +0.05, leader +0.03,
# engine -0.01, opponent -0.02, platform, party, agenda -0.10 to -0.20; the teachers' tables refuse
# opponent, platform and agenda.
HEAD_SWAP_MARGIN = 0.06


def _head_swap(given: Analysis, target_raw: str) -> str | None:
    """The word an answer puts in place of the key's head noun, keeping the words before it: "a
    clear political *opponent*" for "a clear political agent". The head is the last word of the
    key's first run of content words ("order" in "a multipolar order of competing ...")."""
    target = analyse(target_raw)
    if len(target.content) < 2:
        return None
    end = 0
    while end + 1 < len(target.at) and target.at[end + 1] == target.at[end] + 1:
        end += 1
    head, modifiers = target.content[end], target.content[:end]
    if not modifiers or any(_word_match(g, head, head in target.names) for g in given.content):
        return None
    matched = [i for i, g in enumerate(given.content) if any(_word_match(g, m, m in target.names) for m in modifiers)]
    if len(matched) < len(modifiers):
        return None
    last = max(matched)
    slot = last + 1
    if slot >= len(given.content) or given.at[slot] != given.at[last] + 1:
        return None
    word = given.content[slot]
    return None if any(_word_match(word, e, e in target.names) for e in target.content) else word


class Grader:
    """Grades any item; holds the optional encoder for meaning-based short answers.

    `encoder` may be an `bot.model.embedding.Embedder` (its `encode_async` keeps the model off the
    event loop), any object with `encode`, or a plain callable `list[str] -> array` (run in a
    thread). Rows must be L2-normalised so a dot product is the cosine. While the model process
    restarts (`ModelUnavailable`), answers are graded by the word rules alone: a quiz never stops
    for it, and only a paraphrase the rules cannot recognise is marked wrong in that window.

    `essays` (optional) returns the essays by slug: with it, the cited paragraph is true context
    an answer may draw on, and an answer that credits a person the paragraph does not name ("as
    Adam Tooze said") is refused. Without it the item's own texts are the only context.
    """

    def __init__(self, encoder: Any = None, semantic_threshold: float = DEFAULT_SEMANTIC_THRESHOLD,
                 essays: Callable[[], Mapping[str, Any]] | None = None):
        self._encoder = encoder
        self.semantic_threshold = semantic_threshold
        self._essays = essays
        self._facts: dict[tuple[str, str, str], ItemFacts] = {}
        self._people: tuple[frozenset[str], frozenset[str]] | None = None
        self._declared: dict[tuple[str, int], list[tuple[str, str]]] = {}

    def essays(self) -> Mapping[str, Any]:
        """The essays by slug (empty without a source): quizzes quote the cited passage after a miss."""
        return self._essays() if self._essays is not None else {}

    def facts(self, item: QuizItem) -> ItemFacts:
        """The item's facts (cached per item text; essays change rarely and only add context)."""
        essays = self._essays() if self._essays is not None else {}
        key = (item.id, item.prompt, item.answer)
        cached = self._facts.get(key)
        slugs = frozenset(essays)
        if self._people is None or self._people[0] != slugs:
            self._people = (slugs, people_of(essays.values()))
            self._facts.clear()
            cached = None
        if cached is not None:
            return cached
        essay = essays.get(item.essay) if item.essay else None
        context = ""
        other_names: tuple[str, ...] = ()
        if essay is not None:
            paragraph = essay.paragraph(item.paragraph) if item.paragraph else None
            context = " ".join(filter(None, [getattr(essay, "title", ""), getattr(essay, "author", ""),
                                             paragraph.text if paragraph is not None else ""]))
            if item.kind in ("short_answer", "cloze"):
                other_names = glosses.glosses_for(item.answers, self._glosses(item.essay, essay),
                                                  lambda a, b: canonical(a) == canonical(b))
        facts = item_facts(item, context=context, people=self._people[1], glosses=other_names)
        if len(self._facts) > 5_000:
            self._facts.clear()
        self._facts[key] = facts
        return facts

    def _glosses(self, slug: str, essay: Any) -> list[tuple[str, str]]:
        """The other names an essay gives for its terms (`bot.quiz.glosses`), read once per essay."""
        text = "\n\n".join(p.text for p in getattr(essay, "paragraphs", ()))
        key = (slug, hash(text))  # only read on a facts miss; an essay replaced under its slug is read again
        if key not in self._declared:
            if len(self._declared) > 200:
                self._declared.clear()
            self._declared[key] = glosses.pairs(text, lambda w: w.lower() in FUNCTION_WORDS)
        return self._declared[key]

    async def _encode(self, texts: list[str]) -> np.ndarray:
        enc = self._encoder
        if hasattr(enc, "encode_async"):
            return await enc.encode_async(texts)
        fn = enc.encode if hasattr(enc, "encode") else enc
        return await asyncio.to_thread(fn, texts)

    async def best_match(self, answer: str, targets: list[str], polarities: list[tuple[bool, int]] | None = None,
                         given_polarity: tuple[bool, int] | None = None) -> tuple[float, bool, str]:
        """The highest cosine to any target, whether a target that agrees in polarity and is not
        scrambled reaches the bar, and the target that decided."""
        vectors = await self._encode([answer, *targets])
        sims = vectors[1:] @ vectors[0]
        pol = given_polarity or analyse(answer).polarity
        polarities = polarities or [analyse(t).polarity for t in targets]
        best_index = int(np.argmax(sims))
        agreeing = [(float(s), t) for s, t, p in zip(sims, targets, polarities) if p == pol and not _scrambled(answer, t)]
        if agreeing:
            sim, target = max(agreeing)
            if sim >= self.semantic_threshold:
                return float(sims[best_index]), True, target
        return float(sims[best_index]), False, targets[best_index]

    async def _swapped_word(self, given: Analysis, item: QuizItem, facts: ItemFacts,
                            targets: Sequence[str], answer: str) -> tuple[str, ...] | None:
        """Key words the answer lacks and does not make up for: the answer keeps some of a key's
        words but not all, and it is no closer to the key than to the key without those words
        ("a clear political agenda" is closer to "a clear political" than to "a clear political
        agent"). None when some accepted answer is fully there, or the answer shares no word with
        any (a free paraphrase, for the meaning rule alone)."""
        results = [_match_target(given, t, _target_polarity(t, item_polarity(item)), facts) for t in targets]
        if any(r.full for r in results):
            return None
        partial = [r for r in results if r.matched and r.why == "missing"]
        if not partial:
            return None
        best = max(partial, key=lambda r: (r.matched / max(1, r.total), -r.total))
        target_words = analyse(best.target).content
        others = [g for g in given.content if not any(_word_match(g, e, False) for e in target_words)]
        said = facts.key_words - facts.answer_words - facts.prompt_words
        if others and all(g in said or any(lexicon.stem(g) == lexicon.stem(w) for w in said) for g in others):
            return None  # the reference sentence's own words ("cutting the security apparatus"): meaning decides
        missing = set(best.words)
        kept = [w for w in best.target.split() if not (set(_content_words(w)) and set(_content_words(w)) <= missing)]
        vectors = await self._encode([answer, best.target, " ".join(kept)])
        with_word, without = float(vectors[1] @ vectors[0]), float(vectors[2] @ vectors[0])
        if with_word - without < -SWAP_TOLERANCE:
            return tuple(best.words)
        substitute = _head_swap(given, best.target)
        if substitute is not None and with_word - without < HEAD_SWAP_MARGIN:
            log.debug("head noun of %r swapped for %r (%.3f)", best.target, substitute, with_word - without)
            return tuple(best.words)
        return None

    async def grade(self, item: QuizItem, given: int | str, choices: Sequence[str] | None = None) -> GradeResult:
        facts = self.facts(item)
        if item.kind in ("multiple_choice", "true_false"):
            shown = list(choices) if choices is not None else shown_choices(item)
            result = grade_choice(item, shown, given, facts)
            if result.reason == "invalid_choice" and result.why == "invalid_choice" and isinstance(given, str) \
                    and self._encoder is not None:
                try:
                    return await self._choice_by_meaning(item, shown, given, result, facts)
                except ModelUnavailable as exc:  # restarting: the word rules' verdict stands
                    log.warning("grading item %s by the word rules alone: %s", item.id, exc)
            return result
        result = grade_text(item, str(given), facts)
        if result.correct or result.reason != "wrong" or result.why in _HARD:
            return result
        if item.kind == "short_answer" and item.reference and self._encoder is not None:
            if len(_content_words(canonical(result.answer))) >= MIN_MEANING_WORDS:
                pol = item_polarity(item)
                targets = [item.reference, *item.answers]
                salad = next((t for t in targets if _scrambled(result.answer, t)), None)
                if salad is not None:
                    return _wrong(result.answer, "order", salad)
                given_a = _read(analyse(result.answer), facts)
                try:
                    swapped = await self._swapped_word(given_a, item, facts, item.answers, result.answer)
                    if swapped is not None:
                        return _wrong(result.answer, "missing", item.answer, swapped)
                    # The reference sentence frames the answer ("Leftists do not have any clear political
                    # agent"): its polarity is the key's, whatever words the frame adds.
                    polarities = [pol] + [_target_polarity(t, pol) for t in item.answers]
                    sim, agrees, target = await self.best_match(result.answer, targets, polarities,
                                                                given_a.polarity)
                except ModelUnavailable as exc:  # restarting: the word rules' verdict stands
                    log.warning("grading item %s by the word rules alone: %s", item.id, exc)
                    return result
                log.debug("meaning similarity %.3f for item %s", sim, item.id)
                if agrees:
                    return GradeResult(True, rule="meaning", similarity=sim, answer=result.answer, why="meaning",
                                       target=target)
                why = "meaning_low" if sim < self.semantic_threshold else (
                    "order" if _scrambled(result.answer, target) else
                    "negation" if given_a.negated != pol[0] else "direction")
                return _wrong(result.answer, why, target, similarity=sim)
        return result

    async def _choice_by_meaning(self, item: QuizItem, choices: list[str], given: str, invalid: GradeResult,
                                 facts: ItemFacts) -> GradeResult:
        """A choice described in the player's own words: the clearly closest choice by meaning,
        provided the answer neither contradicts it nor swaps one of its words for another."""
        full = expand_acronyms(clean_input(given), choices)
        text = _asserted(full)  # "X, not Y" is compared as X
        if item.kind == "true_false" or len(_content_words(canonical(text))) < 2 or len(full) > MAX_ANSWER_CHARS:
            return invalid
        vectors = await self._encode([text, *choices])
        sims = vectors[1:] @ vectors[0]
        order = np.argsort(-sims)
        best = int(order[0])
        second = float(sims[order[1]]) if len(choices) > 1 else -1.0
        given_a = _read(analyse(text), facts)
        if not (float(sims[best]) >= self.semantic_threshold and float(sims[best]) - second >= CHOICE_MEANING_MARGIN
                and given_a.polarity == analyse(choices[best]).polarity):
            return invalid
        choice_facts = _choice_facts(facts, choices[best])
        found = _choice_contradiction(full, text, choices, best, facts)
        if found:
            return _wrong(full, found[0], choices[best], found[1])
        if _lacks_names(given_a, text, choices[best], facts):
            others = tuple(w for w in given_a.content if w not in _content_set(choices[best]))
            return _wrong(text, "other_actor", choices[best], others)
        swapped = await self._swapped_word(given_a, _as_short(item, choices[best]), choice_facts, [choices[best]], text)
        if swapped is not None:
            return _wrong(text, "missing", choices[best], swapped)
        return _choice_result(item, choices, best, similarity=float(sims[best]))
