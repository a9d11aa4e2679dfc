"""A stand-in for `bot.model.owner` without torch: it speaks the same protocol in milliseconds, so
tests of the client's supervision (restart budget, giving up, a reply that cannot be read) need
no model load per restart. Run by `Embedder.load(program=[this file])`.

Requests it understands: ("encode", id, texts) answers a row of 0.5s per text, except that a
text "die" ends the process at once (exit code 3) and a text "garble" answers with bytes that
are not a pickle; ("stats", id); ("close",).
"""

from __future__ import annotations

import os
import sys
from multiprocessing.connection import Connection

import numpy as np

DIM = 4


def main(argv: list[str]) -> int:
    conn = Connection(int(argv[0]))
    conn.send(("ready", {"model_id": "fake-owner:4", "dim": DIM, "max_seq_length": 256, "pid": os.getpid()}))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return 0
        kind = message[0]
        if kind == "close":
            return 0
        rid = message[1]
        if kind == "encode":
            texts = message[2]
            if "die" in texts:
                os._exit(3)
            if "garble" in texts:
                conn.send_bytes(b"this is not a pickle")
                continue
            conn.send(("ok", rid, np.full((len(texts), DIM), 0.5, dtype=np.float32)))
        elif kind == "stats":
            conn.send(("ok", rid, {"calls": 0, "busy_s": 0.0}))
        else:
            conn.send(("error", rid, ValueError(f"the fake owner does not do {kind!r}")))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
