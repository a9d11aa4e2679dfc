"""The `?` / `:name` to `$n` rewrite (`bot.store.driver.pg_sql`) leaves alone what is not a
placeholder: comments, quoted identifiers, strings, E'...' strings, dollar-quoted bodies, casts;
`??` is a literal `?`, PostgreSQL's jsonb operators (issue 22). Each of these was misnumbered
before: a `?` in any of them became `$1` and moved every later placeholder up by one."""

from __future__ import annotations

import pytest

from bot.store.driver import PgConn, pg_sql


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT a FROM t -- why? :x\nWHERE b = ?", "SELECT a FROM t -- why? :x\nWHERE b = $1"),
    ("SELECT a FROM t /* is it? */ WHERE b = ?", "SELECT a FROM t /* is it? */ WHERE b = $1"),
    ('SELECT "what?" FROM t WHERE b = ?', 'SELECT "what?" FROM t WHERE b = $1'),
    ('SELECT "say ""why?""" FROM t WHERE b = ?', 'SELECT "say ""why?""" FROM t WHERE b = $1'),
    ("SELECT a FROM t WHERE c = 'why?' AND b = ?", "SELECT a FROM t WHERE c = 'why?' AND b = $1"),
    ("SELECT a FROM t WHERE c = E'it\\'s ?' AND b = ?", "SELECT a FROM t WHERE c = E'it\\'s ?' AND b = $1"),
    ("SELECT a FROM t WHERE c = e'\\\\' AND b = ?", "SELECT a FROM t WHERE c = e'\\\\' AND b = $1"),
    ("SELECT $$why?$$, $q$ ? $$ ?$q$, ?", "SELECT $$why?$$, $q$ ? $$ ?$q$, $1"),
    ("SELECT a FROM t WHERE doc ?? 'k' AND b = ?", "SELECT a FROM t WHERE doc ? 'k' AND b = $1"),
    ("SELECT a FROM t WHERE doc ??| ARRAY['k'] AND doc ??& ARRAY['j'] AND b = ?",
     "SELECT a FROM t WHERE doc ?| ARRAY['k'] AND doc ?& ARRAY['j'] AND b = $1"),
])
def test_positional_placeholders_skip_what_is_not_one(sql, expected):
    assert pg_sql(sql) == (expected, 1)


def test_casts_are_not_named_placeholders():
    assert pg_sql("SELECT ?::int, ?") == ("SELECT $1::int, $2", 2)


@pytest.mark.parametrize(("sql", "expected", "names"), [
    ("SELECT a FROM t -- :x\nWHERE b = :b", "SELECT a FROM t -- :x\nWHERE b = $1", ("b",)),
    ('SELECT "a:b" FROM t WHERE b = :b', 'SELECT "a:b" FROM t WHERE b = $1', ("b",)),
    ("SELECT E':x\\'', :b", "SELECT E':x\\'', $1", ("b",)),
])
def test_named_placeholders_skip_what_is_not_one(sql, expected, names):
    assert pg_sql(sql) == (expected, names)


async def test_the_rewritten_statements_run_on_postgresql(pg_cluster):
    import asyncpg

    raw = await asyncpg.connect(pg_cluster.url())
    try:
        conn = PgConn(raw)
        row = await conn.one("SELECT ? AS a, -- a comment? yes\n ? AS b", ("x", "y"))
        assert (row["a"], row["b"]) == ("x", "y")
        row = await conn.one('SELECT "why?" FROM (SELECT ?::text AS "why?") s', ("q",))
        assert row[0] == "q"
        row = await conn.one("SELECT E'it\\'s ?' AS s, ?::text AS b", ("z",))
        assert (row["s"], row["b"]) == ("it's ?", "z")
        row = await conn.one("""SELECT '{"k": 1}'::jsonb ?? ? AS has, '{"k": 1}'::jsonb ??| ARRAY[?] AS any""",
                             ("k", "nope"))
        assert (row["has"], row["any"]) == (True, False)
        row = await conn.one("SELECT $$ ? $$ AS s, :v::text AS v", {"v": "w"})
        assert (row["s"], row["v"]) == (" ? ", "w")
    finally:
        await raw.close()
