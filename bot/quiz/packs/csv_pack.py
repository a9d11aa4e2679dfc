"""CSV packs: rows of question, answer, alternative answers and explanation, with an optional
header that may reorder the columns and add essay and paragraph. Imports `schema`."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from bot.errors import UserError
from bot.quiz.items import check_item, derived_id, shown
from bot.quiz.packs.schema import Pack, PackProblem, _check_count, _item_problems

CSV_COLUMNS = ("question", "answer", "alternatives", "explanation", "essay", "paragraph")
_CSV_ALIASES = {
    "question": "question", "prompt": "question",
    "answer": "answer", "correct": "answer",
    "alternatives": "alternatives", "alternative answers": "alternatives", "alternative_answers": "alternatives",
    "accepted": "alternatives", "alternates": "alternatives",
    "explanation": "explanation", "essay": "essay", "paragraph": "paragraph",
}


def _parse_csv(text: str, name: str, *, max_items: int, origin: str) -> Pack:
    """Rows of question, answer, alternative answers (separated by `|` or `;`), explanation.

    A header row is optional; with one, the columns may be in any order and may add `essay`
    and `paragraph`.
    """
    reader = csv.reader(io.StringIO(text), strict=True)
    rows = []
    starts = []
    try:
        last = 0
        for row in reader:
            rows.append(row)
            starts.append(last + 1)
            last = reader.line_num
    except csv.Error as exc:
        if "unexpected end of data" in str(exc) or "EOF" in str(exc):
            start = _open_quote_line(text)
            raise UserError(f"{name}: line {start}: a quoted field is never closed (a \" without its partner)") from None
        raise UserError(f"{name}: line {reader.line_num}: not valid CSV: {exc}") from None
    kept = [(r, line) for r, line in zip(rows, starts) if any(cell.strip() for cell in r)]
    rows = [r for r, _ in kept]
    starts = [line for _, line in kept]
    columns = list(CSV_COLUMNS[:4])
    if rows and {c.strip().lower() for c in rows[0]} & {"question", "prompt"}:
        header = [c.strip().lower() for c in rows[0]]
        unknown = [c for c in header if c and c not in _CSV_ALIASES]
        if unknown:
            raise UserError(f"{name}: unknown column '{shown(unknown[0])}' (known: {', '.join(CSV_COLUMNS)})")
        columns = [_CSV_ALIASES.get(c, "") for c in header]
        if "answer" not in columns:
            raise UserError(f"{name}: the header has no 'answer' column")
        rows = rows[1:]
        starts = starts[1:]
    _check_count(len(rows), name, max_items)
    pack = Pack([], "csv", name=name)
    for number, (row, line) in enumerate(zip(rows, starts), start=1):
        if len(row) > len(columns):
            pack.problems.append(PackProblem(line, f"row {number}", f"{len(row)} columns; expected at most {len(columns)} "
                                                                    f"({', '.join(c for c in columns if c)})"))
            continue
        cells = {col: cell.strip() for col, cell in zip(columns, row) if col}
        alternatives = [a.strip() for a in re.split(r"[|;]", cells.get("alternatives", "")) if a.strip()]
        raw: dict[str, Any] = {
            "id": derived_id("csv", cells.get("question", ""), cells.get("answer", "")),
            "kind": "short_answer",
            "prompt": cells.get("question", ""),
            "answer": cells.get("answer", ""),
            "accepted": alternatives,
            "explanation": cells.get("explanation", ""),
            "origin": origin,
        }
        if cells.get("essay"):
            raw["essay"] = cells["essay"]
        if cells.get("paragraph"):
            raw["paragraph"] = cells["paragraph"]
        item, errors = check_item(raw)
        if item is None:
            _item_problems(pack, raw, f"row {number}", raw["id"], line, {}, errors)
            continue
        pack.add(item, f"row {number}", line)
    return pack


def _open_quote_line(text: str) -> int:
    """The line where the last quoted CSV field opens without closing."""
    line, inside, opened = 1, False, 1
    at_field_start = True
    for index, ch in enumerate(text):
        if ch == '"':
            if not inside and at_field_start:
                inside, opened = True, line
            elif inside and text[index + 1:index + 2] == '"':
                continue
            elif inside:
                inside = False
        if ch == "\n":
            line += 1
        at_field_start = ch in ",\n" and not inside
    return opened
