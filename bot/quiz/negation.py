"""Where a negation reaches in a typed answer, and what it says about the key.

The word rules count negations per clause ("no sanctions" is not "sanctions"). Three kinds of
answer need more than a count:

- **Privative and denying phrases** negate what follows them as "not" does: "a multipolar order
  *freed from* competing capitalist authoritarianisms" says the order has none of them, "*anything
  but* the dollar" or "*the opposite of* an independent policy" deny the key. `privatives`
  rewrites them ("free of", "rid of", "devoid of", "far from", "other than", ...) to "without" or
  "not", negation words.
- **Contrasts** name what the answer is not: "not a dependent foreign policy but an independent
  one", "NATO expansion rather than the New Deal", "instead of the euro, the dollar". `contrast`
  rewrites each to the one form the grader reads as an exclusion, "Y, not X" ("an independent
  foreign policy, not a dependent foreign policy"), resolving "one" to the noun it stands for.
  "not only X but also Y" adds, it does not exclude, and is left alone.
- **A key word inside a negation** ("a multipolar order without capitalist authoritarianism")
  denies the key whatever the clause count says, unless the answer also asserts that word
  outside the negation ("an independent foreign policy, not a dependent foreign policy") or the
  key itself is negated (`negated_key_words`).

And the reverse: when the key is negated ("it *lacks* a *deep* bench of experts"), an answer with
the opposite of a key word ("a *thin* bench of experts") says the same thing without a negation
word (`restates_negated_key`).
"""

from __future__ import annotations

import logging
import re
from typing import Callable, Collection, Sequence

log = logging.getLogger(__name__)

# "freed from X", "free of X": applied to canonical text (lower case, no punctuation).
_PRIVATIVE = re.compile(r"\b(?:free|freed|freeing|rid|ridded|devoid|void|stripped|strip|liberated|liberate|purged|"
                        r"purge|cleansed|cleanse|emptied|exempt|exempted|spared|deprived)\s+(?:of|from)\b")
# Phrases that deny what follows them: "anything but the dollar", "far from a failure", "the
# opposite of an independent policy", "other than the euro".
_DENYING = re.compile(r"\b(?:anything|everything|anyone|anybody|everyone|all)\s+but\b|\bfar\s+from\b|"
                      r"\b(?:the\s+)?(?:opposite|reverse|antithesis|contrary)\s+(?:of|to)\b|\bcontrary\s+to\b|"
                      r"\bother\s+than\b|\bnothing\s+like\b|\bexcept(?:\s+for)?\b|\bexcluding\b|\bminus\b|\bsans\b|"
                      r"\bno\s+longer\b")

_ONLY = r"(?:only|just|merely|simply)"
_NOT_BUT = re.compile(rf"^(?P<lead>.*?)\bnot\s+(?!{_ONLY}\b)(?P<x>[^,;]+?)\s*,?\s+but\s+(?:rather\s+|instead\s+)?(?P<y>.+)$",
                      re.I | re.S)
_RATHER = re.compile(r"^(?P<y>.+?)\s*,?\s+(?:rather than|instead of|as opposed to|and not)\s+(?P<x>.+)$", re.I | re.S)
_INSTEAD_FIRST = re.compile(r"^\s*(?:rather than|instead of|as opposed to)\s+(?P<x>[^,;]+?)\s*[,;]\s*(?P<y>.+)$",
                            re.I | re.S)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_ONE = re.compile(r"\b(one|ones)\b", re.I)


def privatives(text: str) -> str:
    """ "freed from X" -> "without X", "anything but X" / "far from X" / "the opposite of X" ->
    "not X" (canonical text)."""
    return _DENYING.sub("not", _PRIVATIVE.sub("without", text))


_ALSO = re.compile(rf"^(?P<lead>.*?)\bnot\s+{_ONLY}\s+(?P<x>[^,;]+?)\s*,?\s+but\s+(?:also\s+)?(?P<y>.+)$", re.I | re.S)
_MODIFIER_EXCLUDED = re.compile(r"^(?P<a>.+?\b(?P<mod>[\w'’-]+)),\s*not\s+(?P<b>[\w'’-]+),\s*(?P<c>[^,]+)$", re.I | re.S)


