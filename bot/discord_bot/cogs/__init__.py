"""One cog per area; each module is a discord.py extension with a `setup(bot)` function."""
