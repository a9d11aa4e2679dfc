"""Generated quiz items: the public names, kept here for the callers that import them.

The generator lives in the package `bot.quiz.generation` (one module per item kind, distractors,
difficulty, sampling and review); this module only re-exports what other parts of the bot use.
"""

from bot.quiz.generation import (
                                 Candidate,
                                 Generated,
                                 GenerationReport,
                                 ItemGenerator,
                                 Term,
                                 extract_terms,
                                 generated_status,
                                 reveals_answer,
                                 select_sentences,
)

__all__ = ["Candidate", "Generated", "GenerationReport", "ItemGenerator", "Term", "extract_terms",
           "generated_status", "reveals_answer", "select_sentences"]
