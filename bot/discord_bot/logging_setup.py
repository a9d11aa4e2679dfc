"""Logging for the long-running bot: a rotating file in the data folder plus stderr, with a filter
that blanks the Discord token wherever it might appear (an exception's repr, a library's debug
line), because logs get pasted into issues and chats."""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from bot.config import Settings

REDACTED = "[redacted]"
# Discord bot tokens: three base64url parts separated by dots (id . timestamp . hmac).
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}")


class RedactTokenFilter(logging.Filter):
    """Replaces the configured secrets, and anything shaped like a bot token, in every record."""

    def __init__(self, secrets: list[str] | None = None):
        super().__init__()
        self.secrets = [s for s in (secrets or []) if s and len(s) >= 8]

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return _TOKEN_SHAPE.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = self._clean(message)
        record.args = ()
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self._clean(record.stack_info)
        return True


def setup_logging(settings: Settings, *, token: str | None, verbose: bool = False,
                  stderr_level: int | None = None) -> Path:
    """Root logging for every command that holds the token (`tutorbot run`, `tutorbot sync`):
    the log file plus stderr, both behind the redaction filter; returns the log file path.
    `stderr_level` quiets the terminal of a one-shot command while the file keeps everything."""
    log_dir = settings.data_path / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "bot.log"
    redact = RedactTokenFilter([token] if token else [])
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=settings.discord.log_max_bytes, backupCount=settings.discord.log_backups, encoding="utf-8"
    )
    stream = logging.StreamHandler()
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    if stderr_level is not None and not verbose:
        stream.setLevel(stderr_level)
    for handler in (file_handler, stream):
        handler.setFormatter(fmt)
        handler.addFilter(redact)  # on handlers, so records from every logger pass through it
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else getattr(logging, settings.log_level.upper(), logging.INFO))
    logging.getLogger("discord.http").setLevel(logging.INFO)  # request bodies at DEBUG: too chatty
    return path
