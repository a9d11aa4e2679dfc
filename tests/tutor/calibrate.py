"""Calibrate and measure the tutor's answers (not a test: run it by hand).

    /tmp/venv/bin/python tests/tutor/calibrate.py [--data-dir DIR]

For the dev set (tests/data/dev_qa.yaml, a copy of ../shared/dev_qa.yaml), the paraphrases (tests/data/paraphrase_qa.yaml) and the
off-topic questions (tests/data/offtopic_qa.yaml) it prints, per question, the best dense cosine,
the word coverage, the decision and whether the answer cites the paragraph holding the expected
phrase; then the distributions, refused/answered counts, answer lengths and latencies.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bot.config import load_settings  # noqa: E402
from bot.core import Core  # noqa: E402
from bot.evaluation.retrieval import load_qa  # noqa: E402
from bot.text import normalize_for_match  # noqa: E402

SETS = {
    "dev": REPO / "tests" / "data" / "dev_qa.yaml",
    "paraphrase": REPO / "tests" / "data" / "paraphrase_qa.yaml",
    "offtopic": REPO / "tests" / "data" / "offtopic_qa.yaml",
}


async def main(data_dir: str) -> None:
    core = await Core.open(load_settings(environ={"TUTOR_DATA_DIR": data_dir}))
    await core.embedder()
    s = core.settings.tutor
    print(f"threshold {s.abstain_threshold}  floor {s.abstain_floor}  min coverage {s.abstain_min_coverage}\n")
    answerable, unanswerable, lengths, latencies = [], [], [], []
    try:
        for name, path in SETS.items():
            refused = answered_wrongly = cites_expected = quotes_expected = n_ans = n_un = 0
            for n, item in enumerate(load_qa(path)):
                a = await core.tutor.ask(item.q, guild_id=0, user_id=1, channel_id=hash((name, n)) % 1_000_000 + 1, record=False)
                latencies.append(a.latency_ms)
                lengths.append(len(a.answer))
                mark = ""
                if item.unanswerable:
                    n_un += 1
                    unanswerable.append((a.best_cosine, a.coverage, item.id))
                    if not a.abstained:
                        answered_wrongly += 1
                        mark = "ANSWERED (wrong)"
                else:
                    n_ans += 1
                    answerable.append((a.best_cosine, a.coverage, item.id))
                    wanted = [normalize_for_match(e) for e in item.expect]
                    if a.abstained:
                        refused += 1
                        mark = "REFUSED (wrong)"
                    else:
                        paras = [core.library.essays[c.essay].paragraph(c.paragraph).text for c in a.citations]
                        if any(w in normalize_for_match(p) for p in paras for w in wanted):
                            cites_expected += 1
                        else:
                            mark = "cites another paragraph"
                        if any(w in normalize_for_match(c.quote) for c in a.citations for w in wanted):
                            quotes_expected += 1
                print(f"{name:10} {item.id} cos {a.best_cosine:.3f} cov {a.coverage:.2f} "
                      f"{'abstain' if a.abstained else 'answer '} {len(a.answer):4d} ch {a.latency_ms:5.0f} ms  {mark}")
            print(f"-- {name}: answerable {n_ans} (refused {refused}, cites the expected paragraph {cites_expected}, "
                  f"quotes the expected phrase {quotes_expected}); unanswerable {n_un} (answered {answered_wrongly})\n")
    finally:
        await core.close()
    print(f"answerable cosine: min {min(answerable)[0]:.3f} ({min(answerable)[2]}) median "
          f"{statistics.median(a[0] for a in answerable):.3f}")
    print(f"unanswerable cosine: max {max(unanswerable)[0]:.3f} ({max(unanswerable)[2]}) median "
          f"{statistics.median(u[0] for u in unanswerable):.3f}")
    band = [u for u in unanswerable if u[0] >= s.abstain_floor]
    print(f"unanswerable at or above the floor: {[(u[2], round(u[0], 3), round(u[1], 2)) for u in band]}")
    low = [a for a in answerable if a[0] < s.abstain_threshold]
    print(f"answerable below the threshold: {[(a[2], round(a[0], 3), round(a[1], 2)) for a in low]}")
    print(f"answer length: min {min(lengths)} median {statistics.median(lengths):.0f} max {max(lengths)} chars")
    warm = latencies[1:]
    print(f"latency (warm model): median {statistics.median(warm):.0f} ms, max {max(warm):.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(main(args.data_dir or tmp))
