"""The default answer: the essays' own sentences, quoted verbatim and cited by paragraph.

Why sentences and not whole passages: a retrieved paragraph of Rana's essay can run to 1,200
characters, most of it beside the point. Quoting verbatim means the tutor never says anything
the essays do not; choosing the right sentence is what makes the quote an answer.

A sentence is judged in its context, not alone: its cosine with the question, the best cosine of
its neighbours in the paragraph (a sentence that introduces the answer is lifted by the one that
gives it), the share of the question's distinctive words it holds (idf-weighted and stemmed, as
BM25 does for passages), and a cue for the kind of question ("because", "led to" for a why; "for
example", names and numbers for an example; "defined as", "what I call" for a definition).
Sentences of the top-ranked paragraph get a small bonus (retrieval weighed the whole paragraph),
near-duplicates are dropped, and quotes from one paragraph are kept in reading order, joined
with an ellipsis when not adjacent, so the answer reads like a careful excerpt.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Protocol, Sequence

import numpy as np
from rapidfuzz import fuzz

from bot.corpus.essay import Essay
from bot.index.retrieval import Hit
from bot.prompts import PromptSection
from bot.text import excerpt, split_sentences, strip_markdown, truncate

log = logging.getLogger(__name__)

# Score bonus by paragraph rank: prefer the paragraph retrieval put first, all else close.
RANK_BONUS = (0.05, 0.025, 0.0)
NEIGHBOUR_WEIGHT = 0.15  # of the best neighbouring sentence's cosine
KEYWORD_WEIGHT = 0.25  # of the idf-weighted share of the question's words in the sentence
CUE_BONUS = 0.06  # a sentence shaped like the answer the question wants ...
# ... and more when the shape is the whole point: "what stands in the way" is answered by an
# obstacle, and the sentence about the goal, however close in meaning, says the opposite.
CUE_BONUSES = {"problem": 0.15, "figure": 0.15}
PHRASE_BONUS = 0.2  # the sentence holds a phrase of the question word for word ("national security state")
NEIGHBOUR_FLOOR = 0.18  # a next sentence this close to the chosen one is quoted with it
ROLE_BONUS = 0.08  # the sentence plays the role the question asks for (a concession for an objection)
NAME_BONUS = 0.2  # the sentence names what the question names ("Biden")
# A sentence opening like this finishes the thought of the one before: quote the two together
# ("This dynamic explains…", "For example, …"); "These days …" opens a new one.
_CONTINUES = re.compile(r"^(?:instead|rather|as a result|thus|therefore|hence|in other words|that is|this means|"
                        r"consequently|in turn|in short|(?:this|these|that|those|such)\s+(?!(?:days|years|times|weeks|months|"
                        r"decades|nights|mornings)\b)(?:\w+\s+)?(?:is|are|was|were|"
                        r"means?|meant|explains?|shows?|suggests?|reflects?|includes?|included|"
                        r"\w+(?:ism|ion|ment|ness|ity|s))\b|for (?:example|instance)|i\.e\.|e\.g\.)", re.I)
_CUES = {
    "why": re.compile(r"\b(?:because|since|so that|therefore|thus|hence|as a result|result(?:ed|s)? in|led to|lead to|"
                      r"leads to|means|meant|due to|in order to|explains?|reasons?|caused?|consequences?|"
                      r"precisely because|which is why|that is why|for this reason|product of|driven by|stems? from|"
                      r"rooted in|helped lead|gave rise|fed)\b", re.I),
    "example": re.compile(r"\b(?:for example|for instance|such as|e\.g\.|including|like|as in|as with|"
                          r"take the|consider)\b|\d|(?<=[a-z,;] )[A-Z][a-z]+", re.I | re.M),
    "problem": re.compile(r"\b(?:obstacles?|problems?|challenges?|difficult\w*|hard-pressed|struggle\w*|hurdles?|"
                          r"barriers?|won't be easy|not be easy|lacks?|doesn't have|predicament|dilemmas?|"
                          r"tensions?|risks?|trouble)\b", re.I),
    "figure": re.compile(r"[$€£]\s?\d|\d\s?(?:%|percent)|\b(?:million|billion|trillion)\b|\b\d{2,}\b", re.I),
    "definition": re.compile(r"\b(?:defined as|what I call|refers? to|is the idea|the idea that|the belief|"
                             r"means|meaning|in other words|that is|i\.e\.|or “|known as|called)\b|—", re.I),
}
MAX_PARAGRAPHS = 3
# A further quote must be nearly as well supported as the best one.
RELATIVE_FLOOR = 0.12
# Sentences this similar (cosine) or this alike in wording (rapidfuzz) count as duplicates.
DUPLICATE_COSINE = 0.85
DUPLICATE_FUZZ = 85.0
MIN_WORDS = 5
MAX_SENTENCE_CHARS = 420
# A paragraph this long or shorter is quoted whole around its best sentence (see with_paragraph);
# the blind essays' paragraphs average 360-800 characters.
PASSAGE_CHARS = 900
# Sentences after the best one that its quote keeps (the quotes after it keep one). FINAL-36's first
# run (judged blind): of 196 answers marked down, 38 notes say the quote stopped before the answer
# (the findings after a study's set-up, the reply after "This objection is fair"), 29 that other
# quotes padded it; a longer first quote leaves less room for those.
FIRST_WINDOW_AFTER = 2
ELLIPSIS_JOIN = " … "


class Encoder(Protocol):
    async def encode_async(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Sentence:
    essay: str
    paragraph: int
    index: int  # position within the paragraph, for reading order
    text: str  # verbatim, possibly cut at a word boundary with "…"
    rank: int  # rank of its paragraph in the retrieval result
    cosine: float
    score: float

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.essay, self.paragraph, self.index)


@dataclass(frozen=True)
class Quote:
    """What one paragraph contributes to an answer: one citation."""

    essay: str
    title: str
    short_title: str
    author: str
    paragraph: int
    text: str
    sentences: tuple[Sentence, ...] = field(default=(), compare=False)


class SentenceVectors:
    """Sentence embeddings: an in-memory LRU over the on-disk embedding cache.

    Scoring a paragraph's sentences the first time costs an encode of all of them (several times
    a question's encode); backed by the index database (keyed by model and text hash, like chunk
    vectors), that cost is paid once per sentence, not once per process, and `warm` can pay it
    in the background before anyone asks.
    """

    def __init__(self, capacity: int = 4096, backing=None):
        self.capacity = capacity
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._backing = backing  # an IndexStore, or None for memory only

    async def encode(self, encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            found: dict[str, np.ndarray] = {}
            model = getattr(encoder, "model_id", None)
            hashes = {t: hashlib.sha256(t.encode("utf-8")).hexdigest() for t in missing}
            if self._backing is not None and model:
                stored = await self._backing.get_vectors(model, list(hashes.values()))
                found = {t: stored[h] for t, h in hashes.items() if h in stored}
            to_encode = [t for t in missing if t not in found]
            if to_encode:
                vectors = await encoder.encode_async(to_encode)  # one batch, off the event loop
                fresh = {t: np.asarray(v, dtype=np.float32) for t, v in zip(to_encode, vectors)}
                found.update(fresh)
                if self._backing is not None and model:
                    await self._backing.put_vectors(model, {hashes[t]: v for t, v in fresh.items()})
            for text in missing:
                self._cache[text] = found[text]
                if len(self._cache) > self.capacity:
                    self._cache.popitem(last=False)
        out = []
        for text in texts:
            vec = self._cache.get(text)
            if vec is None:  # evicted by a batch larger than the capacity
                vec = (await self.encode(encoder, [text]))[0]
            else:
                self._cache.move_to_end(text)
            out.append(vec)
        return np.stack(out) if out else np.zeros((0, 1), np.float32)


def paragraph_sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@dataclass(frozen=True)
class Focus:
    """What the question is after, beyond its vector: its weighted words and the answer's shape."""

    terms: dict[str, float] = field(default_factory=dict)  # stemmed question term -> idf weight
    cue: str | None = None  # "why", "example" or "definition"
    phrases: tuple[str, ...] = ()  # runs of two or more content words of the question, lower case
    roles: tuple[str, ...] = ()  # argument-map roles the answer should come from (an objection: concessions)
    role_of: Callable[[str, int, int], str] | None = field(default=None, compare=False)  # (essay, ¶, i) -> role
    links: Callable[[str, int, int], list[tuple[str, int, int]]] | None = field(default=None, compare=False)
    must: tuple[str, ...] = ()  # lower-case names a quote should hold ("biden"): the question is about them
    around: re.Pattern | None = field(default=None, compare=False)  # what a cut long sentence must keep in view

    def has_phrase(self, sentence: str) -> bool:
        if not self.phrases:
            return False
        text = " ".join(re.findall(r"[a-z0-9']+", sentence.lower().replace("’", "'")))
        return any(f" {p} " in f" {text} " for p in self.phrases)

    def keyword_share(self, tokens: Iterable[str]) -> float:
        total = sum(self.terms.values())
        if total <= 0:
            return 0.0
        present = set(tokens)
        return sum(w for t, w in self.terms.items() if t in present) / total


