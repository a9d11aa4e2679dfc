"""What several benchmark sections share: the dev questions, a core over a scratch data folder."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.config import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent
DEV_QA = REPO.parent / "shared" / "dev_qa.yaml"
# A fresh clone may not have ../shared: these stand in (paraphrases of the dev set's kind).
FALLBACK_QUESTIONS = [
    "Which two groups have steered US foreign policy?",
    "Why do libertarians object to liberal hegemony?",
    "What word did George Shulman use for the present moment?",
    "When did living standards of white unionized workers peak?",
    "How much military aid did Congress pass for Ukraine?",
    "What is the boiling point of water at sea level?",
]


def dev_questions() -> list[str]:
    if DEV_QA.exists():
        from bot.evaluation.retrieval import load_qa

        return [item.q for item in load_qa(DEV_QA)]
    return list(FALLBACK_QUESTIONS)


def scratch_settings(data_dir: Path, **env: str) -> Settings:
    return load_settings(environ={"TUTOR_DATA_DIR": str(data_dir), "TUTOR_HOME": str(REPO), **env})


def now() -> float:
    return time.perf_counter()


def run(coro):
    return asyncio.run(coro)


def bare_model():
    """The SentenceTransformer itself, loaded in this process: the floor the latency and ingest
    sections compare against (no thread hop, no model process, no index)."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    from bot.config import DEFAULT_MODEL
    from bot.model.embedding import resolve_model_path

    return SentenceTransformer(resolve_model_path(DEFAULT_MODEL), device="cpu", local_files_only=True)
