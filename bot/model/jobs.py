"""CPU-heavy work that runs inside the model owner process (bot/model/owner.py), next to the model.

Why there: chunking counts word pieces with the model's tokenizer, and the quiz item generator
encodes thousands of sentences and runs regexes over every paragraph (1.9 s of pure Python for a
721 KB essay before it even encodes). In a thread of the bot's process either holds the GIL the
event loop needs; in the owner it costs the loop nothing, and the model stays with its one owner.

Each job takes the owner's `JobContext` (`encode`, `count_tokens`) and keyword arguments that
pickle; what it returns must pickle too. Call them through `Embedder.chunk_async` and
`Embedder.generate_items`.
"""

from __future__ import annotations

from typing import Sequence


def chunk_essays(ctx, essays: Sequence, max_tokens: int, overlap: int) -> list[list]:
    """The chunks of each essay, in order, sized in the model's word pieces."""
    from bot.corpus.chunking import chunk_essay

    out = [chunk_essay(e, max_tokens=max_tokens, overlap=overlap, count_tokens=ctx.count_tokens) for e in essays]
    for chunks in out:
        for chunk in chunks:
            _ = chunk.text_hash  # computed here (cached on the chunk), not on the bot's event loop
    return out


def generate_items(ctx, essays: Sequence, slugs: Sequence[str] | None, max_per_essay: int | None,
                   seed: int | None = None, count: int | None = None, prompts_dir: str | None = None,
                   fill: bool = False):
    """`ItemGenerator(...).generate(slugs, seed=, count=)` with the owner's encoder: a
    `GenerationReport`. The argument maps are built here (`build_map` is pure), the question
    frames read from `prompts_dir` (the caller's configured folder)."""
    from bot.quiz.generation import ItemGenerator
    from bot.quiz.generation.texts import load_texts

    generator = ItemGenerator(list(essays), ctx.encode, max_per_essay=max_per_essay, texts=load_texts(prompts_dir))
    return generator.generate(list(slugs) if slugs else None, seed=seed, count=count, fill=fill)


def map_essays(ctx, essays: Sequence) -> list[dict]:
    """Each essay's argument map (bot.corpus.argument), as JSON: regexes over every sentence."""
    from bot.corpus.argument import build_map

    return [build_map(e).to_json() for e in essays]


JOBS = {"chunk_essays": chunk_essays, "generate_items": generate_items, "map_essays": map_essays}