async def score_sentences(
    encoder: Encoder, cache: SentenceVectors, qvec: np.ndarray, hits: Sequence[Hit],
    essays: Callable[[str], Essay | None], *, max_paragraphs: int = MAX_PARAGRAPHS,
    exclude: Iterable[tuple[str, int, int]] = (), focus: Focus | None = None,
    tokens: Callable[[str], Sequence[str]] = lambda text: (),
) -> tuple[list[Sentence], np.ndarray]:
    """Every usable sentence of the top paragraphs, scored in context against the question."""
    excluded = set(exclude)
    focus = focus or Focus()
    cue = _CUES.get(focus.cue or "")
    rows: list[tuple[str, int, int, str, int]] = []
    for rank, hit in enumerate(hits[:max_paragraphs]):
        essay = essays(hit.essay)
        para = essay.paragraph(hit.paragraph) if essay else None
        full = para.text if para else hit.text
        for index, sentence in enumerate(paragraph_sentences(full)):
            rows.append((hit.essay, hit.paragraph, index, sentence, rank))
    if not rows:
        return [], np.zeros((0, len(qvec)), np.float32)
    all_vectors = await cache.encode(encoder, [strip_markdown(r[3]) for r in rows])
    cosines = (all_vectors @ np.asarray(qvec, dtype=np.float32)).tolist()
    where = {(r[0], r[1], r[2]): i for i, r in enumerate(rows)}
    out, keep = [], []
    for i, (slug, number, index, sentence, rank) in enumerate(rows):
        if (slug, number, index) in excluded:
            continue
        if len(sentence.split()) < MIN_WORDS and sum(1 for r in rows if r[:2] == (slug, number)) > 1:
            continue
        neighbours = [cosines[j] for j in (where.get((slug, number, index - 1)), where.get((slug, number, index + 1)))
                      if j is not None]
        score = cosines[i] + NEIGHBOUR_WEIGHT * max(neighbours, default=0.0)
        score += KEYWORD_WEIGHT * focus.keyword_share(tokens(sentence))
        if cue is not None and cue.search(sentence):
            score += CUE_BONUSES.get(focus.cue or "", CUE_BONUS)
        if focus.has_phrase(sentence):
            score += PHRASE_BONUS
        if focus.roles and focus.role_of is not None and focus.role_of(slug, number, index) in focus.roles:
            score += ROLE_BONUS
        if focus.must and any(name in sentence.lower() for name in focus.must):
            score += NAME_BONUS
        score += RANK_BONUS[rank] if rank < len(RANK_BONUS) else 0.0
        # A long sentence is cut around what the question asks for ("… the bottom fifth used 8
        # percent"), not always at its end.
        out.append(Sentence(slug, number, index, excerpt(sentence, MAX_SENTENCE_CHARS, focus.around), rank, cosines[i],
                            score))
        keep.append(i)
    return out, all_vectors[keep] if keep else np.zeros((0, len(qvec)), np.float32)


