"""Crash safety: every attempt acknowledged before a SIGKILL is in the database afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from bot.store import Store

WRITER = Path(__file__).with_name("attempt_writer.py")
USER = 4242


async def test_sigkill_mid_run_loses_no_acknowledged_attempt(store_target, clock):
    db = store_target
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    acked: list[int] = []
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first == "ready\n", first + proc.stderr.read()
        while len(acked) < 150:
            line = proc.stdout.readline()
            assert line.startswith("ack "), line + proc.stderr.read()
            acked.append(int(line.split()[1]))
        proc.send_signal(signal.SIGKILL)  # mid-run: four tasks are writing
        rest, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    acked += [int(line.split()[1]) for line in rest.splitlines() if line.startswith("ack ")]

    store = await Store.open(db, clock=clock)
    try:
        report = await store.check()
        assert report["integrity"] == ["ok"] and report["foreign_key_violations"] == 0
        dump = await store.export_user(USER)
    finally:
        await store.close()
    stored = {row["id"] for row in dump["tables"]["attempts"]}
    assert set(acked) <= stored
    # attempt and card update commit together: each card has seen exactly its item's attempts
    per_item: dict[str, int] = {}
    for row in dump["tables"]["attempts"]:
        per_item[row["item_id"]] = per_item.get(row["item_id"], 0) + 1
    assert {c["item_id"]: c["reps"] for c in dump["tables"]["srs_cards"]} == per_item
