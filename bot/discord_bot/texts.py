"""The texts only the Discord layer shows, declared here so `PromptBook.load` checks them at start.

Kept free of `discord` imports: the core imports this package to validate prompts, and the
command line should not pay for loading discord.py to do that.
"""

from __future__ import annotations

from bot.prompts import prompt_spec

SPEC = prompt_spec("discord", {
    # errors
    "error_generic": set(),
    "error_cooldown": {"seconds"},
    "error_not_moderator": {"role"},
    "error_moderator_role_part": {"role"},
    "error_guild_only": set(),
    "error_bad_value": {"option", "detail"},
    "error_not_yours": set(),
    "error_attachment_too_big": {"name", "size", "limit"},
    "error_attachment_type": {"name", "allowed"},
    "error_discord_unavailable": set(),
    # essays
    "essays_title": {"count"},
    "essays_line": {"title", "author", "year", "paragraphs", "slug"},
    "essays_line_server": {"title", "author", "year", "paragraphs", "slug"},
    "essays_empty": set(),
    # run
    "run_no_token": set(),
})
