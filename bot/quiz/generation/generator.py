"""`ItemGenerator`: every item kind for a set of essays, with one encoder.

It reads each essay once (`context.EssayFacts`: argument map, names, vocabulary, sentence
vectors), asks each kind module for its items, labels each item's difficulty from its measured
signal, and either returns the whole pool or draws a seeded sample of it (`sample.draw`). The
kinds: `cloze` and `choice` (a blank in a key sentence, typed or chosen), `who` (people and
organisations the essay cites), `list` (its enumerations), `cause` (a claim and its reason),
`claim` (what it calls its strongest case, its real problem), `evidence` (what a study it cites found),
`term` (its definitions) and `author` ("which author argues …", with several essays).
It runs in the model owner process (`bot.model.jobs.generate_items`): the encoder is the owner's.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Callable, Iterable, Sequence

import numpy as np

from bot.corpus.argument import ArgumentMap
from bot.corpus.essay import Essay
from bot.prompts import PromptSection
from bot.quiz.generation import authors, causes, claims, cloze, definitions, difficulty, evidence, lists, who
from bot.quiz.generation.base import KINDS, Generated, GenerationReport
from bot.quiz.generation.cloze import Candidate, EncodeFn, select_sentences
from bot.quiz.generation.context import EssayFacts, facts_for
from bot.quiz.generation.sample import KEPT_LEAST, draw
from bot.quiz.generation.texts import load_texts

log = logging.getLogger(__name__)

# Which kind keeps a sentence several kinds ask about: the ones built from the essay's structure first.
SOURCE_PRIORITY = ("term", "cause", "claim", "evidence", "list", "who", "cloze", "choice", "author")
MODULES = {"cloze": cloze, "who": who, "list": lists, "cause": causes, "claim": claims, "evidence": evidence,
           "term": definitions, "author": authors}


class ItemGenerator:
    """Builds items for a set of essays with one encoder (sync `encode`, normalised rows)."""

    def __init__(self, essays: Sequence[Essay], encode: EncodeFn, *, max_per_essay: int | None = None,
                 select: Callable[[Essay, EncodeFn], list[Candidate]] = select_sentences,
                 maps: dict[str, ArgumentMap] | None = None, texts: PromptSection | None = None,
                 kinds: Iterable[str] = KINDS, meaning_max: float = cloze.MEANING_MAX_COSINE,
                 typed_open_blanks: bool = False):
        self.essays = list(essays)
        self.encode = encode
        self.max_per_essay = max_per_essay
        self.select = select
        self.kinds = set(kinds)
        self.meaning_max = meaning_max  # the cloze meaning test's bar (tests with a bag-of-words encoder lift it)
        # typed blanks on open words too, not only names and defined terms (`cloze.typed_blank_ok`)
        self.typed_open_blanks = typed_open_blanks
        self.texts = texts if texts is not None else load_texts()
        self.facts: dict[str, EssayFacts] = facts_for(self.essays, encode, maps)
        self._vectors: dict[str, np.ndarray] = {}

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised vectors of `texts`, each text encoded once per run."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            for text, vector in zip(missing, np.asarray(self.encode(missing), dtype=np.float32)):
                self._vectors[text] = vector
        return np.stack([self._vectors[t] for t in texts]) if texts else np.zeros((0, 1), np.float32)

    def items_for(self, essay: Essay) -> list[Generated]:
        """Every item of every kind for one essay, kinds interleaved (a limit keeps the mix)."""
        facts = self.facts[essay.slug]
        by_kind: dict[str, list[Generated]] = {}
        for name, module in MODULES.items():
            if name == "cloze" and not ({"cloze", "choice"} & self.kinds):
                continue
            if name != "cloze" and name not in self.kinds:
                continue
            try:
                made = module.items(self, facts)
            except Exception:  # noqa: BLE001 - one kind failing on an odd essay must not cost the others
                log.exception("item kind %s failed for %s", name, essay.slug)
                continue
            for g in made:
                if g.kind in self.kinds:
                    g.item.difficulty = difficulty.label(g.signal)
                    by_kind.setdefault(g.kind, []).append(g)
        # One fact per sentence: when two kinds ask about one sentence ("Left ____ about the security
        # state explains …" and "What explains …? Left skepticism about …"), the structural kind keeps it.
        owner: dict[tuple, str] = {}
        for kind in SOURCE_PRIORITY:
            for g in by_kind.get(kind, []):
                owner.setdefault(g.source, "cloze" if kind == "choice" else kind)
        for kind, made in by_kind.items():
            by_kind[kind] = [g for g in made if owner.get(g.source) == ("cloze" if kind == "choice" else kind)]
        out: list[Generated] = []
        seen: set[str] = set()
        queues = [by_kind[k] for k in KINDS if k in by_kind]
        while any(queues):
            for queue in queues:
                if queue:
                    g = queue.pop(0)
                    if g.item.id not in seen:
                        seen.add(g.item.id)
                        out.append(g)
        if self.max_per_essay is not None:
            out = out[: self.max_per_essay]
        return out

    def generate(self, slugs: Iterable[str] | None = None, *, seed: int | None = None,
                 count: int | None = None, fill: bool = False) -> GenerationReport:
        """The pool for the chosen essays (all by default); with `count`, a sample drawn with
        `random.Random(seed)` (seed 0 when none is given), of the kinds teachers keep unless `fill`
        (`sample.KEPT_LEAST`)."""
        wanted = set(slugs) if slugs else None
        pool: list[Generated] = []
        for essay in self.essays:
            if wanted is not None and essay.slug not in wanted:
                continue
            pool += self.items_for(essay)
        chosen = draw(pool, count, seed if seed is not None else 0, fill=fill) if count is not None else pool
        left_out = Counter(g.kind for g in pool if g.kind in KEPT_LEAST) if count is not None and not fill else Counter()
        per_essay: dict[str, dict[str, int]] = {}
        for essay in self.essays:
            if wanted is not None and essay.slug not in wanted:
                continue
            mine = [g for g in chosen if g.item.essay == essay.slug]
            stats = Counter(g.item.kind for g in mine)
            kinds = Counter(g.kind for g in mine)
            per_essay[essay.slug] = {"cloze": stats["cloze"], "multiple_choice": stats["multiple_choice"],
                                     "short_answer": stats["short_answer"], "total": len(mine),
                                     **{f"kind_{k}": kinds[k] for k in KINDS}}
        log.info("generated %d items (%d in the pool)", len(chosen), len(pool))
        return GenerationReport([g.item for g in chosen], per_essay, list(chosen), len(pool), dict(left_out))