def pick_sentences(
    scored: Sequence[Sentence], vectors: np.ndarray, *, max_quotes: int,
    fits: Callable[[list[Sentence]], bool] = lambda chosen: True,
) -> list[Sentence]:
    """Greedy: best first; later ones must be close in support, new in content, and fit."""
    order = sorted(range(len(scored)), key=lambda i: -scored[i].score)
    chosen: list[int] = []
    for i in order:
        if len(chosen) >= max_quotes:
            break
        s = scored[i]
        if chosen and s.score < scored[chosen[0]].score - RELATIVE_FLOOR:
            break
        if any(float(vectors[i] @ vectors[j]) >= DUPLICATE_COSINE
               or fuzz.token_set_ratio(s.text, scored[j].text) >= DUPLICATE_FUZZ for j in chosen):
            continue
        if not fits([scored[j] for j in chosen] + [s]):
            continue
        chosen.append(i)
    return [scored[i] for i in chosen]


def with_continuations(chosen: list[Sentence], scored: Sequence[Sentence],
                       fits: Callable[[list[Sentence]], bool]) -> list[Sentence]:
    """Add the sentence right after a chosen one when it opens by finishing its thought
    ("…did not produce a more harmonious world. Instead, it helped lead to failed states…")."""
    by_key = {s.key: s for s in scored}
    out = list(chosen)
    for s in chosen:
        after = by_key.get((s.essay, s.paragraph, s.index + 1))
        if after is not None and after not in out and _CONTINUES.match(after.text) and fits(out + [after]):
            out.append(after)
    return out


