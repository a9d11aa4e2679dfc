"""Loaded by Python at start-up when this folder is on PYTHONPATH (tests/discord/fake_discord.py
puts it there for `tutorbot` child processes only): points discord.py's REST base and default
gateway at the fake Discord server named in the environment, so nothing leaves the machine."""

import os

_api = os.environ.get("FAKE_DISCORD_API")
_gateway = os.environ.get("FAKE_DISCORD_GATEWAY")
if _api and _gateway:
    import yarl
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    Route.BASE = _api
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(_gateway)
