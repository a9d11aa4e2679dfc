"""Chunks never split a sentence or cross a paragraph, and respect the size limit."""

from __future__ import annotations

from pathlib import Path

from bot.corpus.chunking import approx_tokens, chunk_essay, chunk_paragraph
from bot.corpus.essay import load_essay_dir
from bot.text import split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def words(n: int) -> str:
    return " ".join(["word"] * n)


def test_short_paragraph_is_one_chunk():
    chunks = chunk_paragraph("e", 3, "A short paragraph. Two sentences.", max_tokens=50, overlap=1)
    assert len(chunks) == 1
    assert (chunks[0].paragraph, chunks[0].char_start, chunks[0].text) == (3, 0, "A short paragraph. Two sentences.")


def test_long_paragraph_splits_on_sentences_with_overlap():
    sents = [f"Sentence {i} {words(8)}." for i in range(10)]
    text = " ".join(sents)
    count = lambda s: len(s.split())  # noqa: E731 - one word, one token
    chunks = chunk_paragraph("e", 1, text, max_tokens=25, overlap=1, count_tokens=count)
    assert len(chunks) > 1
    for chunk in chunks:
        assert text[chunk.char_start:chunk.char_end] == chunk.text
        assert count(chunk.text) <= 25
        assert chunk.text.startswith("Sentence") and chunk.text.endswith(".")
    # consecutive chunks share exactly one sentence
    for a, b in zip(chunks, chunks[1:]):
        assert a.text.split(". ")[-1] == b.text.split(". ")[0] + "." or a.text.endswith(b.text.split(". ")[0] + ".")
    # every sentence is covered
    covered = " ".join(c.text for c in chunks)
    assert all(s in covered for s in sents)


def test_a_sentence_longer_than_the_limit_is_kept_whole():
    text = f"Tiny. Long {words(60)}. Tiny again."
    chunks = chunk_paragraph("e", 1, text, max_tokens=10, overlap=0, count_tokens=lambda s: len(s.split()))
    assert [c.text for c in chunks] == ["Tiny.", f"Long {words(60)}.", "Tiny again."]


def test_seed_chunks_align_with_sentences_and_paragraphs():
    for essay in load_essay_dir(SEEDS):
        chunks = chunk_essay(essay, max_tokens=96, overlap=1, count_tokens=approx_tokens)
        assert {c.paragraph for c in chunks} == {p.number for p in essay.paragraphs}
        for chunk in chunks:
            paragraph = essay.paragraph(chunk.paragraph).text
            assert paragraph[chunk.char_start:chunk.char_end] == chunk.text
            starts = {a for a, _ in split_sentences(paragraph)}
            ends = {b for _, b in split_sentences(paragraph)}
            assert chunk.char_start in starts and chunk.char_end in ends


def test_text_hash_ignores_nothing_but_markdown():
    a = chunk_paragraph("e", 1, "Writing in the *Atlantic*.", max_tokens=50, overlap=0)[0]
    b = chunk_paragraph("e", 1, "Writing in the Atlantic.", max_tokens=50, overlap=0)[0]
    c = chunk_paragraph("e", 1, "Writing in the Atlantic!", max_tokens=50, overlap=0)[0]
    assert a.text_hash == b.text_hash != c.text_hash
