"""Sentence-aware chunking sized for all-MiniLM-L6-v2.

The model truncates at 256 word pieces and was trained on pairs of about 128, so a passage much
longer than that is embedded from its beginning only. Chunks therefore never cross a paragraph
(citations name one paragraph), never split a sentence, and hold at most `max_tokens` word pieces
(except a single sentence longer than that, kept whole). A paragraph that fits is one chunk;
a longer one becomes overlapping windows of whole sentences. The sizes were chosen by measuring
hit@k and MRR on the development question set (see README, "Retrieval quality").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable

from bot.corpus.essay import Essay
from bot.text import split_sentences, strip_markdown

TokenCounter = Callable[[str], int]


@dataclass(frozen=True)
class Chunk:
    essay: str  # slug
    paragraph: int  # 1-based paragraph number
    char_start: int  # offsets into the paragraph text
    char_end: int
    text: str

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.embed_text.encode("utf-8")).hexdigest()

    @property
    def embed_text(self) -> str:
        """What the model sees: the passage without Markdown emphasis markers."""
        return strip_markdown(self.text)


def approx_tokens(text: str) -> int:
    """A cheap word-piece estimate (about 1.3 pieces a word) for when no tokenizer is loaded."""
    return int(len(text.split()) * 1.3) + 1


def chunk_paragraph(
    essay: str,
    number: int,
    text: str,
    *,
    max_tokens: int,
    overlap: int,
    count_tokens: TokenCounter = approx_tokens,
) -> list[Chunk]:
    if count_tokens(text) <= max_tokens:
        return [Chunk(essay, number, 0, len(text), text)]
    spans = split_sentences(text)
    sizes = [count_tokens(text[a:b]) for a, b in spans]
    chunks: list[Chunk] = []
    i = 0
    while i < len(spans):
        j = i
        total = sizes[i]
        while j + 1 < len(spans) and total + sizes[j + 1] <= max_tokens:
            j += 1
            total += sizes[j]
        start, end = spans[i][0], spans[j][1]
        chunks.append(Chunk(essay, number, start, end, text[start:end]))
        if j + 1 >= len(spans):
            break
        # Step forward, keeping `overlap` sentences of context, but always advance.
        i = max(i + 1, j + 1 - overlap)
    return chunks


def chunk_essay(
    essay: Essay,
    *,
    max_tokens: int,
    overlap: int,
    count_tokens: TokenCounter = approx_tokens,
) -> list[Chunk]:
    out: list[Chunk] = []
    for paragraph in essay.paragraphs:
        out.extend(
            chunk_paragraph(
                essay.slug, paragraph.number, paragraph.text,
                max_tokens=max_tokens, overlap=overlap, count_tokens=count_tokens,
            )
        )
    return out