def with_linked(chosen: list[Sentence], scored: Sequence[Sentence], focus: Focus | None,
                fits: Callable[[list[Sentence]], bool]) -> list[Sentence]:
    """Keep the neighbour a chosen sentence needs: the next sentence when the map links it to the
    chosen one (it supports it, lists its items, or opens by referring back to it) and it plays a
    role the question asks for, or the chosen one only announces it ("… two tendencies:",
    "For starters, …"). A quote that stops at the announcement drops the answer."""
    if focus is None or focus.links is None:
        return chosen
    by_key = {s.key: s for s in scored}
    out = list(chosen)
    for s in chosen:
        after = by_key.get((s.essay, s.paragraph, s.index + 1))
        if after is None or after in out:
            continue
        linked = s.key in (focus.links(*after.key) or ())
        wanted = focus.role_of is not None and focus.role_of(*after.key) in (focus.roles or ("reason", "evidence",
                                                                                             "example"))
        announces = s.text.rstrip().endswith(":") or bool(_ANNOUNCES.search(s.text))
        # the next sentence nearly as close to the question finishes the point ("This is the
        # argument that some on the left have been emphasizing…" then the argument itself)
        close = after.score >= s.score - NEIGHBOUR_FLOOR and after.cosine >= s.cosine - NEIGHBOUR_FLOOR
        if ((linked and (wanted or announces)) or close) and fits(out + [after]):
            out.append(after)
    return out


