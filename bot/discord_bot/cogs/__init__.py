"""One cog per area; each module or package here (`quiz`, `moderation` and `rhythm` are packages,
one file per role) is a discord.py extension with a `setup(bot)` function, except `shared`, which
holds what their components share (the typed bot behind an interaction, the cog lookup, the error
guard, the form base)."""
