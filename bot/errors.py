"""Errors the core raises for a person to read.

Adapters (CLI, Discord) show `UserError` messages as they are and never a traceback; anything
else is a bug and is logged with context.
"""


class UserError(Exception):
    """A problem with what a person asked for or supplied; the message is shown to them."""


class ConfigError(UserError):
    """Configuration, prompt templates or model files are missing or invalid."""


class CorpusError(UserError):
    """An essay file cannot be read or has no usable text."""