def with_window(chosen: list[Sentence], scored: Sequence[Sentence], fits: Callable[[list[Sentence]], bool],
                *, after: int = 1) -> list[Sentence]:
    """The best sentence read as a passage: with the sentence before it when it opens by pointing
    back ("This …", "But …", "It …"), and with the `after` sentences that follow it in its
    paragraph, as far as the answer's length allows.

    Why: a writer's point rarely fits one sentence. Judges of four blind sets (FINAL-3/4, 330
    turns) marked 51 answers down for a quote that "stops before" the answer (the results after
    the set-up, the running costs after the price, the obstacle after "significant obstacles"),
    against 32 for padding; the padding came from other paragraphs, not from a quote's own
    neighbours."""
    if not chosen:
        return chosen
    by_key = {s.key: s for s in scored}
    top = chosen[0]
    out = list(chosen)
    before = by_key.get((top.essay, top.paragraph, top.index - 1))
    if before is not None and before not in out and _POINTS_BACK.match(top.text) and fits(out + [before]):
        out.append(before)
    # A question the essay asks ("Did the new stoplight reduce crashes?") sets up what follows and
    # answers nothing: it does not count against `after` (FINAL-36, judged blind: "what did the
    # study find" stopped at the study's two questions, before its findings)
    step, taken = 1, 0
    while taken < after:
        nxt = by_key.get((top.essay, top.paragraph, top.index + step))
        step += 1
        if nxt is None:
            break
        if not strip_markdown(nxt.text).rstrip(" ”\"'’").endswith("?"):
            taken += 1
        if nxt in out:
            continue
        if not fits(out + [nxt]):
            break
        out.append(nxt)
    return out


def with_paragraph(chosen: list[Sentence], scored: Sequence[Sentence], fits: Callable[[list[Sentence]], bool],
                   *, limit: int) -> list[Sentence]:
    """The best sentence's whole paragraph, when the paragraph is short enough to read at once.

    Why: an essay paragraph makes one point, and the sentence closest to the question is rarely all
    of it. Of FINAL-12's 160 blind turns (judged before this rule), the judges' notes mark 13 down
    for a quote cut short inside its own paragraph ("only the first sentence of ¶8 (no plumes,
    buried shellfish)", "cuts the sentence naming Halvorsen", "none of the figures"), and 1 for a
    quote longer than asked ("the whole paragraph … when one line was asked")."""
    if not chosen:
        return chosen
    top = chosen[0]
    mine = sorted((s for s in scored if (s.essay, s.paragraph) == (top.essay, top.paragraph)), key=lambda s: s.index)
    if sum(len(s.text) + 1 for s in mine) > limit:
        return chosen
    out = list(chosen) + [s for s in mine if s not in chosen]
    return out if fits(out) else chosen


def whole_paragraph(essays: Callable[[str], Essay | None], slug: str, number: int, *,
                    limit: int = PASSAGE_CHARS) -> list[Sentence]:
    """Every sentence of one paragraph, ready to quote, when the paragraph is at most `limit`
    characters long ([] when it is longer or missing): for handlers that quote a paragraph they
    already chose (an item of a list, an objection) rather than sentences scored against a question."""
    essay = essays(slug)
    para = essay.paragraph(number) if essay else None
    if para is None or len(para.text) > limit:
        return []
    return [Sentence(slug, number, i, text, 0, 1.0, 1.0) for i, text in enumerate(paragraph_sentences(para.text))]


def _window_first(chosen: list[Sentence], scored: Sequence[Sentence],
                  fits: Callable[[list[Sentence]], bool], *, passage: int = 0) -> list[Sentence]:
    """The best sentence's window (its whole paragraph when `passage` allows) has the first claim
    on the answer's length; the other chosen sentences follow while they fit, each with its own
    window when there is room (the best by score may be a side remark, and the passage that
    answers comes second)."""
    out = with_paragraph(chosen[:1], scored, fits, limit=passage) if passage else chosen[:1]
    out = with_window(out, scored, fits, after=FIRST_WINDOW_AFTER) if len(out) == 1 else out
    for s in chosen[1:]:
        if s in out or not fits(out + [s]):
            continue
        out = out + [x for x in with_window([s], scored, _fits_after(out, fits)) if x not in out]
    return out


def _fits_after(prefix: list[Sentence], fits: Callable[[list[Sentence]], bool]) -> Callable[[list[Sentence]], bool]:
    """`fits` for sentences added after `prefix` (bound now, not when called)."""
    kept = list(prefix)
    return lambda candidate: fits(kept + candidate)


