"""Measuring quality on question sets, for `tutorbot eval`, the quality-gate tests and the bench:
`retrieval` scores whether the right passage came back (the development-set format and its hit
rule), `answers` scores the tutor's answers as a learner would judge them (student question set).

Tools, not the bot's runtime: nothing outside the CLI, tests and bench imports this package. May
import the shared root modules and `bot.corpus` (author names); the caller supplies the retriever
or tutor being measured.
"""
