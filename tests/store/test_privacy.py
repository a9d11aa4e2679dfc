"""Export and deletion reach every table; the audit log keeps only that a deletion happened."""

from __future__ import annotations

import sqlite3

from bot.store.repository import IMPERSONAL_TABLES, PERSONAL_COLUMNS

A, DM = 111, 0
U = 987654321987654   # the learner who asks for deletion (distinctive, to scan the file for it)
V = 555000555000555   # someone else, who must keep everything


async def _populate(store):
    ua = await store.record_answer(A, U, 9, "what is empire?", "an answer", [{"paragraph": 2}], False, 20.0)
    va = await store.record_answer(A, V, 9, "other question", "other answer", [], True, 15.0)
    await store.set_feedback(A, va, U, True)      # U's feedback on V's answer
    await store.set_feedback(A, ua, V, False)     # V's feedback on U's answer
    await store.record_answer(DM, U, 0, "dm question", "dm answer", [], False, 5.0)
    session = await store.start_session(A, 3, "group", U, {"questions": 3})
    await store.record_attempt(A, U, "rana-1", essay="rana", correct=True, answer="u", response_ms=900, time_limit_s=20, points=5, session_id=session)
    await store.record_attempt(A, V, "rana-1", essay="rana", correct=False, answer="v", response_ms=900, time_limit_s=20, session_id=session)
    await store.record_attempt(DM, U, "walt-1", essay="walt", correct=True, answer="u2", response_ms=900, time_limit_s=20)
    await store.end_session(A, session)
    await store.add_item(A, {"id": "by-u", "essay": "rana", "kind": "mcq"}, actor_id=U)
    await store.audit(A, V, "learner.reset", f"user:{U}", {"why": "asked"})
    await store.set_share_progress(A, U, False)
    await store.set_share_progress(A, V, True)


async def _rows_mentioning(store, value: int) -> list[tuple[str, dict]]:
    """Every row of every table in the database that holds `value` (the SQLite file is read
    from outside the store; PostgreSQL through the catalogue's table list)."""
    found = []
    if store.dialect == "sqlite":
        with sqlite3.connect(store.path) as conn:
            conn.row_factory = sqlite3.Row
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            rows = {t: [dict(r) for r in conn.execute(f"SELECT * FROM {t}")] for t in tables}
    else:
        rows = {}
        for table in await store.tables():
            async with store._snapshot() as db:
                rows[table] = [dict(r) for r in await db.all(f"SELECT * FROM {table}")]
    for table, table_rows in rows.items():
        for row in table_rows:
            if any(v == value or (isinstance(v, str) and str(value) in v) for v in row.values()):
                found.append((table, row))
    return found


async def test_every_table_is_classified_as_personal_or_not(store):
    tables = set(await store.tables())
    assert tables == set(PERSONAL_COLUMNS) | set(IMPERSONAL_TABLES)


async def test_export_has_every_row_about_the_user_in_every_scope(store):
    await _populate(store)
    dump = await store.export_user(U)
    t = dump["tables"]
    assert set(t) == set(PERSONAL_COLUMNS)
    assert {(r["guild_id"], r["share_progress"]) for r in t["learners"]} == {(A, 0), (DM, 1)}
    assert sorted(r["question"] for r in t["answers"]) == ["dm question", "what is empire?"]
    assert t["answers"][0]["citations"] in ([{"paragraph": 2}], [])
    assert [(r["user_id"], r["helpful"]) for r in t["feedback"]] == [(U, 1)]
    assert sorted((r["guild_id"], r["answer"]) for r in t["attempts"]) == [(DM, "u2"), (A, "u")]
    assert len(t["srs_cards"]) == 2
    assert [r["started_by"] for r in t["quiz_sessions"]] == [U]
    assert [r["item_id"] for r in t["quiz_items"]] == ["by-u"]
    assert {r["action"] for r in t["audit_log"]} == {"item.add", "learner.reset"}
    # every row in the file that mentions U is in the export (nothing is missed)
    exported = sum(len(rows) for rows in t.values())
    assert len(await _rows_mentioning(store, U)) == exported


async def test_delete_removes_the_user_everywhere_and_keeps_others(store):
    await _populate(store)
    before_v = await store.export_user(V)
    counts = await store.delete_user(U)
    assert counts["answers"] == 2 and counts["attempts"] == 2 and counts["learners"] == 2
    assert counts["feedback"] == 1 and counts["feedback_on_their_answers"] == 1
    assert counts["quiz_sessions_anonymised"] == 1 and counts["quiz_items_anonymised"] == 1
    assert counts["audit_log"] == 1 and counts["audit_log_anonymised"] == 1

    assert await _rows_mentioning(store, U) == []
    after = await store.export_user(U)
    assert all(rows == [] for rows in after["tables"].values())
    # V keeps everything except the feedback V gave on U's (deleted) answer
    after_v = await store.export_user(V)
    for table, rows in before_v["tables"].items():
        expected = [
            r for r in rows
            if not (table == "feedback" and r["helpful"] == 0) and not (table == "audit_log" and r["target"] == f"user:{U}")
        ]
        if table == "learners":
            for r in rows:
                r.pop("last_seen")
            after_rows = [{k: v for k, v in r.items() if k != "last_seen"} for r in after_v["tables"][table]]
        else:
            after_rows = after_v["tables"][table]
        assert after_rows == expected, table
    # server content stays, without the author
    assert (await store.get_item(A, "by-u"))["id"] == "by-u"
    # the audit log says only that a deletion happened
    deletions = [e for e in await store.recent_audit(A) if e["action"] == "user.data_deleted"]
    assert len(deletions) == 1 and deletions[0]["actor_id"] is None and deletions[0]["target"] == ""
    assert [e["action"] for e in await store.recent_audit(DM)] == ["user.data_deleted"]
    assert [r.user_id for r in await store.leaderboard(A)] == [V]
    report = await store.check()
    assert report["ok"]
