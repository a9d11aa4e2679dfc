"""Reading a pack file or upload: bytes to text (size, encoding, control characters), the format
from the name and text, then the format's parser and the checks every pack gets (`parse_pack`,
`read_pack_file`, `builtin_records`). Imports `yaml_text`, `schema` and the three formats."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from bot.errors import UserError
from bot.quiz.items import shown
from bot.quiz.packs.csv_pack import _parse_csv
from bot.quiz.packs.red import _parse_red
from bot.quiz.packs.schema import DEFAULT_MAX_BYTES, DEFAULT_MAX_ITEMS, Pack, PackFormat, _check_unique
from bot.quiz.packs.yaml_pack import _parse_yaml_pack
from bot.quiz.packs.yaml_text import load_yaml_document
from bot.text import decode_upload

log = logging.getLogger(__name__)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode_pack_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    text = decode_upload(data, name, max_bytes, UserError)
    if not text.strip():
        raise UserError(f"{name}: the file is empty")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise UserError(f"{name}: line {line} column {column}: control character U+{ord(bad.group()):04X} is not allowed")
    return text


def detect_format(name: str, text: str) -> PackFormat:
    """CSV by extension; YAML with a top-level `items` list is our format, otherwise Red trivia."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix not in (".yaml", ".yml", ".txt", ""):
        raise UserError(f"{name}: quiz packs are .yaml, .yml or .csv files")
    if re.search(r"^items\s*:", text, re.M):
        return "yaml"
    return "red"


def parse_pack(data: bytes | str, name: str = "pack.yaml", *, fmt: PackFormat | None = None,
               max_items: int = DEFAULT_MAX_ITEMS, max_bytes: int = DEFAULT_MAX_BYTES,
               origin: str = "moderator", collect: bool = False) -> Pack:
    """Parse and validate a whole pack. Every problem of every item is found (each with its line);
    they are raised together as `PackErrors`, or, with `collect`, kept in `pack.problems` so the
    citation checks of an import can add theirs before one report (`bot.quiz.importing.prepare`).
    A file that cannot be read as a pack at all (not UTF-8, not YAML, too big) is one `UserError`."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    name = shown(name, 120)
    text = decode_pack_bytes(raw, name, max_bytes=max_bytes)
    fmt = fmt or detect_format(name, text)
    if fmt == "csv":
        pack = _parse_csv(text, name, max_items=max_items, origin=origin)
    else:
        loaded, node = load_yaml_document(text, name=name)
        if fmt == "yaml":
            pack = _parse_yaml_pack(loaded, node, name, max_items=max_items, origin=origin)
        else:
            pack = _parse_red(loaded, node, name, max_items=max_items, origin=origin)
    pack.name = name
    if not pack.items and not pack.problems and fmt != "yaml":
        raise UserError(f"{name}: the file holds no questions")
    _check_unique(pack)
    if not collect:
        pack.raise_problems()
    return pack


def read_pack_file(path: str | Path, **kwargs: Any) -> Pack:
    path = Path(path)
    max_bytes = kwargs.get("max_bytes", DEFAULT_MAX_BYTES)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a quiz pack")
    if size > max_bytes:
        raise UserError(f"{path.name}: file is {size:,} bytes; the limit is {max_bytes:,}")
    return parse_pack(path.read_bytes(), path.name, **kwargs)


def builtin_records(path: str | Path, *, max_items: int = 5_000, max_bytes: int = 5_000_000) -> list[dict[str, Any]]:
    """The built-in pack as store records, for `Store.sync_builtin_items` at start-up."""
    pack = read_pack_file(path, origin="builtin", max_items=max_items, max_bytes=max_bytes)
    missing = [i.id for i in pack.items if not i.essay]
    if missing:
        raise UserError(f"built-in item {missing[0]} names no essay")
    return [i.to_record() for i in pack.items]
