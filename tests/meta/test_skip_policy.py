"""The skip policy (tests/skip_policy.py): a skip outside the allow-list fails the run, with the
test and its reason listed; an allowed one does not. Run on a toy suite in a fresh pytest process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
TOY = '''
import pytest

def test_runs():
    assert 1 + 1 == 2

def test_needs_something():
    pytest.skip("something is not installed")
'''


def _run(tmp_path: Path, allowlist: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_toy.py").write_text(TOY, encoding="utf-8")
    (tmp_path / "allow.txt").write_text(allowlist, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(TESTS), "TUTOR_SKIP_ALLOWLIST": str(tmp_path / "allow.txt")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "skip_policy", "-p", "no:cacheprovider",
                           "--rootdir", str(tmp_path), str(tmp_path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_skip_outside_the_allowlist_fails_the_run(tmp_path):
    result = _run(tmp_path, "# nothing allowed\n")
    assert result.returncode == 1, result.stdout
    assert "skips outside tests/skip_allowlist.txt" in result.stdout
    assert "test_toy.py::test_needs_something: Skipped: something is not installed" in result.stdout
    assert "1 passed, 1 skipped" in result.stdout


def test_an_allowed_skip_passes(tmp_path):
    result = _run(tmp_path, "test_toy.py::test_needs_something  # a toy reason\n")
    assert result.returncode == 0, result.stdout
    assert "skips outside" not in result.stdout
