"""The words of generated questions, from prompts/generation.yaml like every text people read.

Generated prompts are read by learners, so their frames ("Why, according to Walt?", "Name one
of the three reforms …") are templates a teacher can reword without touching code. The model
owner process renders them, so the folder travels to it as a path (`load_texts`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.prompts import PromptBook, PromptSection, prompt_spec

GENERATION = prompt_spec("generation", {
    "explanation": {"paragraph", "passage"},
    "quoted": {"author", "passage"},
    "who_question": {"role"},
    "who_question_quoted": {"role", "author"},
    "who_role_default": set(),
    "who_cited": {"author", "passage"},
    "what_question": {"type"},
    "list_question": {"count", "noun"},
    "list_question_inline": {"noun", "author"},
    "list_question_ways": {"author", "subject", "modal", "verb"},
    "claim_question": {"author", "verb", "subject"},
    "objection_question": {"author", "rank", "noun"},
    "objection_question_reply": {"author", "noun", "reply"},
    "correction_question": {"author", "subject", "verb", "not_a", "pronoun"},
    "list_question_series": {"author", "count", "noun", "first", "second"},
    "list_question_heading": {"heading", "author", "count", "noun", "first", "second"},
    "cause_why": {"author", "claim"},
    "cause_asked": {"author", "question"},
    "evidence_question": {"author", "subject", "verb"},
    "cause_why_hedged": {"author", "claim", "hedge"},
    "cause_why_author": {"author", "verb_phrase"},
    "cause_why_context": {"author", "context", "claim"},
    "cause_effect": {"author", "subject", "frame"},
    "cause_follows": {"author", "subject", "frame"},
    "cause_explains": {"author", "effect"},
    "term_called": {"author", "definition"},
    "term_defined": {"author", "definition"},
    "term_glossed": {"author", "definition"},
    "author_argues": {"statement"},
    "type_org": set(),
    "type_place": set(),
    "type_other": set(),
})


@lru_cache(maxsize=4)
def _load(folder: str) -> PromptSection:
    return PromptBook.load(Path(folder), {"generation": GENERATION.keys}).section("generation")


def load_texts(folder: str | Path | None = None) -> PromptSection:
    """The generation templates from `folder` (default: the configured prompts folder)."""
    if folder is None:
        from bot.config import load_settings

        folder = load_settings().prompts_dir
    return _load(str(folder))
