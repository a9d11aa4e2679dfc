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

Every result names the rule that decided it (`why`) and the accepted answer it was compared
with (`target`), so a moderator can see why an answer passed or failed (`tutorbot quiz grade`).
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Literal, Protocol, Sequence

import numpy as np
from rapidfuzz.distance import OSA

from bot.embedding import ModelUnavailable
from bot.quiz.items import FALSE_WORDS, TRUE_WORDS, QuizItem
from bot.stopwords import CHAT_WORDS, FUNCTION_WORDS
from bot.text import clean_input, normalize_for_match

log = logging.getLogger(__name__)

Rule = Literal["exact", "variant", "typo", "words", "name_order", "meaning", "choice", "parts"]
Reason = Literal["empty", "guess_list", "invalid_choice", "wrong", "too_long"]

MAX_ANSWER_CHARS = 300
# Calibrated on tests/quiz/calibration.py with all-MiniLM-L6-v2: at 0.60, 9 of 12 paraphrases
# accepted and 0 of 12 on-topic wrong answers (1 of 12 without the polarity guard).
DEFAULT_SEMANTIC_THRESHOLD = 0.60
MIN_MEANING_WORDS = 3
# A multiple-choice answer typed in the player's own words picks a choice by meaning only when
# that choice is clearly closer than the next one.
CHOICE_MEANING_MARGIN = 0.08

_ARTICLES = ("the ", "a ", "an ")

