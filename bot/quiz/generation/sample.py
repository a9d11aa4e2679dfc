"""Drawing a sample of generated items: different seeds, different samples; one seed, one sample.

`quiz generate --seed N --count K` must give a teacher a fresh set to judge each time, and the
same set again for the same seed (a review can be reproduced). So the draw uses its own
`random.Random(seed)`, never the global generator, over the pool sorted by id. It takes the kinds
in turn (in an order the seed shuffles), so every kind the pool has is in the sample before any
kind gets a second item, and within a kind it prefers the difficulty the sample has least of, so a
sample mixes easy and hard. The kinds teachers keep least are left out of a sample unless asked
for (`fill`): a teacher asking for 30 items would rather get 22 worth keeping than 30 of which 8
are name recall (blind teachers, rounds 34-36: who 0 of 9, choice blanks 2 of 15, evidence 4 of
13 kept, and every one of them was in a sample only to fill it). Two items on one fact (a typed item and its choice twin, one source
sentence) or one giving another's answer away are never drawn together (`session.twins`), nor
"which author argues …" with an item that quotes the same sentence as "Walt writes: …", nor two
questions of one essay with one answer (two definitions of "exceptionalism").
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from typing import Sequence

from bot.quiz.generation.base import KINDS, Generated
from bot.quiz.normalize import canonical
from bot.quiz.session import twins

LABELS = ("easy", "medium", "hard")
# The kinds blind teachers kept least are drawn at most this share of a sample; while other kinds
# remain they fill the rest, and only when they run out do these fill the sample. Kept in teacher
# rounds 17-24: choice blanks 0 of 10 ("grammar gives it away", "word memory"), "which author
# argues …" 4 of 44 ("the topic gives the essay away"), who 4 of 24 in rounds 22-24 ("name recall
# of a minor source"), evidence 6 of 18 in round 24 ("recall of a supporting statistic"), cause 34
# of 68 in rounds 22-24 ("common sense answers it"); against claim 37 of 46, term 37 of 44, list 34
# of 53 and cloze 7 of 9 in the same rounds. Round 25 kept evidence 0 of 6 ("a numeric detail"):
# it joins the back.
# Rounds 34-36 (kinds a sample drew only to fill it): who 0 of 9, choice 2 of 15, evidence 4 of 13;
# against term 13 of 14, cause 16 of 23, list 5 of 9.
MAX_SHARE = {"choice": 0.0, "author": 0.0, "who": 0.0, "evidence": 0.0, "cause": 0.2}
# Kinds with no share are drawn only when the caller asks to fill a sample with them.
KEPT_LEAST = frozenset(kind for kind, share in MAX_SHARE.items() if share == 0.0)


def quotes_author(a: Generated, b: Generated) -> bool:
    """`b` shows the sentence that author item `a` asks about, with its author ("Walt writes: “…”")."""
    if a.kind != "author":
        return False
    statement = canonical(a.passage)[:80]
    return bool(statement) and statement in canonical(b.item.prompt)


def same_answer(a: Generated, b: Generated) -> bool:
    """Two questions of one essay with one answer ("exceptionalism" for two of its definitions):
    a teacher reads them as the same question twice."""
    if a.item.essay != b.item.essay or "author" in (a.kind, b.kind):
        return False
    return bool({canonical(x) for x in a.item.answers} & {canonical(x) for x in b.item.answers})


def draw(pool: Sequence[Generated], count: int, seed: int, *, fill: bool = False) -> list[Generated]:
    """`count` items of `pool` (fewer if the pool runs out), seeded: kinds in turn, within a kind
    the essay asked least so far, then the difficulty the sample has least of. The kinds in
    `KEPT_LEAST` only with `fill`, and then only once the other kinds have run out."""
    rng = random.Random(seed)
    by_kind: dict[str, list[Generated]] = defaultdict(list)
    for g in sorted(pool, key=lambda g: g.item.id):
        by_kind[g.kind].append(g)
    for items in by_kind.values():
        rng.shuffle(items)
    kinds = sorted(by_kind, key=lambda k: KINDS.index(k) if k in KINDS else len(KINDS))
    rng.shuffle(kinds)
    chosen: list[Generated] = []
    labels: Counter = Counter()
    per_essay: Counter = Counter()
    kinds_drawn: Counter = Counter()
    capped = True
    sources: set[tuple] = set()

    def fits(g: Generated) -> bool:
        return g.source not in sources and not any(twins(g.item, c.item) or quotes_author(g, c) or quotes_author(c, g)
                                                   or same_answer(g, c) for c in chosen)

    while len(chosen) < count and any(by_kind.values()):
        progressed = False
        for kind in kinds:
            if len(chosen) >= count:
                break
            items = by_kind[kind]
            if kind in KEPT_LEAST and not fill:
                continue
            if capped and kind in MAX_SHARE and kinds_drawn[kind] >= int(MAX_SHARE[kind] * count):
                continue
            while items and not fits(items[0]):
                items.pop(0)
            if not items:
                continue
            wanted = min(LABELS, key=lambda label: (labels[label], LABELS.index(label)))
            # the essay asked least so far first (a long essay yields most items: blind teachers
            # found 21-23 of 30 from one essay of five), then the difficulty the sample lacks
            fitting = [g for g in items if fits(g)]
            pick = min(fitting, key=lambda g: (per_essay[g.item.essay], g.item.difficulty != wanted,
                                                fitting.index(g)))
            items.remove(pick)
            chosen.append(pick)
            per_essay[pick.item.essay] += 1
            kinds_drawn[kind] += 1
            labels[pick.item.difficulty] += 1
            sources.add(pick.source)
            progressed = True
        if not progressed:
            if not capped:
                break
            capped = False  # the other kinds ran out: a capped kind fills the sample (with `fill`, every one)
    return chosen
