"""Child for the read-only test: opens the progress store as a user who may not write the file.

Run as root, it drops to `nobody` after importing (root ignores file permissions); otherwise the
test has made the file read-only. Prints one line: what the person would see.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import aiosqlite  # noqa: F401  - imported before dropping privileges

import bot.store.schema  # noqa: F401
from bot.errors import ConfigError, UserError
from bot.store import Store


async def main() -> None:
    try:
        store = await Store.open(Path(sys.argv[1]), busy_timeout_ms=300)
    except (ConfigError, UserError) as exc:
        print(f"refused: {exc}")
        return
    await store.close()
    print("opened")


if __name__ == "__main__":
    if os.geteuid() == 0:
        import pwd

        nobody = pwd.getpwnam("nobody")
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)
    asyncio.run(main())
