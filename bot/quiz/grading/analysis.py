"""An answer read as words: clauses ("1989, when the Berlin Wall fell" is the answer and true
context), content words, and the negation and direction of each clause (`analyse`). The word lists
that give an answer its polarity (negation, denial, up, down) live here. Imports nothing of the
package; uses `bot.quiz.normalize` for the canonical form."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.quiz import lexicon
from bot.quiz.normalize import STOP as _STOP
from bot.quiz.normalize import abbreviated, canonical, word_typo
from bot.stopwords import CHAT_WORDS
from bot.text import clean_input

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


def _content_set(text: str) -> frozenset[str]:
    return frozenset(analyse(text).content) if text else frozenset()


_NUMERIC = re.compile(r"\d+(?:\.\d+)?s?")


def _content_words(text: str) -> list[str]:
    return list(analyse(text, text).content)
