"""Pure helpers of the Discord layer: intents, message and embed limits, token redaction,
and `tutorbot run` without a token."""

from __future__ import annotations

import io
import logging

import discord
import pytest

from bot.config import DiscordSettings
from bot.discord_bot.client import REQUIRED_PERMISSIONS, build_intents, invite_url
from bot.discord_bot.limits import EMBED_TOTAL, fit_embed, split_message
from bot.discord_bot.logging_setup import REDACTED, RedactTokenFilter

FAKE_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMA.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB"


@pytest.fixture
def restore_root_logging():
    """`tutorbot run` replaces the root handlers (file + stderr); put pytest's back afterwards."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in saved_handlers:
            root.removeHandler(handler)
            handler.close()
    for handler in saved_handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(saved_level)


def test_intents_are_minimal_unless_message_content_is_configured() -> None:
    plain = build_intents(DiscordSettings())
    assert plain.guilds and not plain.message_content and not plain.members and not plain.presences
    # Messages (not privileged) always: a mention's and a DM's text arrive without Message Content.
    assert plain.guild_messages and plain.dm_messages
    assert plain.value == discord.Intents(guilds=True, guild_messages=True, dm_messages=True).value
    rich = build_intents(DiscordSettings(message_content_intent=True))
    assert rich.message_content and rich.guild_messages and rich.dm_messages and not rich.members


def test_split_message_respects_the_limit_and_keeps_every_word() -> None:
    text = "\n\n".join(f"Paragraph {n}: " + "word " * 120 for n in range(10))
    chunks = split_message(text, 2000)
    assert len(chunks) > 1 and all(0 < len(c) <= 2000 for c in chunks)
    assert " ".join(" ".join(chunks).split()) == " ".join(text.split())
    fenced = "```\n" + "x = 1\n" * 600 + "```"
    parts = split_message(fenced, 2000)
    assert all(p.count("```") % 2 == 0 for p in parts) and all(len(p) <= 2000 for p in parts)
    assert split_message("   ") == []


def test_fit_embed_trims_to_discord_limits() -> None:
    embed = discord.Embed(title="t" * 300, description="d" * 5000)
    for n in range(30):
        embed.add_field(name=f"f{n}" * 100, value="v" * 2000)
    fit_embed(embed)
    assert len(embed.title) <= 256 and len(embed.description) <= 4096
    assert len(embed.fields) <= 25 and all(len(f.value) <= 1024 and len(f.name) <= 256 for f in embed.fields)
    assert len(embed) <= EMBED_TOTAL


def test_token_never_reaches_the_log() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactTokenFilter([FAKE_TOKEN]))
    logger = logging.getLogger("test.redact")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        logger.warning("login with %s failed", FAKE_TOKEN)
        try:
            raise RuntimeError(f"bad header Authorization: Bot {FAKE_TOKEN}")
        except RuntimeError:
            logger.exception("request failed")
        other = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.Gxyzab.ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zz"
        logger.info("some other token-shaped thing %s", other)
        logger.error("token again in text: " + FAKE_TOKEN)
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert FAKE_TOKEN not in out and "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.Gxyzab" not in out
    assert out.count(REDACTED) >= 4 and "login with" in out and "RuntimeError" in out


def test_run_without_token_prints_one_clear_line_and_exits_2(monkeypatch, capsys) -> None:
    from bot.cli import main

    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "DISCORD_TOKEN" in err and "tutorbot chat" in err
    assert main(["sync"]) == 2


def test_invite_link_in_the_docs_matches_the_code() -> None:
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "discord-setup.md").read_text(encoding="utf-8")
    url = invite_url(42)
    assert "scope=bot+applications.commands" in url and f"permissions={REQUIRED_PERMISSIONS.value}" in url
    assert f"permissions={REQUIRED_PERMISSIONS.value}" in docs
    assert not REQUIRED_PERMISSIONS.administrator and not REQUIRED_PERMISSIONS.manage_guild


def test_setup_logging_rotates_in_the_data_folder_and_redacts_the_token(tmp_path, restore_root_logging) -> None:
    import logging.handlers

    from bot.config import load_settings
    from bot.discord_bot.logging_setup import setup_logging

    settings = load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path), "TUTOR__DISCORD__LOG_MAX_BYTES": "20000",
                                      "TUTOR__DISCORD__LOG_BACKUPS": "2"})
    path = setup_logging(settings, token=FAKE_TOKEN)
    root = logging.getLogger()
    (rotating,) = [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]
    assert path == tmp_path / "logs" / "bot.log"
    assert rotating.maxBytes == 20000 and rotating.backupCount == 2
    log = logging.getLogger("bot.discord_bot.test")
    for n in range(1000):  # about 90 KB: rotates past both backups
        log.warning("line %d with token %s", n, FAKE_TOKEN)
    for handler in root.handlers:
        handler.flush()
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["bot.log", "bot.log.1", "bot.log.2"]
    text = "".join((tmp_path / "logs" / name).read_text() for name in files)
    assert FAKE_TOKEN not in text and REDACTED in text


def test_run_with_a_rejected_token_says_so_without_echoing_it(monkeypatch, capsys, tmp_path, restore_root_logging) -> None:
    from bot.cli import main
    from bot.discord_bot.client import TutorBot

    async def rejected(self, token, *, reconnect=True):
        logging.getLogger("discord.client").error("login failed for token %s", token)
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(TutorBot, "start", rejected)
    assert main(["run"]) == 2
    captured = capsys.readouterr()
    assert "Discord rejected the token in DISCORD_TOKEN" in captured.err
    assert FAKE_TOKEN not in captured.err + captured.out
    log_text = (tmp_path / "logs" / "bot.log").read_text()
    assert "login failed for token" in log_text and FAKE_TOKEN not in log_text


def test_a_crash_is_logged_to_the_file_and_exits_non_zero(monkeypatch, tmp_path, restore_root_logging) -> None:
    """An error escaping the gateway loop: the traceback reaches bot.log (not only stderr) and the
    exit code is 1, so a restart policy (`--restart unless-stopped`) brings the bot back."""
    from bot.cli import main
    from bot.discord_bot.client import TutorBot

    async def crashing(self, token, *, reconnect=True):
        raise RuntimeError("the gateway loop blew up")

    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(TutorBot, "start", crashing)
    assert main(["run"]) == 1
    log_text = (tmp_path / "logs" / "bot.log").read_text()
    assert "CRITICAL" in log_text and "the bot stopped because of an unexpected error" in log_text
    assert "Traceback" in log_text and "RuntimeError: the gateway loop blew up" in log_text


def test_run_exits_1_when_the_model_process_cannot_be_kept_running(monkeypatch, tmp_path, restore_root_logging) -> None:
    """The embedder gave up restarting its model process: the bot stops on its own (no signal)
    and exits 1, so compose or systemd starts it again from scratch."""
    import asyncio

    from bot.cli import main
    from bot.discord_bot.client import TutorBot

    async def model_gives_up(self, token, *, reconnect=True):
        self._model_gave_up("the embedding model process failed 6 times within 300 s; giving up")
        await asyncio.sleep(3600)  # the gateway would run on; the bot must stop by itself

    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(TutorBot, "start", model_gives_up)
    assert main(["run"]) == 1
    log_text = (tmp_path / "logs" / "bot.log").read_text()
    assert "the bot stops" in log_text and "exiting with code 1" in log_text and "Traceback" not in log_text


def test_restart_policy_is_documented_and_in_the_compose_file() -> None:
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    bot = yaml.safe_load((root / "docker-compose.yml").read_text(encoding="utf-8"))["services"]["bot"]
    assert bot["restart"] == "unless-stopped"
    assert "tutor-data:/data" in bot["volumes"] and "DISCORD_TOKEN" in bot["environment"]
    for doc in (root / "docs" / "discord-setup.md", root / "Dockerfile"):
        runs = [line for line in doc.read_text(encoding="utf-8").splitlines() if "docker run -d" in line]
        assert runs and all("--restart unless-stopped" in line for line in runs), (doc.name, runs)


def test_sync_logs_through_the_same_redacting_setup_as_run(monkeypatch, capsys, tmp_path, restore_root_logging) -> None:
    """`tutorbot sync` holds the token too: its log lines go to bot.log and stderr with it blanked."""
    from bot.cli import main
    from bot.discord_bot.client import TutorBot

    async def rejected(self, token):
        logging.getLogger("discord.client").error("login failed for token %s", token)
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(TutorBot, "login", rejected)
    assert main(["sync"]) == 2
    captured = capsys.readouterr()
    assert "Discord rejected the token in DISCORD_TOKEN" in captured.err
    assert "login failed for token [redacted]" in captured.err and FAKE_TOKEN not in captured.err + captured.out
    log_text = (tmp_path / "logs" / "bot.log").read_text()
    assert "login failed for token [redacted]" in log_text and FAKE_TOKEN not in log_text


def test_sync_command_says_which_commands_are_for_moderators(monkeypatch, capsys, tmp_path, restore_root_logging) -> None:
    """`tutorbot sync --guild ID` end to end against a Discord-compatible server on localhost."""
    import discord.http
    from fake_discord import FakeDiscord

    from bot.cli import main

    with FakeDiscord() as fake:
        monkeypatch.setattr(discord.http.Route, "BASE", fake.base_url)
        monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
        monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
        assert main(["sync", "--guild", str(fake.guild_id)]) == 0
    assert fake.unhandled == []
    (put,) = [r for r in fake.requests if r.method == "PUT"]
    assert put.params["guild_id"] == str(fake.guild_id)
    restricted = {c["name"] for c in put.json if c.get("default_member_permissions") is not None}
    assert restricted == {"quizitem", "essay", "tutor"}
    assert {str(c["default_member_permissions"]) for c in put.json if c["name"] in restricted} == {"32"}
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith(f"Synced 13 commands to server {fake.guild_id} (available now): /")
    assert lines[1].startswith("Moderators only: ") and "Manage Server" in lines[1]
    assert all(f"/{name}" in lines[1] for name in restricted) and "/ask" not in lines[1]


def test_progress_chart_date_axis_spans_the_data_and_at_least_a_week(monkeypatch) -> None:
    """One day of history: the axis shows about a week around it, not years (2025-2029 before)."""
    import datetime as dt

    from matplotlib import dates as mdates
    from matplotlib.figure import Figure

    from bot.discord_bot.charts import render_progress_chart
    from bot.progress.stats import HistoryPoint

    drawn: list[Figure] = []
    real_savefig = Figure.savefig

    def keep(fig, *args, **kwargs):
        drawn.append(fig)
        return real_savefig(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    day = dt.date(2026, 3, 10)

    def span(points) -> tuple[dt.date, dt.date]:
        drawn.clear()
        assert render_progress_chart(points, {"walt": "Walt"}).startswith(b"\x89PNG")
        low, high = drawn[0].axes[1].get_xlim()
        return mdates.num2date(low).date(), mdates.num2date(high).date()

    low, high = span([HistoryPoint(day, "walt", 3, 2, 2 / 3, 0.4)])
    assert low <= day <= high and 7 <= (high - low).days <= 9
    month = [HistoryPoint(day + dt.timedelta(days=n), "walt", 1, 1, 1.0, 0.1 * n) for n in (0, 9, 30)]
    low, high = span(month)  # longer histories: exactly their range (plus half a day each side)
    assert low == day - dt.timedelta(days=1) and high == day + dt.timedelta(days=30)


def test_cooldowns_reserve_release_and_keep() -> None:
    from bot.discord_bot.checks import Cooldowns

    now = [100.0]
    cd = Cooldowns(clock=lambda: now[0])
    key = ("quiz start", 1, 7)
    assert cd.reserve(1, key, 30) == 0
    assert cd.reserve(2, key, 30) == 30  # a second request at the same time waits: no double spend
    cd.release(1)  # the first one failed: nothing spent
    assert cd.reserve(3, key, 30) == 0
    cd.keep(3)  # it ran
    now[0] += 10
    assert cd.reserve(4, key, 30) == 20 and cd.reserve(5, ("quiz start", 2, 7), 30) == 0  # other server: free
    cd.release(4)  # releasing a refused request gives nothing back
    assert cd.reserve(6, key, 30) == 20
    now[0] += 20
    assert cd.reserve(7, key, 30) == 0
