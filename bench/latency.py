"""Ask and search latency in process, against encoding the same question with the bare model.

The floor is `SentenceTransformer.encode([question])` called directly: no thread hop, no index,
no database. `search` adds the embedder's worker thread, dense + BM25 retrieval and fusion;
`ask` (the tutor) adds sentence scoring, composing and recording the answer in the store.
Questions are interleaved (bare, search, ask for each question in turn) so machine noise hits
all three alike.
"""

from __future__ import annotations

from bench.common import dev_questions, now
from bench.report import Row, median, percentile, ratio_row

SECTION = "latency"


async def measure(core, rounds: int, model) -> list[Row]:
    """`model` is a bare SentenceTransformer loaded in this process (bench.common.bare_model)."""
    questions = dev_questions()
    embedder = await core.embedder()
    tutor = getattr(core, "tutor", None)

    def bare(q: str) -> None:
        model.encode([q], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)

    for q in questions[:3]:  # warm-up of the model and the index, not of the tutor's sentence cache
        bare(q)
        await core.library.search(q)

    cold_ask = warm_s = None
    if tutor is not None:
        # Worst case: a process with no sentence vectors at all (memory-only, empty cache).
        from bot.tutor.compose import SentenceVectors

        saved, tutor.sentence_vectors = tutor.sentence_vectors, SentenceVectors()
        cold = []
        for i, q in enumerate(questions):
            t = now()
            await tutor.ask(q, guild_id=0, channel_id=999, user_id=1 + i)
            cold.append(now() - t)
        cold_ask = percentile(cold, 50) * 1000
        # What the bot does at start, in the background: sentence vectors from the cache or encoded.
        tutor.sentence_vectors = saved
        t = now()
        await tutor.warm()
        warm_s = now() - t

    per_round: dict[str, list[tuple[float, float]]] = {"bare": [], "encode": [], "search": [], "ask": []}
    for r in range(rounds):
        times: dict[str, list[float]] = {"bare": [], "encode": [], "search": [], "ask": []}
        for i, q in enumerate(questions):
            t = now()
            bare(q)
            times["bare"].append(now() - t)
            t = now()
            await embedder.encode_async([q])
            times["encode"].append(now() - t)
            t = now()
            await core.library.search(q)
            times["search"].append(now() - t)
            if tutor is not None:
                t = now()
                # a new (channel, user) per question and round, and new text (the tutor keeps recent
                # query vectors): every question is asked fresh and reaches the model
                await tutor.ask(f"{q} (#{r})", guild_id=0, channel_id=1000 + r, user_id=1 + i)
                times["ask"].append(now() - t)
        for key, values in times.items():
            if values:
                per_round[key].append((percentile(values, 50) * 1000, percentile(values, 95) * 1000))

    def stat(key: str, which: int) -> float:
        return median(p[which] for p in per_round[key])

    n = len(questions)
    rows = [
        Row(SECTION, f"bare encode p50 ({n} questions)", stat("bare", 0), "ms", note="the floor"),
        ratio_row(SECTION, "one question through the embedder (encode_async) p50", stat("encode", 0), "ms",
                  stat("bare", 0), "bare encode p50", 1.2, note="what a single question pays for the model's owner"),
        ratio_row(SECTION, "search p50", stat("search", 0), "ms", stat("bare", 0), "bare encode p50", 1.3),
        ratio_row(SECTION, "search p95", stat("search", 1), "ms", stat("bare", 1), "bare encode p95", 1.3),
    ]
    if tutor is not None:
        rows += [
            ratio_row(SECTION, "ask (composed answer) p50", stat("ask", 0), "ms", stat("bare", 0), "bare encode p50", 2.0,
                      note="includes recording the answer (committed)"),
            ratio_row(SECTION, "ask (composed answer) p95", stat("ask", 1), "ms", stat("bare", 1), "bare encode p95", 2.0),
            Row(SECTION, "ask p50 with no sentence vectors cached", cold_ask, "ms",
                note="worst case, not the bot: it warms them at start (next row) and keeps them in index.sqlite"),
            Row(SECTION, "sentence warm-up at bot start (background task)", warm_s * 1000 if warm_s is not None else None, "ms",
                note="from index.sqlite when cached; questions are served meanwhile"),
        ]
    else:
        rows.append(Row(SECTION, "ask (composed answer)", None, target="<= 2x", note="TODO: core.tutor not available"))
    return rows
