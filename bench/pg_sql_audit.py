"""Issue 22: which statements the store really sends through the `?`/`:name` to `$n` rewrite, and
whether the rewrite before issue 22 (one regex that skipped '...' strings and `::` only) gives the
same SQL as the tokenizer that also skips comments, quoted identifiers, E'...' and dollar-quoted
strings and reads `??` as a literal `?`.

A pytest plugin: `python -m pytest -p bench.pg_sql_audit tests/store tests/progress` records
every statement `PgConn` rewrites while the PostgreSQL-backed tests run, and prints at the end how
many distinct statements there were, how many hold a comment, quoted identifier, E-string,
dollar quote or `?` operator, and how many the two rewrites turn into different SQL.
Results: docs/measurements/issue-22.md.
"""

from __future__ import annotations

import re

from bot.store import driver

# The rewrite as it was before issue 22 (bot/store/driver.py at bf20f09).
_OLD_TOKEN = re.compile(r"'(?:[^']|'')*'|::|\?|:([A-Za-z_][A-Za-z0-9_]*)")
_TRICKY = re.compile(r"--|/\*|\"|(?<![\w$])[Ee]'|\$\w*\$|\?\?|\?[|&]|\w\s*\?\s*'")


def old_pg_sql(sql: str) -> tuple[str, tuple[str, ...] | int]:
    names: list[str] = []
    count = 0

    def swap(match: re.Match) -> str:
        nonlocal count
        text = match.group(0)
        if text.startswith("'") or text == "::":
            return text
        if text == "?":
            count += 1
            return f"${count}"
        name = match.group(1)
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    out = _OLD_TOKEN.sub(swap, sql)
    return out, (tuple(names) if names else count)


_seen: set[str] = set()
_original = driver._pg_args


def _recording(sql, params):
    _seen.add(sql)
    return _original(sql, params)


driver._pg_args = _recording


def pytest_terminal_summary(terminalreporter) -> None:
    write = terminalreporter.write_line
    tricky = sorted(s for s in _seen if _TRICKY.search(s))
    differ = sorted(s for s in _seen if old_pg_sql(s) != driver.pg_sql(s))
    write(f"pg_sql audit: {len(_seen)} distinct statements rewritten; {len(tricky)} hold a comment, quoted "
          f"identifier, E-string, dollar quote or ? operator; {len(differ)} rewrite differently old vs new")
    for s in tricky + differ:
        write("  " + " ".join(s.split())[:200])