def contrast(raw: str) -> str:
    """The answer with a contrast written as "Y, not X" (see the module docstring); unchanged
    when it has none. "not only X but also Y" names both ("X, and also Y"; "X that is also green"
    when Y is "a green one"); "an independent, not
    dependent, foreign policy" is "an independent foreign policy, not dependent foreign policy"."""
    text = raw.strip()
    match = _ALSO.match(text)
    if match:
        x, y = match.group("x").strip(), match.group("y").strip(" .")
        if _ONE.search(y):  # "not only a sovereign policy but also a green one": one policy, two properties
            return f"{match.group('lead')}{x} that is also {_ONE.sub('', _ARTICLE.sub('', y)).strip()}".strip()
        return f"{match.group('lead')}{x}, and also {y}".strip()
    match = _MODIFIER_EXCLUDED.match(text)
    if match:
        c = match.group("c").strip(" .")
        return f"{match.group('a')} {c}, not {match.group('b')} {c}"
    match = _NOT_BUT.match(text)
    if match and match.group("x").strip() and match.group("y").strip():
        x = match.group("x").strip()
        y = _resolve_one(match.group("y").strip(" ."), x)
        lead = match.group("lead").strip()
        lead = "" if re.fullmatch(r"(?:it|that|this|they|he|she)?\s*(?:is|was|are|were|s)?", lead, re.I) else lead + " "
        return f"{lead}{y}, not {x}"
    match = _INSTEAD_FIRST.match(text)
    if match:
        x = match.group("x").strip()
        return f"{_resolve_one(match.group('y').strip(' .'), x)}, not {x}"
    match = _RATHER.match(text)
    if match and match.group("y").strip():
        y = match.group("y").strip()
        x = match.group("x").strip(" .")
        return f"{y}, not {_resolve_one(x, y)}"
    return raw


def _resolve_one(phrase: str, other: str) -> str:
    """ "an independent one" beside "a dependent foreign policy" is "an independent foreign policy":
    "one" stands for the other phrase's noun, without its first modifier."""
    if not _ONE.search(phrase):
        return phrase
    words = _ARTICLE.sub("", other).split()
    if len(words) < 2:
        return phrase
    return _ONE.sub(" ".join(words[1:]), phrase, count=1)


def reach(tokens: Sequence[str], clause: Sequence[int], neg_at: Sequence[int],
          frame: Collection[str] = ()) -> list[int]:
    """How many negations reach each token: from a negation word to the end of its clause (or to a
    "but", which turns the sentence back). Negation words in `frame` (the question's own "lack")
    reach nothing."""
    count = [0] * len(tokens)
    for start in neg_at:
        if tokens[start] in frame:
            continue
        here = clause[start] if clause else 0
        for j in range(start + 1, len(tokens)):
            if (clause and clause[j] != here) or tokens[j] == "but":
                break
            count[j] += 1
    return count


def negated_key_words(tokens: Sequence[str], at: Sequence[int], clause: Sequence[int], neg_at: Sequence[int],
                      is_key_word: Callable[[str], bool], is_neutral: Callable[[str], bool] = lambda _: False,
                      frame: Collection[str] = ()) -> tuple[str, ...]:
    """Key words the answer denies: inside an odd number of negations, in a negated stretch that
    says nothing but the key's words (and neutral ones: the question's, a kind of thing), and never
    asserted elsewhere. "a multipolar order freed from competing capitalist authoritarianisms"
    denies three key words; "..., not a socialist order" excludes another order ("socialist" is
    not the key's), and "not a dependent foreign policy but an independent one" asserts the key.
    """
    counts = reach(tokens, clause, neg_at, frame)
    content = set(at)
    negated: list[str] = []
    for start in neg_at:
        if tokens[start] in frame:
            continue
        here = clause[start] if clause else 0
        span = []
        for j in range(start + 1, len(tokens)):
            if (clause and clause[j] != here) or tokens[j] == "but":
                break
            if j in content:
                span.append(j)
        keys = [j for j in span if is_key_word(tokens[j]) and counts[j] % 2]
        others = [j for j in span if not is_key_word(tokens[j]) and not is_neutral(tokens[j])]
        if keys and not others:
            negated.extend(tokens[j] for j in keys)
    asserted = {tokens[j] for j in at if counts[j] % 2 == 0}
    out = tuple(dict.fromkeys(w for w in negated if w not in asserted))
    if out:
        log.debug("key words inside a negation: %s", out)
    return out


def restates_negated_key(content: Sequence[str], key_words: Collection[str],
                         opposite: Callable[[str, str], bool]) -> str | None:
    """A word of the answer that is the opposite of a word of a negated key the answer does not
    use ("thin" for "lacks a deep bench"): the answer says the key's negation in one word."""
    own = set(content)
    for word in content:
        if word in key_words:
            continue
        for key in key_words:
            if key not in own and opposite(word, key):
                return word
    return None


def asserted(raw: str, split: Callable[[str], list[str]], negation_words: Collection[str]) -> str:
    """What a typed answer asserts: contrasts rewritten (`contrast`), then every clause after the
    first that opens with a negation dropped ("Indonesia, not Canada" asserts "Indonesia"), so a
    choice it excludes is not read as a second choice. `split` cuts the answer into clauses."""
    text = contrast(raw)
    parts = split(text)
    kept = [p for i, p in enumerate(parts)
            if i == 0 or (p.split()[0].lower().strip(".,!?'\"") if p.split() else "") not in negation_words]
    if len(kept) == len(parts) or not kept:
        return text
    return ", ".join(kept)
