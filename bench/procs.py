"""Start-up time and peak memory, each in fresh processes.

Start-up is measured from just before the parent spawns the child to the child's "ready" line,
so interpreter start and every import count. The bot child opens the core over an index that a
first (unmeasured) run built, i.e. with a warm embedding cache, and loads the model; the
reference child only loads the model. Runs alternate between the two so machine noise hits both.
Peak RSS comes from each child after it has answered (bot) or encoded (model) five questions;
for the bot it is reported for its own process and with its model owner process added.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import REPO, now
from bench.report import median, ratio_row

SECTION = "process"


def _run_child(*args: str) -> tuple[float, int, int]:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("TUTOR_CONFIG", None)
    t = now()
    proc = subprocess.Popen([sys.executable, "-m", "bench.child", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    ready = None
    rss = owner = 0
    for line in proc.stdout:
        if line.strip() == "ready" and ready is None:
            ready = now() - t
        elif line.startswith("rss "):
            parts = line.split()
            rss, owner = int(parts[1]), int(parts[2]) if len(parts) > 2 else 0
    err = proc.stderr.read() if proc.stderr else ""
    if proc.wait() != 0 or ready is None:
        raise RuntimeError(f"bench child {args} failed ({proc.returncode}): {err[-2000:]}")
    return ready, rss, owner


def measure(rounds: int) -> list:
    data = Path(tempfile.mkdtemp(prefix="bench-proc-"))
    try:
        _run_child("bot", str(data))  # builds the index: every later run has a warm cache
        starts = {"model": [], "bot": []}
        rss = {"model": [], "bot": [], "bot+owner": []}
        for _ in range(rounds):
            for kind in ("model", "bot"):
                ready, peak, owner = _run_child(*(["model"] if kind == "model" else ["bot", str(data)]))
                starts[kind].append(ready)
                rss[kind].append(peak / 1024)
                if kind == "bot":
                    rss["bot+owner"].append((peak + owner) / 1024)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return [
        ratio_row(SECTION, "start-up to ready (warm cache, model loaded)", median(starts["bot"]), "s",
                  median(starts["model"]), "process that only loads the model", 1.3),
        ratio_row(SECTION, "peak RSS after 5 answers: bot process + model owner", median(rss["bot+owner"]), "MB",
                  median(rss["model"]), "model process after 5 encodes", 1.25,
                  note="Discord client not connected (offline)"),
        ratio_row(SECTION, "peak RSS after 5 answers: the bot process alone", median(rss["bot"]), "MB",
                  median(rss["model"]), "model process after 5 encodes", 1.25,
                  note="what stays in the bot's process (the model lives in its owner)"),
    ]
