"""A shard process for tests/scale/test_shard_processes.py: one `Core` owning some shards.

Run as `python shard_worker.py SHARD_COUNT SHARD_IDS` (ids like "0,1", or "all") with
TUTOR_HOME / TUTOR_DATA_DIR (and, once the store speaks PostgreSQL, TUTOR_DATABASE_URL) in the
environment. It opens the core as `tutorbot run` does for those shards (ownership, the change
feed followed in the background) and then answers one JSON command per stdin line with one JSON
line on stdout. Attempts go through the store's `record_attempt`, the call a quiz makes for each
answer, not through Discord interactions (see the test's docstring for why).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from bot.core import Core
from bot.scale.shards import shard_spec


async def handle(core: Core, cmd: dict) -> dict:
    op = cmd["op"]
    store = core.store
    if op == "attempts":
        # Attempt j of this batch: its inputs are a pure function of j, so the test can compute
        # the expected totals without asking the code under test.
        guilds, n = cmd["guilds"], cmd["n"]
        refused = [g for g in guilds if not core.owns_guild(g)]
        if refused:
            return {"error": f"not this process's servers: {refused}"}

        async def one(j: int) -> int:
            correct = j % 3 != 0
            return await store.record_attempt(
                guilds[j % len(guilds)], 1 + j % 25, cmd["items"][j % len(cmd["items"])], essay="keepers",
                correct=correct, answer=f"{cmd['tag']}-{j}", response_ms=800 + j % 400, time_limit_s=20,
                points=2 if correct else 0,
            )

        ids = await asyncio.gather(*(one(j) for j in range(n)))
        return {"ids": len(set(ids))}
    if op == "upload":
        essay = await core.library.add_essay_upload(cmd["filename"], cmd["text"].encode("utf-8"),
                                                    guild_id=cmd["guild"], added_by=cmd["by"])
        return {"slug": essay.slug}
    if op == "ask":
        answer = await core.tutor.ask(cmd["question"], guild_id=cmd["guild"], user_id=9, record=False)
        return {"abstained": answer.abstained, "essays": sorted({c.essay for c in answer.citations}),
                "applied": core.changes.applied}
    if op == "add_item":
        return {"id": await store.add_item(cmd["guild"], cmd["item"], actor_id=cmd["by"])}
    if op == "items":
        return {"ids": [i["id"] for i in await store.list_items(cmd["guild"], include_global=False)]}
    if op == "start_quiz":  # a group quiz with its open question on record, as the quiz cog keeps it
        session = await store.start_session(cmd["guild"], cmd["channel"], "group", cmd["by"], {"items": []})
        await store.add_session_message(cmd["guild"], session, cmd["channel"], session + 10_000)
        return {"session": session}
    if op == "session":
        return {"status": (await store.get_session(cmd["guild"], cmd["session"]))["status"]}
    if op == "interrupted":
        return {"guilds": sorted(q["guild_id"] for q in await store.interrupted_sessions(owns=core.owns_guild))}
    if op == "leaderboard":
        rows = await store.leaderboard(cmd["guild"], limit=1000)
        return {"rows": [[r.user_id, r.attempts, r.correct, r.points] for r in rows]}
    if op == "count":
        return {"counts": (await store.check())["rows"]}
    raise ValueError(f"unknown op {op}")


async def main() -> None:
    count = int(sys.argv[1]) if sys.argv[1] != "auto" else None
    ids = None if sys.argv[2] == "all" else [int(i) for i in sys.argv[2].split(",")]
    spec = shard_spec(count, ids)
    # A stand-in for `tutorbot run`: the one command that closes quizzes a crash cut off.
    core = await Core.open(owns_guild=spec.owns if spec.split else None, close_stale=True)
    core.follow_changes()
    out = sys.stdout
    out.write(json.dumps({"ready": spec.describe()}) + "\n")
    out.flush()
    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line or json.loads(line)["op"] == "quit":
                break
            cmd = json.loads(line)
            started = time.perf_counter()
            try:
                reply = await handle(core, cmd)
            except Exception as exc:  # noqa: BLE001 - reported to the test, which fails with it
                reply = {"error": f"{type(exc).__name__}: {exc}"}
            reply["seconds"] = round(time.perf_counter() - started, 3)
            out.write(json.dumps(reply) + "\n")
            out.flush()
    finally:
        await core.close()


if __name__ == "__main__":
    asyncio.run(main())
