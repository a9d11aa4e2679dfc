"""The study group's rhythm (issue 21): the question of the day, the weekly digest, review
reminders and the study path ("what should I read next").

Transport-agnostic like the rest of the core: `choose` (which question today), `daily` (posting,
answering, revealing), `digest`, `path`, `timing` (local times, zones, daylight saving) and
`runner` (the scheduler loop) use no Discord types. The Discord cog (`bot.discord_bot.cogs.rhythm`)
and the command line (`tutorbot digest`, `tutorbot next`) are adapters over them.
"""

from bot.rhythm import texts  # noqa: F401  (declares prompts/rhythm.yaml's templates)
