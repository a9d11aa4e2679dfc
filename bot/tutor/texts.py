"""The tutor's and the terminal chat's templates, declared once so `PromptBook.load` checks them
at start (both live under `prompts/`: `tutor.yaml` and `chat.yaml`)."""

from __future__ import annotations

from bot.prompts import prompt_spec

TUTOR = prompt_spec("tutor", {
    # a composed answer
    "answer_header": {"title", "author"},
    "answer_header_many": set(),
    "quote": {"quote", "author", "short_title", "paragraph", "essay"},
    "read_more": {"places"},
    "read_more_place": {"paragraphs", "short_title"},
    "followup_note": {"previous"},
    # not covered by the essays
    "abstain": {"question"},
    "abstain_closest": {"topics"},
    "abstain_topic": {"short_title", "author", "paragraph", "keywords"},
    "abstain_essays": {"titles"},
    "abstain_no_essays": set(),
    # an answer written by the optional language model
    "generated_answer": {"text", "sources"},
    "generated_source": {"author", "short_title", "paragraph"},
    "generator_system": set(),
    "generator_user": {"question", "passages"},
    "generator_passage": {"essay", "paragraph", "author", "title", "text"},
})

CHAT = prompt_spec("chat", {
    "welcome": {"essays", "user"},
    "help": set(),
    "bye": set(),
    "prompt": set(),
    "quiz_prompt": set(),
    "unknown_command": {"command"},
    "error": {"message"},
    "essays_line": {"slug", "title", "author", "year", "paragraphs"},
    "essays_empty": set(),
    "quiz_usage": set(),
    "quiz_started": {"count", "essays"},
    "quiz_all_essays": set(),
    "quiz_quit_hint": set(),
    "quiz_stopped": set(),
    "review_started": {"count"},
    "feedback_thanks": set(),
    "new_topic": set(),
    "feedback_nothing": set(),
})
