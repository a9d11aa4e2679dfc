"""The quiz engine: items, pack formats, grading, generated items, and solo/group/review sessions.

Importing the package declares the quiz prompt templates (bot.quiz.format), so `Core.open`
validates `prompts/quiz.yaml` at start.
"""

from bot.quiz import format as _format  # noqa: F401  (declares prompts/quiz.yaml keys)
