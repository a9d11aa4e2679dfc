"""The comparable form of a typed answer, and how close two such forms are.

Everything the grader compares goes through `canonical` first (rule 1 of `bot.quiz.grading`):
case, Unicode quotes and dashes, accents, punctuation, a leading article, possessive "'s", "%"
as "percent", number words as digits (years too: "nineteen eighty-nine" is 1989), decade words,
"Jan 6" as "january 6", "WWII" as "second world war", "U.S." as "united states", abbreviations and
UK spellings (`bot.quiz.lexicon`), country names holding "and" as one name (`bot.quiz.places`),
privative and denying phrases as negation words (`bot.quiz.negation`), "opposition to X" as
"anti-X". Then `close_enough` compares two canonical strings whole (exact, a decade or spacing
variant, another form of each word, a typo in each word) and `word_typo` two words.

Kept apart from the grader's rules so that the rules read as rules; the grader re-exports what
other modules use (`canonical`, `close_enough`, `word_typo`, `root`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from rapidfuzz.distance import OSA

from bot.quiz import lexicon, negation, places
from bot.stopwords import FUNCTION_WORDS
from bot.text import clean_input, normalize_for_match

# Function words: never content, never counted as extra words (the project's one list, plus a
# few quantities a typed answer adds: "a lot", "enough").
STOP = (FUNCTION_WORDS - {"same"}) | frozenset({"enough", "lot", "lots", "every", "another", "s", "t", "plus"})

Rule = Literal["exact", "variant", "typo", "words", "name_order", "meaning", "choice", "parts", "phonetic", "gloss"]

_ARTICLES = ("the ", "a ", "an ")
_SCALE = {"bn": "billion", "mn": "million", "tn": "trillion"}
NEGATING_PREFIXES = ("un", "in", "im", "ir", "il", "non", "dis")
_OPPOSITE_PREFIXES = ("un", "in", "im", "ir", "il", "non", "anti", "dis", "de", "a", "counter", "mis")
# Suffixes that make another form of the same word ("imperial"/"imperialism").
_SUFFIXES = ("izations", "isations", "ization", "isation", "ists", "isms", "ism", "ist", "ians", "ian",
             "ities", "ity", "ness", "ments", "ment", "ings", "ing", "ions", "ion", "ers", "er", "ed", "es",
             "al", "ic", "ly", "s")
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | {w: 10 * i for i, w in enumerate(_TENS) if w}
_DECADE_WORDS = {"twenties": "20s", "thirties": "30s", "forties": "40s", "fifties": "50s", "sixties": "60s",
                 "seventies": "70s", "eighties": "80s", "nineties": "90s"}
_NUMBER_ALT = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
# "one" after an adjective stands for a noun ("an independent one", "a socialist one").
_PRONOUN_ONE = re.compile(r"\b((?:a|an|the|this|that) (?!(?:and|or|of|in|to|hundred|thousand)\b)[a-z]+(?:-[a-z]+)?) one\b")
_NUMBER_RUN = re.compile(rf"\b(?:{_NUMBER_ALT})(?:[ -](?:{_NUMBER_ALT}|hundred|thousand|and))*\b")
MONTHS = {"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
           "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november",
           "dec": "december"}
_ORDINAL_WORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
                  "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_ORDINALS = {w: str(i) for i, w in enumerate(_ORDINAL_WORDS, start=1)} | {
    "twenty " + w: str(20 + i) for i, w in enumerate(_ORDINAL_WORDS[:9], start=1)} | {"thirtieth": "30", "thirty first": "31"}
# A month and a day written as an ordinal word: "January sixth" is January 6 (not "first world war").
_ORDINAL_DATE = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|december) "
                           r"(" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")\b")
_ALIASES = [  # applied to the lower-cased text, before punctuation is dropped
    (re.compile(r"\b(?:world war (?:ii|2|two)|ww ?(?:ii|2)|2(?:nd)? world war)\b"), "second world war"),
    (re.compile(r"\b(?:world war (?:i|1|one)|ww ?(?:i|1)|1(?:st)? world war)\b"), "first world war"),
    (re.compile(r"\bj6\b"), "january 6"),
]
_CASED_ALIASES = [  # need the case: "US" is the country, "us" a pronoun
    *[(re.compile(rf"(?<![\w.]){code}(?!\w)"), name) for code, name in lexicon.CURRENCIES.items()],
    (re.compile(r"(?<![\w.])(?:U\.S\.A\.?|U\.S\.?|USA|US)(?![\w])"), "United States"),
    (re.compile(r"(?<![\w.])(?:U\.K\.?|UK)(?![\w])"), "United Kingdom"),
    (re.compile(r"(?<![\w.])(?:U\.N\.?|UN)(?![\w])"), "United Nations"),
]
# "opposition to imperialism" is "anti-imperialism": one form for the prefix rules below.
_OPPOSED_TO = re.compile(r"\b(?:opposition|opposed|opposing|resistance|resisting) (?:to )?(?=[a-z])")
# ... and it governs both words of "opposition to imperialism and (to) authoritarianism".
_OPPOSED_TO_BOTH = re.compile(r"\b(?:opposition|opposed|opposing|resistance|resisting) (?:to )?([a-z]+) and (?:to )?"
                              r"(?!(?:opposition|opposed|opposing|resistance|resisting)\b)([a-z]+)\b(?! (?:of|for|to)\b)")
# Prefixes written apart ("non reformist", "anti-imperial" once the hyphen is gone) are joined to
# their word, so "non-reformist", "nonreformist" and "non reformist" are one word, and "anti-hegemony"
# is a word of its own, the opposite of "hegemony", instead of "hegemony" plus an extra word.
JOINED_PREFIXES = frozenset("non anti pro counter multi uni neo semi post pre".split())


def abbreviated(text: str) -> str:
    """ "i.e." and "e.g." as one word each ("ie", "eg"), so they open a clause of context."""
    return re.sub(r"\b([ie])\.?\s?([eg])\.(?=\s|$)", lambda m: m.group(1) + m.group(2), text, flags=re.I)


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
    text = places.shorten(abbreviated(clean_input(text)))
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
    text = re.sub(r"\bzero\s+(?=[a-z]{3,})", "no ", text)            # "zero sanctions" is "no sanctions"
    text = _PRONOUN_ONE.sub(r"\1 pronounone", text)  # "a socialist one" is a pronoun, not the number 1
    text = _NUMBER_RUN.sub(_words_to_number, text).replace("pronounone", "one")
    text = re.sub(r"\b(19|20) (\d0s)\b", r"\1\2", text)              # nineteen fifties -> 1950s
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)                  # 40,000 -> 40000
    text = re.sub(r"\$\s*(?=\d)", "", text)                           # $40 -> 40
    text = re.sub(r"\b(\d+(?:\.\d+)?)\s*(bn|mn|tn)\b", lambda m: f"{m.group(1)} {_SCALE[m.group(2)]}", text)  # 40bn
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1", text)           # 6th -> 6
    text = re.sub(r"(?<=\d)\.(?=\d)", "DOT", text)                    # keep decimals
    text = re.sub(r"[^\w\s]", " ", text).replace("_", " ")
    text = text.replace("DOT", ".")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\b(" + "|".join(MONTHS) + r")\b(?= \d)", lambda m: MONTHS[m.group(1)], text)
    for pattern, replacement in _ALIASES:
        text = pattern.sub(replacement, text)
    text = _OPPOSED_TO_BOTH.sub(lambda m: f"anti {m.group(1)} and anti {m.group(2)}"
                                if m.group(2) not in FUNCTION_WORDS else m.group(0), text)
    text = _OPPOSED_TO.sub("anti ", text)
    text = negation.privatives(text)
    text = " ".join(lexicon.american_spelling(lexicon.ABBREVIATIONS.get(t, t)) for t in text.split())
    text = _ORDINAL_DATE.sub(lambda m: f"{m.group(1)} {_ORDINALS[m.group(2)]}", text)
    text = _join_prefixes(text)
    for article in _ARTICLES:
        if text.startswith(article) and len(text) > len(article):
            text = text[len(article):]
            break
    return text


def _join_prefixes(text: str) -> str:
    words = text.split()
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        nxt = words[index + 1] if index + 1 < len(words) else ""
        if word in JOINED_PREFIXES and nxt.isalpha() and len(nxt) >= 3 and nxt not in FUNCTION_WORDS:
            out.append(word + nxt)
            index += 2
            continue
        out.append(word)
        index += 1
    return " ".join(out)


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def shorten_decades(text: str) -> str:
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
    return any(long_ == p + short for p in _OPPOSITE_PREFIXES) or lexicon.opposite_by_prefix(a, b)


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
    short_expected = shorten_decades(expected)
    if given == short_expected or (shorten_decades(given) == expected and expected != given and re.search(r"\b\d0s\b", expected)):
        return "variant"
    if given.replace(" ", "") == expected.replace(" ", ""):
        return "variant"
    g_split, e_split = given.split(), expected.split()
    if (len(g_split) == len(e_split) and not _digits(given + expected)
            and all(g == e or (lexicon.stem(g) == lexicon.stem(e) and g[:3] == e[:3] and abs(len(g) - len(e)) <= 2
                               and lexicon.is_english(e))
                    for g, e in zip(g_split, e_split))):
        return "variant"  # "dollars" for "dollar": another form of the same word, not a typo
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


def roots(word: str) -> set[str]:
    """The word and what is left after taking off one and two suffixes."""
    out = {word}
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                out.add(word)
                break
        else:
            break
    return out
