"""General English word knowledge the grader needs: opposites, scales, synonyms, abbreviations.

Nothing here is about one essay or one quiz item. A typed answer can contradict the key with a
single word ("a *dependent* foreign policy", "*domestic* institutions", "*mild* sanctions"),
which an embedding model scores as close in meaning, so the grader looks words up here:

- `OPPOSITES`: antonym families ("success" / "failure", "domestic" / "foreign", "international"),
  compared by Snowball stem (PyStemmer, already used by retrieval) so every form of a word
  counts: "failures", "failed", "unsuccessful" are all on the "failure" side.
- opposite prefixes (`opposite_by_prefix`): "unclear"/"clear", "anti-hegemony"/"hegemony",
  "pro-reformist"/"non-reformist", "unipolar"/"multipolar", "internal"/"external".
- `SCALES`: two ends of one scale ("mild" ... "harsh", "limited" ... "total"): words at the same
  end stand for each other as modifiers ("harsh sanctions" for "aggressive sanctions"), words at
  opposite ends contradict ("targeted sanctions", "limited war").
- `SYNONYMS`: words that stand for each other inside an answer.
- `ABBREVIATIONS` and `CURRENCIES`: "intl" is "international", "USD" the US dollar.
- `COUNTRY_FORMS`: a country and its adjective are one name ("U.S." policymakers are
  "American"), for the check that an answer names the same actor as the key.

Tables, not code: a missing word is one line to add, with a test that fails without it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import Stemmer

_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower())


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    path = resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    with path.open(encoding="utf-8") as handle:
        return frozenset(line.partition(" ")[0] for line in handle)


def is_english(word: str) -> bool:
    """A word of the English word list that ships with symspellpy (the tutor's speller uses it too):
    a real word is never "corrected" into another one ("agent" is not a misspelt "aren't")."""
    return word.lower() in _english()


def _families(pairs: list[tuple[str, str]]) -> list[tuple[frozenset[str], frozenset[str]]]:
    return [(frozenset(stem(w) for w in a.split()), frozenset(stem(w) for w in b.split())) for a, b in pairs]


# Antonym families: every word of the left contradicts every word of the right. General English
# (and the general vocabulary of politics and economics), never one item's wording.
OPPOSITES = _families([
    ("success successful succeed win victory triumph", "failure fail unsuccessful defeat loss lose fiasco debacle flop"),
    ("independent independence autonomous autonomy sovereign", "dependent dependence dependency subordinate reliant"),
    ("domestic internal", "foreign international global external"),
    ("domestic", "abroad overseas"),
    ("local", "global international national"),
    ("federal", "state provincial municipal local regional"),
    ("democracy democracies democratic democrat", "authoritarian authoritarianism autocracy autocratic dictatorship tyranny totalitarian"),
    ("capitalist capitalism", "socialist socialism communist communism"),
    ("compete competing competition competitive rival rivalry", "cooperate cooperating cooperation cooperative collaborate collaboration"),
    ("progressive progress", "regressive conservative reactionary regress"),
    ("liberal", "conservative illiberal"),
    ("agree agreement consensus", "disagree disagreement dispute"),
    ("peace peaceful", "war violence violent conflict"),
    ("life alive living live", "death dead dying die"),
    ("ally allies alliance friend friends", "enemy enemies adversary adversaries foe foes"),
    ("accept acceptance", "reject rejection"),
    ("include inclusion inclusive", "exclude exclusion exclusive"),
    ("legal legitimate", "illegal illegitimate"),
    ("public", "private"),
    ("rich wealthy wealth affluent", "poor poverty"),
    ("strong strength strengthen", "weak weakness weaken"),
    ("open", "closed"),
    ("rise rising", "fall falling decline"),
    ("begin beginning start", "end ending finish"),
    ("gain gains", "loss losses"),
    ("victory", "defeat"),
    ("order", "disorder chaos"),
    ("majority", "minority"),
    ("maximum", "minimum"),
    ("modern", "traditional"),
    ("early", "late"),
    ("past", "future"),
    ("north northern", "south southern"),
    ("east eastern", "west western"),
    ("offensive offense", "defensive defense"),
    ("military", "civilian"),
    ("employer employers corporation corporations company companies business businesses capital management",
     "worker workers labor labour employee employees"),
    ("elite elites establishment", "grassroots masses"),
    ("hawk hawks hawkish", "dove doves dovish"),
    ("unilateral", "multilateral"),
    ("isolation isolationism isolationist", "engagement internationalism interventionism"),
    ("restraint restrained", "intervention interventionism primacy hegemony"),
    ("expensive costly", "cheap inexpensive"),
    ("hope hopeful optimism optimistic", "despair pessimism pessimistic"),
    ("clear coherent distinct definite lucid", "unclear vague murky muddled muddy confused incoherent fuzzy hazy "
                                                 "ambiguous indistinct nebulous"),
    ("support supporting supporter", "oppose opposing"),
    ("join joined", "leave quit"),
    ("justice", "injustice"),
    ("same identical equal", "different opposite"),
    ("free freedom liberty", "slave slavery oppression captivity"),
    ("moral", "immoral amoral"),
    ("legitimate", "illegitimate"),
    ("rational", "irrational"),
    ("secure security", "insecure insecurity"),
    ("stability stable", "instability unstable"),
    ("equality equal", "inequality unequal"),
    ("tolerance tolerant", "intolerance intolerant"),
    ("lenient leniency lenience tolerant permissive", "strict strictness severe severity stringent harsh harshness"),
    ("expansion expand enlargement enlarge", "contraction contract shrink reduction"),
    ("unipolar unipolarity", "multipolar multipolarity bipolar bipolarity"),
])

# Two ends of one scale. Same end: stand for each other as modifiers; opposite ends: contradiction.
SCALES = _families([
    ("mild moderate limited light soft gentle minor modest slight partial targeted narrow selective weak measured "
     "lax loose lenient toothless token symbolic halfhearted",
     "aggressive harsh severe tough heavy strong sweeping broad comprehensive blanket total full massive extreme "
     "intense punishing crippling draconian"),
    ("small little tiny", "big large huge enormous vast"),
    ("low", "high"),
    ("short", "long"),
    ("slow gradual", "fast rapid quick sudden"),
    ("shallow thin", "deep"),
    ("thin", "thick"),
    ("few", "many numerous"),
    ("rare", "common frequent"),
])

# Words that stand for each other inside an answer (general English).
SYNONYM_SETS = [
    {"insurrection", "riot", "riots", "storming", "stormed", "siege", "assault", "uprising", "attack", "attacks"},
    {"budget", "budgets", "spending", "funding", "expenditure", "expenditures", "outlays"},
    {"defense", "defence", "military", "pentagon"},
    {"backstop", "guarantor", "underwriter"},
    {"expert", "experts", "specialist", "specialists"},
    {"agent", "agents", "actor", "actors"},
    {"foundation", "basis", "base", "bedrock", "cornerstone"},
    {"coterminous", "identical", "same", "equivalent", "coincide", "coincides", "coincided", "coinciding",
     "coincident"},
    {"dollar", "dollars", "greenback", "greenbacks"},
    {"yuan", "renminbi"},
    {"failure", "failures", "fiasco", "debacle"},
    {"competing", "rival", "rivals", "contending"},
    {"institution", "institutions", "organization", "organizations"},
    {"international", "multilateral"},
    {"war", "wars", "warfare"},
]

# One word in forms that do not share a spelling ("anti-empire" is "anti-imperial"): each family is
# one word for the grader, like "imperialism" and "imperial" (general English, Latin and Greek roots).
DERIVATIONS = [frozenset(stem(w) for w in family.split()) for family in (
    "empire empires imperial imperialism imperialist imperialists imperium",
    "law laws legal",
    "city cities urban civic",
    "money monetary pecuniary",
    "sea seas maritime naval",
    "king kings royal regal",
    "people popular",
    "world worldwide global",
    "town municipal",
    "country countryside rural",
    "war wars martial bellicose",
    "mind minds mental",
    "church ecclesiastical",
    "tax taxes fiscal",
    "army armies military",
    "success successes successful succeed succeeds succeeded",
)]


def same_derivation(a: str, b: str) -> bool:
    """Two forms of one word that do not share a spelling ("empire"/"imperial", "law"/"legal")."""
    sa, sb = stem(a), stem(b)
    return sa != sb and any(sa in family and sb in family for family in DERIVATIONS)


# Nouns that name the kind of thing an answer is ("the Cato *think tank*", "a Progressive
# International *alliance*", "a sanctions *regime*"): an appositive or extra word made only of them
# and the question's words describes the answer, it is not another candidate.
KIND_NOUNS = frozenset(stem(w) for w in """
war initiative institute institution party movement treaty accord agreement doctrine plan conference
summit crisis program programme organization organisation group idea policy theory people population
citizens civilians government country state nation region alliance coalition federation network union
league bloc association body front council tank thinktank regime regimes framework project effort
campaign platform system order structure arrangement""".split())


# Abbreviations people type, expanded before anything is compared (lower case, whole words).
ABBREVIATIONS = {
    "intl": "international", "int'l": "international", "natl": "national", "nat'l": "national",
    "govt": "government", "gov't": "government", "admin": "administration", "org": "organization",
    "orgs": "organizations", "dept": "department", "assoc": "association", "univ": "university",
    "econ": "economic", "corp": "corporation", "approx": "approximately", "natsec": "national security",
    "ww3": "third world war", "gdp": "gross domestic product", "neocon": "neoconservative",
    "neocons": "neoconservatives", "neolib": "neoliberal", "neolibs": "neoliberals",
}
# Currency codes, written in capitals (so "eur" in a word is never touched).
CURRENCIES = {
    "USD": "US dollar", "EUR": "euro", "GBP": "pound sterling", "JPY": "yen", "CNY": "yuan", "RMB": "yuan",
    "RUB": "ruble", "CHF": "Swiss franc", "INR": "rupee",
}
# A country's names and adjectives, as canonical words (see `normalize.canonical`): one actor.
COUNTRY_FORMS = [
    {"american", "americans", "america", "united states", "us", "usa"},
    {"british", "britain", "united kingdom", "uk", "england", "english"},
    {"chinese", "china", "prc"},
    {"russian", "russians", "russia", "soviet", "soviets", "soviet union", "ussr"},
    {"french", "france"}, {"german", "germans", "germany"}, {"dutch", "netherlands", "holland"},
    {"spanish", "spain"}, {"japanese", "japan"}, {"ukrainian", "ukrainians", "ukraine"},
    {"european", "europeans", "europe", "eu", "european union"},
]

_UK_ENDINGS = [  # British ending -> American ending, applied only when the result is an English word
    (re.compile(r"isation(s?)$"), r"ization\1"), (re.compile(r"is(e|ed|es|ing)$"), r"iz\1"),
    (re.compile(r"our(s|ed|ing|able|ite|ites)?$"), r"or\1"), (re.compile(r"tre(s?)$"), r"ter\1"),
    (re.compile(r"ence(s?)$"), r"ense\1"), (re.compile(r"ogue(s?)$"), r"og\1"),
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"), (re.compile(r"yse(s|d)?$"), r"yze\1"),
]


def american_spelling(word: str) -> str:
    """ "organisations" is "organizations", "labour" is "labor", "defence" is "defense": one spelling
    for comparing. A word changes only into another English word ("promise" stays)."""
    if len(word) < 5:
        return word
    for pattern, replacement in _UK_ENDINGS:
        if pattern.search(word):
            other = pattern.sub(replacement, word)
            if other != word and is_english(other):
                return other
    return word


# Prefixes that turn a word into its opposite, in groups: a word with a prefix of one group is the
# opposite of the same stem with a prefix of another group (or, for the first, with none).
_NEGATING = ("un", "non", "anti", "counter", "dis", "in", "im", "il", "ir", "de", "mis", "a")
_AFFIRMING = ("pro",)
_COUNTING = ("uni", "mono", "bi", "tri", "multi", "poly", "omni")
_PAIRED = (("pre", "post"), ("over", "under"), ("sub", "super"), ("hyper", "hypo"), ("micro", "macro"),
           ("in", "ex"), ("im", "ex"), ("intra", "inter"), ("in", "out"), ("up", "down"), ("front", "back"))
# Short prefixes that start many unrelated words ("inform", "design", "discover") count only before
# a stem that reads as a derived word (an adjective or abstract noun).
_CAREFUL = ("in", "im", "il", "ir", "dis", "de", "mis", "a", "ex")
_DERIVED = re.compile(r"(?:al|ar|ent|ant|ive|able|ible|ous|ate|ite|ic|ful|ed|ity|ism|ist|ness|ence|ance|ion|ions|"
                      r"ial|ary|ory|ure|ency|ancy|ist|ists|isms|ities|ly)$")


def _split_prefix(word: str, prefixes: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for p in prefixes:
        if word.startswith(p) and len(word) - len(p) >= 4:
            out.append((p, word[len(p):]))
    return out


def _careful_ok(prefix: str, rest: str) -> bool:
    return prefix not in _CAREFUL or bool(_DERIVED.search(rest))


def opposite_by_prefix(a: str, b: str) -> bool:
    """Whether two words are one stem with opposite prefixes ("clear"/"unclear", "unipolar"/"multipolar",
    "non-reformist"/"pro-reformist"). Words are canonical: lower case, hyphens already joined."""
    if a == b or not a or not b:
        return False
    for x, y in ((a, b), (b, a)):
        for p, rest in _split_prefix(x, _NEGATING):
            if _careful_ok(p, rest) and (y == rest or stem(y) == stem(rest) and len(rest) >= 5):
                return True
            for _q, other in _split_prefix(y, _AFFIRMING):
                if other == rest:
                    return True
    for group in (_COUNTING,):
        left = [(p, r) for p, r in _split_prefix(a, group)]
        right = [(q, r) for q, r in _split_prefix(b, group)]
        if any(r == s and p != q for p, r in left for q, s in right):
            return True
    for first, second in _PAIRED:
        for x, y in ((a, b), (b, a)):
            if x.startswith(first) and y.startswith(second) and x[len(first):] == y[len(second):] \
                    and len(x) - len(first) >= 4 and _careful_ok(first, x[len(first):]) and _careful_ok(second, y[len(second):]):
                return True
    return False


def opposite_words(a: str, b: str) -> bool:
    """Antonyms by the table, opposite ends of a scale, or opposite prefixes."""
    if a == b:
        return False
    sa, sb = stem(a), stem(b)
    if sa == sb:
        return False
    for left, right in OPPOSITES:
        if (sa in left and sb in right) or (sa in right and sb in left):
            return True
    for low, high in SCALES:
        if (sa in low and sb in high) or (sa in high and sb in low):
            return True
    return opposite_by_prefix(a, b)


def same_scale_end(a: str, b: str) -> bool:
    """Two modifiers at the same end of one scale ("harsh", "aggressive")."""
    sa, sb = stem(a), stem(b)
    return sa != sb and any((sa in end and sb in end) for scale in SCALES for end in scale)


def antonym_of_negated(given: str, expected: str) -> bool:
    """ "failure" for "unsuccessful": the given word is an antonym of the expected word's stem once
    its negating prefix is taken off (so it says the same thing)."""
    for p, rest in _split_prefix(expected, ("un", "non", "in", "im", "il", "ir", "dis")):
        if not _careful_ok(p, rest) and p not in ("un", "non"):
            continue
        sg, sr = stem(given), stem(rest)
        if any((sg in left and sr in right) or (sg in right and sr in left) for left, right in OPPOSITES):
            return True
    return False
