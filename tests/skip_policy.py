"""A pytest plugin: any skip outside an explicit allow-list fails the run.

Why: a skipped test looks like a passed one in a hurried glance at "N passed, M skipped". Quality
gates that needed ../shared, and the faiss tests, once skipped on a fresh clone and nobody noticed.
So a skip fails the run unless its test is listed in tests/skip_allowlist.txt (node id patterns,
with why), or in the file named by TUTOR_SKIP_ALLOWLIST (this plugin's own test). Deselected
tests (`-m 'not slow'`) are not skips; an expected failure (xfail) is not either.

Loaded by tests/conftest.py (`pytest_plugins`), so `make test`, `.ci/run` and a plain `pytest`
apply the same rule.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

import pytest

DEFAULT_ALLOWLIST = Path(__file__).with_name("skip_allowlist.txt")
_unexpected: list[tuple[str, str]] = []


def allowed_patterns() -> list[str]:
    path = Path(os.environ.get("TUTOR_SKIP_ALLOWLIST") or DEFAULT_ALLOWLIST)
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def _note(report) -> None:
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    if any(fnmatch.fnmatchcase(report.nodeid, pattern) for pattern in allowed_patterns()):
        return
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    _unexpected.append((report.nodeid or "(collection)", reason))


def pytest_runtest_logreport(report) -> None:
    _note(report)


def pytest_collectreport(report) -> None:
    _note(report)  # a whole module skipped at import (pytest.importorskip, a module-level skip)


def pytest_sessionfinish(session, exitstatus) -> None:
    if _unexpected and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:
    if not _unexpected:
        return
    terminalreporter.section("skips outside tests/skip_allowlist.txt (they fail the run)", red=True)
    for nodeid, reason in _unexpected:
        terminalreporter.line(f"{nodeid}: {reason}")