# No floor on the next sentence's cosine with the question: the sentence that gives a result
# after the one that sets it up shares no words with "what did the trial find" (cosine 0.02 with
# MiniLM, where the set-up has 0.21); a paragraph's next sentence continues its point.
_POINTS_BACK = re.compile(r"^(?:this|these|that|those|such|it|they|he|she|but|yet|so|and|still|even so|however|"
                          r"nevertheless|instead|thus|hence|therefore)\b", re.I)


_ANNOUNCES = re.compile(r"\b(?:two|three|four|five|several)\s+(?:\w+\s+){0,2}\w+s\b[^.]*[.:]$|\bfor starters\b|"
                        r"\bas follows\b", re.I)


def phrases_of(text: str, function_words: frozenset[str]) -> tuple[str, ...]:
    """Runs of two or more consecutive content words ("national security state")."""
    runs, current = [], []
    for word in re.findall(r"[a-z0-9']+", text.lower().replace("’", "'")) + [""]:
        if word and word not in function_words:
            current.append(word)
            continue
        if len(current) >= 2:
            runs.append(" ".join(current))
        current = []
    return tuple(runs)


# An announcement of parts: "The answer has three parts.", "There are two reasons for this."
_COUNTED_PARTS = re.compile(r"\b(?P<n>two|three|four|five)\s+(?:[\w-]+\s+){0,2}?[\w-]+s\b[^.;]*[.:]$", re.I)
# how the announced parts open ("First, …", "The second is …", "Finally, …")
_ORDINAL_OPENER = re.compile(r"^\W*(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?|finally|lastly|"
                             r"(?:the|a)\s+(?:first|second|third|fourth|fifth|last|final)\b|one\s+is\b|another\b)", re.I)
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}
# the characters a completed enumeration may add to a quote; past it only the parts' opening
# sentences are added (joined by "…")
ENUMERATION_CHARS = 700


def with_enumeration(sentences: list[Sentence], paragraph: Sequence[str]) -> list[Sentence]:
    """`sentences` (one paragraph's, in reading order) with the parts their last announcement
    promises: "The answer has three parts." quoted alone, or with "First, …" only, dropped the
    answer (FINAL-40, judged blind: four such quotes from the reply to an objection, "gives only
    'The answer has three parts' and none of the three parts"). The parts are the paragraph's next
    sentences that open with an ordinal ("First", "The second", "Finally"), as many as announced
    (fewer, and the announcement is left as it is), with the sentences between them and the one
    after the last part while that stays within ENUMERATION_CHARS."""
    have = {s.index for s in sentences}
    for s in reversed(sentences):
        match = _COUNTED_PARTS.search(s.text.rstrip())
        if match is None:
            continue
        wanted = _COUNT_WORDS[match.group("n").lower()]
        ordinals = [i for i in range(s.index + 1, len(paragraph)) if _ORDINAL_OPENER.match(paragraph[i])][:wanted]
        if len(ordinals) < wanted:
            return sentences
        # through the last part's opening sentence and the one after it, which often holds that
        # part's point ("Third, … the objection assumes that the alternative is charging the same
        # people." then "Under a visitor levy … the money comes from tourists": FINAL-40, judged
        # blind, "reason 3 stops before its point")
        span = list(range(s.index + 1, min(ordinals[-1] + 2, len(paragraph))))
        added = span if sum(len(paragraph[i]) for i in span if i not in have) <= ENUMERATION_CHARS else ordinals
        extra = [replace(s, index=i, text=paragraph[i]) for i in added if i not in have]
        return sorted(sentences + extra, key=lambda x: x.index)
    return sentences


# a quote's first sentence that is about the one before it ("That is close to the textbook case of a
# benefit tax."), and the room a quote has for that sentence or the answer to its closing question
_REFERS_BACK = re.compile(r"^\W*(?:this|that|these|those|such)\s+(?:[\w-]+\s+)?(?:is|are|was|were|means?|meant|"
                          r"explains?|shows?|suggests?|underscores?|reflects?)\b", re.I)
