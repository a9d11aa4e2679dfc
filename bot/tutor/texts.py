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
    "searched_for": {"query"},
    "example_note": {"previous"},
    "simpler_note": set(),
    # not covered by the essays
    "abstain": {"question"},
    "suggest_header": set(),
    "suggest_item": {"question"},
    "suggest_by": {"question", "surname"},
    "suggest_about": {"surname", "topic"},
    "suggest_summary": {"surname"},
    "abstain_essays": {"titles"},
    "abstain_no_essays": set(),
    "no_words": {"example"},
    "language": {"language", "example"},
    # the essay the question names does not discuss it
    "not_in_named": {"surname", "topic"},
    "not_in_named_that": {"surname"},
    "not_in_named_offer": {"other"},
    "not_in_named_nowhere": set(),
    # summaries, comparisons, paragraphs, authors
    "summary_header": {"title", "author"},
    "summary_own": {"summary"},
    "summary_key": set(),
    "summary_many_header": set(),
    "summary_essay": {"title", "author"},
    "compare_header": {"topic"},
    "compare_header_theses": set(),
    "compare_essay": {"surname", "short_title"},
    "compare_silent": {"surname", "topic"},
    "paragraph_header": {"author", "title", "paragraph", "total"},
    "paragraph_text": {"text"},
    "paragraph_cut": set(),
    "paragraph_out_of_range": {"surname", "total"},
    "paragraph_which_essay": {"number", "example"},
    "author_bio": {"author", "short_title"},
    "author_line": {"title", "author"},
    "author_line_published": {"title", "author", "where"},
    "author_no_bio": set(),
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
    "essays_summary_line": {"slug", "title", "author", "year", "paragraphs", "summary"},
    "read_usage": {"example"},
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
