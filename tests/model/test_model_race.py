"""Essay uploads and questions at the same time, against the real model (issue 13's tokenizer race).

Before the model had one owner, chunking an upload counted word pieces with the model's tokenizer
in a worker thread while the embedder thread encoded questions with it; the two switched the
tokenizer's padding and truncation under each other and encodes failed with "Unable to create
tensor, you should probably activate truncation and/or padding" (learners got the apology).
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.core import Core
from bot.corpus.essay import load_essay_dir
from bot.text import sentences

ROOT = Path(__file__).resolve().parents[2]
UPLOADS, ASKS = 2, 12
QUESTIONS = [
    "Why do libertarians object to liberal hegemony?",
    "What word did George Shulman use for the present moment?",
    "How much military aid did Congress pass for Ukraine?",
    "Which two groups have steered US foreign policy?",
    "What does left internationalism ask of American socialists?",
]


def _essay(seed: int, paragraphs: int = 60) -> str:
    """An essay of new text (nothing cached) with paragraphs of very different lengths, so
    chunking counts word pieces thousands of times and batches of sentences differ in length."""
    rng = random.Random(seed)
    pool = [s for e in load_essay_dir(ROOT / "seeds") for p in e.paragraphs for s in sentences(p.text)]
    body = "\n\n".join(" ".join(rng.choice(pool) for _ in range(rng.randint(1, 12))) + f" Case {seed}-{i}."
                       for i in range(paragraphs))
    return f'---\ntitle: "Upload {seed}"\nauthor: "Author {seed}"\npublished: 2021-01-01\n---\n\n{body}\n'


HOOK = Path(__file__).resolve().parent / "race_hook"


@pytest.fixture
def wide_race_window(monkeypatch):
    """Every process that holds a tokenizer sleeps 20 ms after enabling padding (see
    race_hook/sitecustomize.py): this one, and a model owner started from here."""
    monkeypatch.setenv("PYTHONPATH", str(HOOK) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    monkeypatch.setenv("TUTOR_TEST_WIDEN_TOKENIZER_RACE", "1")
    sys.path.insert(0, str(HOOK))
    try:
        import sitecustomize as hook  # noqa: PLC0415 - ours, from HOOK

        if not hasattr(hook, "install"):  # another sitecustomize was imported first
            import importlib.util

            spec = importlib.util.spec_from_file_location("race_hook_site", HOOK / "sitecustomize.py")
            hook = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(hook)
        undo = hook.install()
    finally:
        sys.path.remove(str(HOOK))
    yield
    undo()


@pytest.fixture
async def race_core(tmp_path, core, wide_race_window):
    """A core of our own (the uploads must not reach other tests) with its own model, loaded
    under the wide race window, starting from the session index so the seeds need no encoding."""
    from bot.model.embedding import Embedder

    settings = load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path)})
    with sqlite3.connect(core.settings.index_db) as src, sqlite3.connect(settings.index_db) as dst:
        src.backup(dst)
    embedder = await asyncio.to_thread(Embedder.load)
    opened = await Core.open(settings, embedder=embedder)
    yield opened
    await opened.close()
    embedder.close()


async def test_uploads_and_questions_at_once_raise_nothing(race_core, monkeypatch):
    from bot.tutor.compose import SentenceVectors

    core = race_core
    # No sentence vectors yet: every answer also encodes a batch of sentences of mixed lengths.
    core.tutor.sentence_vectors = SentenceVectors()
    await core.library.ensure_retriever()
    embedder = await core.embedder()
    # One question first builds the server's word statistics (CPU work on the loop that would
    # otherwise delay every question past the first upload's chunking).
    await core.tutor.ask(QUESTIONS[0], guild_id=7, channel_id=1, user_id=999, record=False)

    # Overlap is arranged by events and measured, not hoped for with sleeps: questions start once
    # an upload's chunking job is in the model owner, and each encode records whether it both
    # started and finished while a chunking job was still running there.
    chunking = 0
    chunking_started = asyncio.Event()
    overlapped = 0
    real_chunk, real_encode = embedder.chunk_async, embedder.encode_async

    async def tracked_chunk(*args, **kwargs):
        nonlocal chunking
        chunking += 1
        chunking_started.set()
        try:
            return await real_chunk(*args, **kwargs)
        finally:
            chunking -= 1

    async def tracked_encode(texts, *args, **kwargs):
        nonlocal overlapped
        during = chunking > 0
        vectors = await real_encode(texts, *args, **kwargs)
        overlapped += during and chunking > 0
        return vectors

    monkeypatch.setattr(embedder, "chunk_async", tracked_chunk)
    monkeypatch.setattr(embedder, "encode_async", tracked_encode)

    texts = [_essay(seed).encode() for seed in range(UPLOADS)]  # made first: CPU work on the loop

    async def upload(seed: int):
        return await core.library.add_essay_upload(f"upload-{seed}.md", texts[seed], guild_id=7, added_by=1)

    async def ask(i: int):
        await chunking_started.wait()
        # A fresh learner each time: no follow-up rewriting.
        return await core.tutor.ask(QUESTIONS[i % len(QUESTIONS)], guild_id=7, channel_id=1, user_id=1000 + i)

    jobs = [upload(seed) for seed in range(UPLOADS)] + [ask(i) for i in range(ASKS)]
    results = await asyncio.gather(*jobs, return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == [], f"{len(errors)} of {len(jobs)} failed, first: {errors[0]!r}"
    assert overlapped >= 1, "no question was encoded while an upload was being chunked: the test proved nothing"
    uploaded = {e.slug for e in core.library.essays_for(7)} - {e.slug for e in core.library.essays_for(0)}
    assert len(uploaded) == UPLOADS
    answers = results[UPLOADS:]
    assert all(a.answer for a in answers)
    # The uploads are searchable, with the chunking the model's tokenizer gave them.
    hits = await core.library.search("Case 1-5", guild_id=7, k=20)
    assert any(h.essay.startswith("upload-1") for h in hits.hits)