# Function words: never content, never counted as extra words (the project's one list, plus a
# few quantities a typed answer adds: "a lot", "enough").
_STOP = FUNCTION_WORDS | frozenset({"enough", "lot", "lots", "every", "another", "s", "t"})
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
_UP = frozenset("""
increase increases increased increasing raise raises raised raising boost boosts boosted boosting
double doubles doubled doubling triple tripled tripling expand expands expanded expanding expansion
grow grows grew grown growing growth more bigger larger greater higher hike hikes hiked hiking
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
abolition eliminate eliminated eliminating elimination repeal repealed repealing scrap scrapped
scrapping drop dropped dropping withdraw withdrew withdrawn withdrawing withdrawal ease eased easing
weaken weakened weakening minimize minimise halve halved halving
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
_SYNONYM_SETS = [
    {"insurrection", "riot", "riots", "storming", "stormed", "siege", "assault", "uprising", "attack", "attacks"},
    {"budget", "budgets", "spending", "funding", "expenditure", "expenditures", "outlays"},
    {"defense", "defence", "military"},
    {"expert", "experts", "specialist", "specialists"},
]
_SYNONYM = {word: index for index, words in enumerate(_SYNONYM_SETS) for word in words}
# A name's generic head may be left out ("Iraq" for "Iraq War") unless what is left is only a
# modifier ("Cold" is not the Cold War).
_DROPPABLE_HEADS = frozenset({"war", "wars"})
_NOT_A_NAME_ALONE = frozenset("cold civil world great first second third holy new old gulf".split())
# Words that name the kind of thing an answer is; allowed as extra words ("the NIEO initiative").
_GENERIC_EXTRA = frozenset("""
war wars initiative institute institution party movement treaty accord agreement doctrine plan
conference summit crisis program programme organization organisation group idea policy theory
people peoples population citizens civilians government country state nation region
""".split())
_NEGATING_PREFIXES = ("un", "in", "im", "ir", "il", "non", "dis")
_OPPOSITE_PREFIXES = ("un", "in", "im", "ir", "il", "non", "anti", "dis", "de", "a", "counter", "mis")
# Suffixes that make another form of the same word ("imperial"/"imperialism").
_SUFFIXES = ("izations", "isations", "ization", "isation", "ists", "isms", "ism", "ist", "ians", "ian",
             "ities", "ity", "ness", "ments", "ment", "ings", "ing", "ions", "ion", "ers", "er", "ed", "es",
             "al", "ic", "ly", "s")
# Suffix families: two extra words of the same family as the answer are rival answers, not filler.
_FAMILIES = ("ism", "isms", "ist", "ists", "ian", "ians", "ity", "ation", "ations")
_PREPOSITIONS = frozenset({"of", "for", "on", "against", "in", "to", "by", "from", "with"})

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | {w: 10 * i for i, w in enumerate(_TENS) if w}
_DECADE_WORDS = {"twenties": "20s", "thirties": "30s", "forties": "40s", "fifties": "50s", "sixties": "60s",
                 "seventies": "70s", "eighties": "80s", "nineties": "90s"}
_NUMBER_ALT = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_NUMBER_RUN = re.compile(rf"\b(?:{_NUMBER_ALT})(?:[ -](?:{_NUMBER_ALT}|hundred|thousand|and))*\b")
_MONTHS = {"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
           "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november",
           "dec": "december"}
_ALIASES = [  # applied to the lower-cased text, before punctuation is dropped
    (re.compile(r"\b(?:world war (?:ii|2|two)|ww ?(?:ii|2)|2(?:nd)? world war)\b"), "second world war"),
    (re.compile(r"\b(?:world war (?:i|1|one)|ww ?(?:i|1)|1(?:st)? world war)\b"), "first world war"),
    (re.compile(r"\bj6\b"), "january 6"),
]
_CASED_ALIASES = [  # need the case: "US" is the country, "us" a pronoun
    (re.compile(r"(?<![\w.])(?:U\.S\.A\.?|U\.S\.?|USA|US)(?![\w])"), "United States"),
    (re.compile(r"(?<![\w.])(?:U\.K\.?|UK)(?![\w])"), "United Kingdom"),
    (re.compile(r"(?<![\w.])(?:U\.N\.?|UN)(?![\w])"), "United Nations"),
]
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

    @property
    def counts(self) -> bool:
        """Whether this is a real answer (it locks); empty answers and guess lists do not."""
        return self.reason not in ("empty", "guess_list", "invalid_choice", "too_long")

    @property
    def decided_by(self) -> str:
        return self.why or self.rule or self.reason or ""


# What `why` can be, for the CLI and /quizitem test (each has a `why_<code>` text in prompts/quiz.yaml).
WHY = ("exact", "variant", "typo", "words", "name_order", "parts", "meaning", "choice", "empty", "too_long",
       "guess_list", "invalid_choice", "negation", "direction", "extra_words", "order", "missing", "meaning_low",
       "wrong_choice", "wrong")


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


EncodeFn = Callable[[list[str]], np.ndarray]


# -- normalisation ----------------------------------------------------------------------------

def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words_to_number(match: re.Match[str]) -> str:
    words = [w for w in re.split(r"[ -]", match.group(0)) if w and w != "and"]
    if not words or all(w in ("hundred", "thousand") for w in words):
        return match.group(0)
    if "hundred" in words or "thousand" in words:
        total, current = 0, 0
        for word in words:
            if word == "hundred":
                current = max(current, 1) * 100
            elif word == "thousand":
                total += max(current, 1) * 1000
                current = 0
            else:
                current += _NUMBER_WORDS[word]
        return str(total + current)
    groups: list[int] = []
    for word in words:
        value = _NUMBER_WORDS[word]
        if groups and 20 <= groups[-1] <= 90 and groups[-1] % 10 == 0 and 1 <= value <= 9:
            groups[-1] += value
        else:
            groups.append(value)
    if len(groups) == 2 and 10 <= groups[0] <= 99 and 10 <= groups[1] <= 99:
        return str(groups[0] * 100 + groups[1])       # a year: "nineteen eighty-nine" -> 1989
    return " ".join(str(g) for g in groups)


def canonical(text: str) -> str:
    """The comparable form of an answer (see the module docstring, rule 1)."""
    text = clean_input(text)
    for pattern, replacement in _CASED_ALIASES:
        text = pattern.sub(replacement, text)
    text = normalize_for_match(text)
    text = _strip_accents(text)
    text = re.sub(r"(\d)\s*%", r"\1 percent ", text)
    text = text.replace("%", " percent ")
    text = re.sub(r"\bper\s*cent\b", "percent", text)
    text = re.sub(r"\bpct\b", "percent", text)
    text = re.sub(r"(?<![\w'])'(\d0)s\b", r"\1s", text)           # '90s -> 90s
    text = re.sub(r"\b(\d{2,4}0)'s\b", r"\1s", text)               # 1990's -> 1990s
    text = re.sub(r"(?<=[a-z])'s\b", "", text)                      # possessive: world's -> world
    text = re.sub(r"(?<=[a-z])'(?=[a-z])", "", text)                # don't -> dont, i'm -> im
    for word, short in _DECADE_WORDS.items():
        text = re.sub(rf"\b(?:the\s+)?{word}\b", short, text)
    text = text.replace("&", " and ")
    text = _NUMBER_RUN.sub(_words_to_number, text)
    text = re.sub(r"\b(19|20) (\d0s)\b", r"\1\2", text)              # nineteen fifties -> 1950s
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)                  # 40,000 -> 40000
    text = re.sub(r"\$\s*(?=\d)", "", text)                           # $40 -> 40
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1", text)           # 6th -> 6
    text = re.sub(r"(?<=\d)\.(?=\d)", "DOT", text)                    # keep decimals
    text = re.sub(r"[^\w\s]", " ", text).replace("_", " ")
    text = text.replace("DOT", ".")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\b(" + "|".join(_MONTHS) + r")\b(?= \d)", lambda m: _MONTHS[m.group(1)], text)
    for pattern, replacement in _ALIASES:
        text = pattern.sub(replacement, text)
    for article in _ARTICLES:
        if text.startswith(article) and len(text) > len(article):
            text = text[len(article):]
            break
    return text


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def _shorten_decades(text: str) -> str:
    return re.sub(r"\b\d{2}(\d0s)\b", r"\1", text)


def allowed_typos(length: int) -> int:
    # Four letters get none: "Iraq" and "Iran" are different answers, not a typo.
    if length <= 4:
        return 0
    if length <= 7:
        return 1
    if length <= 12:
        return 2
    return round(length * 0.15)


def _opposite_by_prefix(a: str, b: str) -> bool:
    """ "successful"/"unsuccessful", "moral"/"amoral": a negating prefix is not a typo."""
    short, long_ = sorted((a, b), key=len)
    return any(long_ == p + short for p in _OPPOSITE_PREFIXES)


def word_typo(given: str, expected: str) -> bool:
    """A typo of one word: scaled to its length, same first letter, never across digits."""
    if given == expected:
        return True
    if not given or not expected or given[0] != expected[0]:
        return False
    if re.search(r"\d", given + expected):
        return False
    if _opposite_by_prefix(given, expected):
        return False
    limit = allowed_typos(len(expected))
    return bool(limit) and OSA.distance(given, expected, score_cutoff=limit) <= limit


def close_enough(given: str, expected: str) -> Rule | None:
    """Compare two canonical strings: exact, decade or spacing variant, or a typo in each word."""
    if not given or not expected:
        return None
    if given == expected:
        return "exact"
    short_expected = _shorten_decades(expected)
    if given == short_expected or (_shorten_decades(given) == expected and expected != given and re.search(r"\b\d0s\b", expected)):
        return "variant"
    if given.replace(" ", "") == expected.replace(" ", ""):
        return "variant"
    if re.fullmatch(r"\d\d", given) and re.fullmatch(r"(?:19|20)\d\d", expected) and expected.endswith(given):
        return "variant"  # '89 for 1989
    if _digits(given) != _digits(expected):
        return None
    g_words, e_words = given.split(), expected.split()
    if len(g_words) == len(e_words) and all(word_typo(g, e) for g, e in zip(g_words, e_words)):
        return "typo"
    if len(e_words) > 1 and len(g_words) == 1 and word_typo(given, expected.replace(" ", "")):
        return "typo"
    return None


def root(word: str) -> str:
    """A crude lemma for comparing forms of one word: "imperialism" and "imperial" share "imperi"."""
    if len(word) > 5 and word.endswith("ies"):
        word = word[:-3] + "y"
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


# -- word analysis ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Analysis:
    """An answer as words: the content words in order, and its negation and direction."""

    content: tuple[str, ...]
    negated: bool
    direction: int            # +1 more, -1 less, 0 neither (or both)
    names: frozenset[str]     # content words written with a capital (proper names)
    tokens: tuple[str, ...] = ()     # every word, in order
    at: tuple[int, ...] = ()         # where each content word is in `tokens`

    @property
    def polarity(self) -> tuple[bool, int]:
        return self.negated, self.direction

    @property
    def neutral(self) -> bool:
        return not self.negated and self.direction == 0


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
    for word in _POLARITY_WORDS:
        if word[0] == token[0] and abs(len(word) - len(token)) <= 1 and word_typo(token, word):
            return word
    return token


def analyse(raw: str, text: str | None = None) -> Analysis:
    """Split an answer (raw, as typed; `text` its canonical form) into what the grader compares."""
    text = canonical(raw) if text is None else text
    tokens = [_polarity_word(t) for t in text.split()]
    content: list[str] = []
    at: list[int] = []
    negations = 0
    up = down = False
    skip = False
    for index, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        nxt = tokens[index + 1] if index + 1 < len(tokens) else ""
        if nxt in ("back", "down") and token in _DOWN_VERBS:
            down, skip = True, True
        elif nxt == "up" and token in _UP_VERBS:
            up, skip = True, True
        elif token in _NEGATION:
            negations += 1
        elif token in _UP:
            up = True
        elif token in _DOWN:
            down = True
        elif token in _STOP or token in _FILLER or token in _PRESENCE:
            continue
        elif len(token) > 1 or token.isdigit():
            content.append(token)
            at.append(index)
    direction = (1 if up else 0) - (1 if down else 0)
    return Analysis(tuple(content), negations % 2 == 1, direction, _name_words(raw), tuple(tokens), tuple(at))


def _word_match(g: str, e: str, e_is_name: bool, forms: bool = True) -> str | None:
    if g == e:
        return "exact"
    if _SYNONYM.get(g, -1) == _SYNONYM.get(e, -2):
        return "synonym"
    if re.search(r"\d", g + e):
        return "variant" if _shorten_decades(e) == g or _shorten_decades(g) == e else None
    if word_typo(g, e):
        return "typo"
    if forms and not e_is_name and len(root(e)) >= 5 and root(g) == root(e):
        return "form"
    return None


@dataclass
class _Match:
    """How one accepted answer compares with the given answer, word by word."""

    target: str
    ok: bool
    why: str
    words: tuple[str, ...] = ()
    matched: int = 0          # how many of the target's content words were found
    full: bool = False        # every content word found (whatever else went wrong)


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


def _match_target(given: Analysis, target_raw: str, polarity: tuple[bool, int]) -> _Match:
    target = analyse(target_raw)
    e_words = list(target.content)
    if not e_words:
        return _Match(target_raw, False, "wrong")
    used: set[int] = set()
    positions: list[tuple[int, int, str]] = []
    missing: list[str] = []
    flipped = False
    kinds = ("exact", "synonym", "variant", "typo", "form")
    for e_index, e in enumerate(e_words):
        best: tuple[int, int, str] | None = None
        for g_index, g in enumerate(given.content):
            if g_index in used:
                continue
            kind = _word_match(g, e, e in target.names, forms=len(e_words) > 1)
            if kind and (best is None or kinds.index(kind) < kinds.index(best[2])):
                best = (e_index, g_index, kind)
        if best is None and given.negated != polarity[0]:
            # "not successful" for "unsuccessful": the prefix moved into a negation word.
            prefix = next((p for p in _NEGATING_PREFIXES if e.startswith(p) and len(e) - len(p) >= 4), None)
            hit = next((i for i, g in enumerate(given.content) if i not in used and prefix
                        and _word_match(g, e[len(prefix):], False, forms=False)), None)
            if hit is not None:
                best = (e_index, hit, "exact")
                flipped = True
        if best is None:
            missing.append(e)
        else:
            used.add(best[1])
            positions.append(best)
    if missing:
        droppable = (len(missing) == 1 and missing[0] in _DROPPABLE_HEADS and missing[0] == e_words[-1]
                     and positions and all(e_words[i] in target.names and e_words[i] not in _NOT_A_NAME_ALONE
                                           for i, _, _ in positions))
        if not droppable:
            return _Match(target_raw, False, "missing", tuple(missing), matched=len(positions))
    full = _Match(target_raw, False, "", matched=len(positions), full=True)
    if given.negated != (polarity[0] ^ flipped):
        full.why = "negation"
        return full
    if given.direction != polarity[1]:
        full.why = "direction"
        return full
    if not _in_order(positions, given):
        full.why = "order"
        return full
    extras = [g for i, g in enumerate(given.content) if i not in used and g not in _GENERIC_EXTRA]
    rivals = [g for g in extras if _rival(g, e_words, target.names)]
    # Next to a name, another bare word is most likely another name ("Beinart Bessner"); words
    # after a preposition describe it instead ("Beinart, from the Atlantic").
    described = _after_preposition(given, used)
    bare = [g for i, g in enumerate(given.content) if i not in used and g not in _GENERIC_EXTRA and i not in described]
    if rivals or (target.names and set(e_words) <= target.names and bare):
        full.why, full.words = "guess_list", tuple(rivals or bare)
        return full
    budget = 1 if len(e_words) <= 2 else 2 if len(e_words) <= 4 else 3
    if len(extras) > budget:
        full.why, full.words = "extra_words", tuple(extras)
        return full
    return _Match(target_raw, True, "words", tuple(extras), matched=len(positions), full=True)


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
    cleaned = normalize_for_match(clean_input(text))
    return [canonical(p) for p in splitter.split(cleaned) if canonical(p)]


def _is_guess_list(raw: str, expected: list[str]) -> bool:
    """Several answer-sized parts joined by commas, slashes, "or" (or "and" when the answer has none).

    Parts must each be about as long as the expected answer (in content words): "Putin or Xi" is a
    guess list, while a sentence that happens to contain "or" ("whether international
    institutions are useful or a constraint") is not.
    """
    expected_has_and = any(" and " in f" {e} " for e in expected)
    parts = _parts(raw, with_and=not expected_has_and)
    if len(parts) < 2:
        return False
    if any(re.search(r"\b(?:is|are|was|were)\b \w", p) for p in parts[:-1]):
        return False  # "... are useful or a constraint": "or" inside a sentence, not between guesses
    longest = max(len(_content_words(e)) for e in expected)
    limit = longest + 1 if longest <= 2 else longest
    return all(len(_content_words(p)) <= limit for p in parts)


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


_HARD = ("negation", "direction", "guess_list")


def grade_text(item: QuizItem, given: str) -> GradeResult:
    """Rules 1-5 (everything except meaning), for short answer and cloze items."""
    raw = clean_input(given or "")
    if len(raw) > MAX_ANSWER_CHARS:
        return _wrong(raw[:MAX_ANSWER_CHARS], "too_long", reason="too_long")
    g = canonical(raw)
    if not g:
        return _wrong(raw, "empty", reason="empty")
    answers = [a for a in item.answers if canonical(a)]
    expected = [canonical(a) for a in answers]
    for answer, e in zip(answers, expected):
        rule = close_enough(g, e)
        if rule:
            return GradeResult(True, rule=rule, answer=raw, why=rule, target=answer)
    flipped = _surname_first(raw, expected)
    if flipped is not None:
        return GradeResult(True, rule="name_order", answer=raw, why="name_order", target=answers[expected.index(flipped)])
    # Multi-part answers ("Sweden and Finland") accept the same parts in any order.
    for answer in answers:
        e_parts = _parts(answer, with_and=True)
        if len(e_parts) >= 2:
            g_parts = _parts(raw, with_and=True)
            if len(g_parts) == len(e_parts) and all(any(_part_match(gp, ep) for gp in g_parts) for ep in e_parts):
                return GradeResult(True, rule="parts", answer=raw, why="parts", target=answer)
    if _is_guess_list(raw, expected):
        parts = _parts(raw, with_and=not any(" and " in f" {e} " for e in expected))
        return _wrong(raw, "guess_list", words=tuple(parts), reason="guess_list")
    given_a = analyse(raw, g)
    pol = item_polarity(item)
    results = [_match_target(given_a, answer, _target_polarity(answer, pol)) for answer in answers]
    accepted = sorted((r for r in results if r.ok), key=lambda r: len(r.words))
    if accepted:
        r = accepted[0]
        return GradeResult(True, rule="words", answer=raw, why="words", target=r.target, words=r.words)
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


def grade_choice(item: QuizItem, choices: Sequence[str], given: int | str) -> GradeResult:
    """A choice by index into the choices as shown, or typed as a letter, number or the text."""
    index = resolve_choice(item, choices, given)
    if index is None:
        return _wrong(str(given), "invalid_choice", reason="invalid_choice")
    return _choice_result(item, choices, index)


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
    verdicts = [0 if t in _TF_TRUE else 1 for t in tokens if t in _TF_TRUE or t in _TF_FALSE]
    if not verdicts or len(set(verdicts)) != 1:
        return None
    flips = sum(1 for t in tokens if t in _NEGATION and t not in _TF_FALSE)
    return verdicts[0] ^ (flips % 2)


def resolve_choice(item: QuizItem, choices: Sequence[str], given: int | str) -> int | None:
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
        if close_enough(canonical(m.group(2)), canonical(choices[index])) or _choice_words(m.group(2), choices) == [index]:
            return index
        return None  # the letter says one choice, the text another: ask again
    g = canonical(text)
    hits = [i for i, c in enumerate(choices) if close_enough(g, canonical(c))]
    if len(hits) == 1:
        return hits[0]
    if hits or _is_guess_list(text, [canonical(c) for c in choices]):
        return None
    words = _choice_words(text, choices)
    return words[0] if len(words) == 1 else None


def _choice_words(text: str, choices: Sequence[str]) -> list[int]:
    """Choices the answer names: all of a choice's content words (with the usual extra-word
    budget), or else words found in one choice only ("policymaking failures")."""
    g = canonical(text)
    given = analyse(text, g)
    targets = [analyse(c) for c in choices]
    hits = [i for i, (c, t) in enumerate(zip(choices, targets)) if t.content and _match_target(given, c, t.polarity).ok]
    if hits or not given.content:
        return hits
    return [i for i, t in enumerate(targets)
            if t.polarity == given.polarity
            and all(any(_word_match(w, e, e in t.names) for e in t.content) for w in given.content)]


class Grader:
    """Grades any item; holds the optional encoder for meaning-based short answers.

    `encoder` may be an `bot.embedding.Embedder` (its `encode_async` keeps the model off the
    event loop), any object with `encode`, or a plain callable `list[str] -> array` (run in a
    thread). Rows must be L2-normalised so a dot product is the cosine. While the model process
    restarts (`ModelUnavailable`), answers are graded by the word rules alone: a quiz never stops
    for it, and only a paraphrase the rules cannot recognise is marked wrong in that window.
    """

    def __init__(self, encoder: Any = None, semantic_threshold: float = DEFAULT_SEMANTIC_THRESHOLD):
        self._encoder = encoder
        self.semantic_threshold = semantic_threshold

    async def _encode(self, texts: list[str]) -> np.ndarray:
        enc = self._encoder
        if hasattr(enc, "encode_async"):
            return await enc.encode_async(texts)
        fn = enc.encode if hasattr(enc, "encode") else enc
        return await asyncio.to_thread(fn, texts)

    async def best_match(self, answer: str, targets: list[str], polarities: list[tuple[bool, int]] | None = None
                         ) -> tuple[float, bool, str]:
        """The highest cosine to any target, whether a target that agrees in polarity and is not
        scrambled reaches the bar, and the target that decided."""
        vectors = await self._encode([answer, *targets])
        sims = vectors[1:] @ vectors[0]
        pol = analyse(answer).polarity
        polarities = polarities or [analyse(t).polarity for t in targets]
        best_index = int(np.argmax(sims))
        agreeing = [(float(s), t) for s, t, p in zip(sims, targets, polarities) if p == pol and not _scrambled(answer, t)]
        if agreeing:
            sim, target = max(agreeing)
            if sim >= self.semantic_threshold:
                return float(sims[best_index]), True, target
        return float(sims[best_index]), False, targets[best_index]

    async def grade(self, item: QuizItem, given: int | str, choices: Sequence[str] | None = None) -> GradeResult:
        if item.kind in ("multiple_choice", "true_false"):
            shown = list(choices) if choices is not None else shown_choices(item)
            result = grade_choice(item, shown, given)
            if result.reason == "invalid_choice" and isinstance(given, str) and self._encoder is not None:
                try:
                    return await self._choice_by_meaning(item, shown, given, result)
                except ModelUnavailable as exc:  # restarting: the word rules' verdict stands
                    log.warning("grading item %s by the word rules alone: %s", item.id, exc)
            return result
        result = grade_text(item, str(given))
        if result.correct or result.reason != "wrong" or result.why in _HARD:
            return result
        if item.kind == "short_answer" and item.reference and self._encoder is not None:
            if len(_content_words(canonical(result.answer))) >= MIN_MEANING_WORDS:
                pol = item_polarity(item)
                targets = [item.reference, *item.answers]
                salad = next((t for t in targets if _scrambled(result.answer, t)), None)
                if salad is not None:
                    return _wrong(result.answer, "order", salad)
                polarities = [_target_polarity(t, pol) for t in targets]
                try:
                    sim, agrees, target = await self.best_match(result.answer, targets, polarities)
                except ModelUnavailable as exc:  # restarting: the word rules' verdict stands
                    log.warning("grading item %s by the word rules alone: %s", item.id, exc)
                    return result
                log.debug("meaning similarity %.3f for item %s", sim, item.id)
                if agrees:
                    return GradeResult(True, rule="meaning", similarity=sim, answer=result.answer, why="meaning",
                                       target=target)
                why = "meaning_low" if sim < self.semantic_threshold else (
                    "order" if _scrambled(result.answer, target) else
                    "negation" if analyse(result.answer).negated != _target_polarity(target, pol)[0] else "direction")
                return _wrong(result.answer, why, target, similarity=sim)
        return result

    async def _choice_by_meaning(self, item: QuizItem, choices: list[str], given: str, invalid: GradeResult) -> GradeResult:
        """A choice described in the player's own words: the clearly closest choice by meaning."""
        text = clean_input(given)
        if item.kind == "true_false" or len(_content_words(canonical(text))) < 2 or len(text) > MAX_ANSWER_CHARS:
            return invalid
        vectors = await self._encode([text, *choices])
        sims = vectors[1:] @ vectors[0]
        order = np.argsort(-sims)
        best = int(order[0])
        second = float(sims[order[1]]) if len(choices) > 1 else -1.0
        if (float(sims[best]) >= self.semantic_threshold and float(sims[best]) - second >= CHOICE_MEANING_MARGIN
                and analyse(text).polarity == analyse(choices[best]).polarity):
            return _choice_result(item, choices, best, similarity=float(sims[best]))
        return invalid
