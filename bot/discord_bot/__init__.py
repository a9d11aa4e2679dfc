"""The Discord adapter: a `commands.Bot` subclass, cogs, views and modals over the core.

Importing this package only declares its prompt texts (the core imports it for that); the bot
itself lives in `bot.discord_bot.client`, which imports discord.py.
"""

from bot.discord_bot import texts  # noqa: F401  (declares prompts/discord.yaml)