KEPT_END_CHARS = 400  # the longest sentence added at either end
KEPT_QUOTE_CHARS = 1000  # nor past this length of quote


def with_ends_kept(sentences: list[Sentence], paragraph: Sequence[str]) -> list[Sentence]:
    """`sentences` (one paragraph's, in reading order) with the sentence before when the first is
    about it ("That is close to the textbook case of a benefit tax." after "The money comes from a
    narrow group … and is spent on something that group uses heavily."), and the sentence after
    when the last is a question the essay asks ("What would such reforms entail?" before "A critical
    pressure point is consolidating the position of global labor."). FINAL-40, judged blind: a
    term's gloss and an essay's answer to its own question were cut off this way four times
    ("quotes only the last sentence; the preceding ¶13 sentence explains it", "stops at 'What would
    such reforms entail?', with no definition and no example")."""
    if not sentences:
        return sentences
    out = list(sentences)
    have = {s.index for s in out}
    length = sum(len(s.text) for s in out)
    first, last = out[0], out[-1]
    before = first.index - 1
    if before >= 0 and before not in have and _REFERS_BACK.match(first.text) and len(paragraph[before]) <= KEPT_END_CHARS \
            and length + len(paragraph[before]) <= KEPT_QUOTE_CHARS:
        out.insert(0, replace(first, index=before, text=paragraph[before]))
        length += len(paragraph[before])
    after = last.index + 1
    if after < len(paragraph) and after not in have and last.text.rstrip().endswith("?") \
            and len(paragraph[after]) <= KEPT_END_CHARS and length + len(paragraph[after]) <= KEPT_QUOTE_CHARS:
        out.append(replace(last, index=after, text=paragraph[after]))
    return out


def group_quotes(chosen: Sequence[Sentence], essays: Callable[[str], Essay | None]) -> list[Quote]:
    """One quote per paragraph, the best-supported paragraph first, sentences in reading order; a
    quote that announces parts carries them (`with_enumeration`), and one cut just after the sentence
    its first sentence is about, or just before the answer to its closing question, gets that
    sentence (`with_ends_kept`)."""
    by_para: dict[tuple[str, int], list[Sentence]] = {}
    for s in chosen:  # `chosen` is best first, so dict order is paragraph support order
        by_para.setdefault((s.essay, s.paragraph), []).append(s)
    quotes = []
    for (slug, number), sentences in by_para.items():
        sentences = sorted(sentences, key=lambda s: s.index)
        essay = essays(slug)
        para = essay.paragraph(number) if essay else None
        if para is not None:
            parts = paragraph_sentences(para.text)
            sentences = with_enumeration(with_ends_kept(sentences, parts), parts)
        text = sentences[0].text
        for prev, cur in zip(sentences, sentences[1:]):
            text += (" " if cur.index == prev.index + 1 else ELLIPSIS_JOIN) + cur.text
        quotes.append(Quote(
            essay=slug, title=essay.title if essay else slug, short_title=essay.display_short_title if essay else slug,
            author=essay.author if essay else "", paragraph=number, text=text, sentences=tuple(sentences),
        ))
        announced = _announced_next(sentences, para, essay, by_para) if para is not None and essay else []
        if announced:
            quotes += group_quotes(announced, essays)
    return quotes


_LIST_HEAD = re.compile(r"^(?:\d+[.)]\s*|[-*•]\s+)?\*\*")


