"""The review a teacher reads: every item with what it takes to judge it without the code.

For each item: its kind, the question as a learner sees it, the choices, the answer and the other
answers that count, the difficulty with the signal behind it, and the cited passage quoted with the
essay's title, author and paragraph, so "is this answer really in the text?" is answered on the
page. Markdown for people (`--review FILE.md`), JSON for tools (`--json`).
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping, Sequence

from bot.corpus.essay import Essay
from bot.quiz.generation.base import Generated

_KIND_NAMES = {"multiple_choice": "multiple choice", "short_answer": "typed answer", "cloze": "fill in the blank",
               "true_false": "true or false"}


def render_markdown(items: Sequence[Generated], essays: Mapping[str, Essay], *, seed: int | None,
                    pool: int, left_out: Mapping[str, int] | None = None) -> str:
    kinds = Counter(g.kind for g in items)
    labels = Counter(g.item.difficulty for g in items)
    head = f"seed {seed}" if seed is not None else "no seed (every item)"
    lines = [f"# Generated quiz items: {head}", "",
             f"{len(items)} items drawn from {pool} generated. Kinds: "
             + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ". Difficulty: "
             + ", ".join(f"{k} {labels[k]}" for k in ("easy", "medium", "hard")) + ".", ""]
    if left_out:
        lines[-1:-1] = ["", "Left out (kinds teachers keep least; `--fill` adds them): "
                        + ", ".join(f"{k} {n}" for k, n in sorted(left_out.items())) + "."]
    for number, g in enumerate(items, 1):
        item = g.item
        essay = essays.get(item.essay)
        title = essay.title if essay else item.essay
        author = essay.author if essay else ""
        lines += [f"## {number}. {g.kind} · {_KIND_NAMES.get(item.kind, item.kind)} · {item.difficulty} "
                  f"(signal {g.signal:.2f})", "",
                  f"**Question:** {item.prompt}", ""]
        if item.choices:
            lines += [f"- {chr(65 + i)}) {c}" + ("  ✓" if c == item.answer else "") for i, c in enumerate(item.choices)]
            lines.append("")
        lines.append(f"**Answer:** {item.answer}")
        if item.accepted:
            lines.append(f"**Also accepted:** {'; '.join(item.accepted)}")
        if item.kind == "short_answer" and item.reference:
            # how the grader marks it (`bot.quiz.grading.meaning`): teachers judged typed "why"
            # items as accepting "only the essay's exact clause", which the grader does not do
            lines.append("**Graded by meaning:** a paraphrase of the answer counts, not only these words.")
        lines += ["", f"**Passage** ({author}, *{title}*, ¶{item.paragraph}):", "", f"> {g.passage}", "",
                  f"`{item.id}`", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_json(items: Sequence[Generated]) -> list[dict]:
    return [g.to_json() for g in items]
