"""`bench/` is a top-level package that is not installed: make it importable however pytest runs."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
