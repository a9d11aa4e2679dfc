"""Essay tutor: a transport-agnostic core (corpus, retrieval, answers, quizzes, progress)
with thin adapters for Discord and the command line."""

__version__ = "0.1.0"