def _announced_next(sentences: list[Sentence], para, essay: Essay,
                    quoted: dict[tuple[str, int], list[Sentence]]) -> list[Sentence]:
    """What a paragraph's closing colon announces, when it is the next paragraph: "A sensible plan
    would include four elements:" quoted alone gave the learner no element (FINAL-45, judged blind).
    A list paragraph gives each item's heading ("1. **Make statistics a full … course.**"), other
    prose its opening sentences, within ENUMERATION_CHARS."""
    last = sentences[-1]
    parts = paragraph_sentences(para.text)
    if not strip_markdown(last.text).rstrip().endswith(":") or last.index != len(parts) - 1:
        return []
    following = essay.paragraph(last.paragraph + 1)
    if following is None or (last.essay, last.paragraph + 1) in quoted:
        return []
    nxt = paragraph_sentences(following.text)
    heads = [i for i, text in enumerate(nxt) if _LIST_HEAD.match(text)]
    if len(heads) >= 2:
        picked = heads  # (a list number stays with its item: `bot.text.split_sentences`)
    else:
        picked, room = [], ENUMERATION_CHARS
        for i, text in enumerate(nxt):
            if picked and len(text) > room:
                break
            picked.append(i)
            room -= len(text)
    return [replace(last, paragraph=last.paragraph + 1, index=i, text=nxt[i]) for i in picked]


def render_answer(t: PromptSection, quotes: Sequence[Quote], *, followup_of: str | None = None) -> str:
    """The answer layout: header naming the essay, cited quotes, a pointer to the paragraphs."""
    if not quotes:
        return ""
    titles = {q.essay for q in quotes}
    lines = []
    if followup_of:
        lines.append(t("followup_note", previous=truncate(followup_of, 120)))
    if len(titles) == 1:
        lines.append(t("answer_header", title=quotes[0].title, author=quotes[0].author))
    else:
        lines.append(t("answer_header_many"))
    for q in quotes:
        lines.append(t("quote", quote=q.text, author=q.author, short_title=q.short_title, paragraph=q.paragraph,
                       essay=q.essay))
    by_essay: dict[str, list[int]] = {}
    short: dict[str, str] = {}
    for q in quotes:
        by_essay.setdefault(q.essay, []).append(q.paragraph)
        short[q.essay] = q.short_title
    places = [t("read_more_place", paragraphs=_join_places([f"¶{n}" for n in sorted(set(numbers))]),
                short_title=short[slug]) for slug, numbers in by_essay.items()]
    lines.append(t("read_more", places=_join_places(places)))
    return "\n\n".join(line for line in lines if line)


def _join_places(places: list[str]) -> str:
    if len(places) <= 1:
        return "".join(places)
    return ", ".join(places[:-1]) + " and " + places[-1]


async def compose(
    t: PromptSection, encoder: Encoder, cache: SentenceVectors, qvec: np.ndarray, hits: Sequence[Hit],
    essays: Callable[[str], Essay | None], *, max_quotes: int, max_chars: int, followup_of: str | None = None,
    exclude: Iterable[tuple[str, int, int]] = (), focus: Focus | None = None,
    tokens: Callable[[str], Sequence[str]] = lambda text: (), passage: int = 0,
) -> tuple[str, list[Quote]]:
    """Select, group and lay out quotes so the whole answer stays within `max_chars`.

    `passage`: quote the best sentence's whole paragraph when it is at most this long (0: never,
    for an answer the learner asked to be short)."""
    scored, vectors = await score_sentences(encoder, cache, qvec, hits, essays, exclude=exclude, focus=focus,
                                            tokens=tokens)
    if not scored:
        return "", []

    def fits(candidate: list[Sentence]) -> bool:
        return len(render_answer(t, group_quotes(candidate, essays), followup_of=followup_of)) <= max_chars

    chosen = pick_sentences(scored, vectors, max_quotes=max_quotes, fits=fits)
    chosen = with_continuations(chosen, scored, fits)
    chosen = with_linked(chosen, scored, focus, fits)
    chosen = _window_first(chosen, scored, fits, passage=passage)
    if not chosen:  # even the best sentence is too long with the layout: cut it to fit
        best = max(scored, key=lambda s: s.score)
        room = max(80, max_chars - len(render_answer(t, group_quotes([best], essays), followup_of=followup_of))
                   + len(best.text))
        chosen = [Sentence(best.essay, best.paragraph, best.index, truncate(best.text, room), best.rank,
                           best.cosine, best.score)]
    quotes = group_quotes(chosen, essays)
    return render_answer(t, quotes, followup_of=followup_of), quotes
