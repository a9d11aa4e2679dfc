"""A tiny deterministic embedder: hashed bag of words, so index tests run without the model
and can count exactly what was encoded."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np


class CountingEmbedder:
    def __init__(self, model_id: str = "fake:64", dim: int = 64):
        self.model_id = model_id
        self.dim = dim
        self.encoded: list[str] = []

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def encode(self, texts, batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    async def encode_async(self, texts, batch_size: int = 32) -> np.ndarray:
        self.encoded.extend(texts)
        return self.encode(texts)

    async def chunk_async(self, essays, *, max_tokens: int, overlap: int) -> list:
        from bot.corpus.chunking import chunk_essay

        return [chunk_essay(e, max_tokens=max_tokens, overlap=overlap, count_tokens=self.count_tokens) for e in essays]

    async def map_async(self, essays) -> list[dict]:
        from bot.corpus.argument import build_map

        return [build_map(e).to_json() for e in essays]

    def close(self) -> None:
        pass


REPO = Path(__file__).resolve().parents[2]
DEV_QA = REPO / "tests" / "data" / "dev_qa.yaml"  # a copy of ../shared/dev_qa.yaml: no test needs ../shared
