"""Red-DiscordBot trivia lists: `question: [answer, ...]` pairs with optional AUTHOR, DESCRIPTION
and CONFIG, checked as Red checks them. Imports `schema`."""

from __future__ import annotations

import re
from typing import Any

import yaml

from bot.errors import UserError
from bot.quiz.items import check_item, derived_id, shown
from bot.quiz.packs.schema import Pack, PackProblem, PlayRules, _check_count, _item_problems, _text_field, pack_tag

_RED_META = {"AUTHOR", "DESCRIPTION", "CONFIG", "$schema"}
_YAML_TRUE = {"true", "yes", "on", "y"}
_YAML_FALSE = {"false", "no", "off", "n"}


def _red_number(value: Any) -> float | None:
    text = str(value).strip()
    if isinstance(value, bool) or not re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", text):
        return None
    return float(text)


def _red_bool(value: Any) -> bool | None:
    text = str(value).strip().lower()
    return True if text in _YAML_TRUE else False if text in _YAML_FALSE else None


def _red_config(config: Any, name: str) -> tuple[PlayRules, list[str]]:
    """Red's CONFIG checked exactly as Red checks it (redbot/cogs/trivia/schema.py), then mapped
    onto this bot; what has no meaning here is accepted and reported."""
    if not isinstance(config, dict):
        raise UserError(f"{name}: 'CONFIG' should be a 'key: value' mapping")
    values: dict[str, Any] = {}
    for key, value in config.items():
        key = str(key)
        if key == "max_score":
            number = _red_number(value)
            if number is None or number != int(number) or "." in str(value) or number < 1:
                raise UserError(f"{name}: 'max_score' key in 'CONFIG' must be a positive integer")
            values[key] = int(number)
        elif key in ("timeout", "delay", "payout_multiplier"):
            number = _red_number(value)
            ok = number is not None and (number > 0 if key == "timeout" else number >= 4 if key == "delay" else number >= 0)
            if not ok:
                need = {"timeout": "a positive number", "delay": "a positive number greater than or equal to 4",
                        "payout_multiplier": "a non-negative number"}[key]
                raise UserError(f"{name}: '{key}' key in 'CONFIG' must be {need}")
            values[key] = number
        elif key in ("bot_plays", "reveal_answer", "use_spoilers"):
            flag = _red_bool(value)
            if flag is None:
                raise UserError(f"{name}: '{key}' key in 'CONFIG' must be either true or false")
            values[key] = flag
        else:
            raise UserError(f"{name}: {shown(key)} is not a key that can be specified in CONFIG")
    notes: list[str] = []
    rules = PlayRules(
        max_score=values.get("max_score"),
        seconds=int(round(values["delay"])) if "delay" in values else None,
        idle_seconds=values.get("timeout"),
        reveal_answer=values.get("reveal_answer", True),
        use_spoilers=values.get("use_spoilers", False),
    )
    honoured = [k for k in ("max_score", "delay", "timeout", "reveal_answer", "use_spoilers") if k in values]
    if honoured:
        notes.append(f"CONFIG honoured when this pack is played: {', '.join(honoured)}")
    ignored = [k for k in ("bot_plays", "payout_multiplier") if k in values]
    if ignored:
        notes.append(f"CONFIG accepted but not applicable here (no bot player, no credits): {', '.join(ignored)}")
    return rules, notes


def _parse_red(loaded: Any, node: Any, name: str, *, max_items: int, origin: str) -> Pack:
    """`question: [answer, ...]` pairs plus optional AUTHOR, DESCRIPTION and CONFIG keys.

    Each question becomes a short-answer item (first answer main, the rest accepted), tagged with
    the pack's name so the pack can be played on its own with its CONFIG (see `PlayRules`).
    """
    if not isinstance(loaded, dict):
        raise UserError(f"{name}: a Red trivia list maps each question to a list of answers")
    author = _text_field(loaded.get("AUTHOR"), "AUTHOR", name, 100)
    description = _text_field(loaded.get("DESCRIPTION"), "DESCRIPTION", name, 1000)
    rules: PlayRules | None = None
    notes: list[str] = []
    if "CONFIG" in loaded:
        rules, notes = _red_config(loaded["CONFIG"], name)
    questions = [(q, a) for q, a in loaded.items() if q not in _RED_META]
    _check_count(len(questions), name, max_items)
    tag = pack_tag(name)
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key_lines.setdefault(str(key_node.value), key_node.start_mark.line + 1)
    pack = Pack([], "red", author=author, description=description, notes=notes, rules=rules, name=name)
    for index, (question, answers) in enumerate(questions, start=1):
        label_q = shown(question)
        line = key_lines.get(str(question))
        if question is None or not str(question).strip():
            pack.problems.append(PackProblem(line, f"question {index}", "the question text is empty"))
            continue
        if isinstance(answers, (str, int, float)):
            answers = [answers]
        if not isinstance(answers, list) or not answers:
            pack.problems.append(PackProblem(line, f"question {index} ('{label_q}')",
                                             "field 'answers' must be a list of at least one answer"))
            continue
        texts = []
        if any(answer is None or isinstance(answer, (dict, list)) for answer in answers):
            pack.problems.append(PackProblem(line, f"question {index} ('{label_q}')",
                                             "field 'answers' holds an empty or non-text answer"))
            continue
        for answer in answers:
            texts.append(str(answer).strip())
        texts = list(dict.fromkeys(t for t in texts if t))
        raw = {
            "id": derived_id("red", str(question)),
            "kind": "short_answer",
            "prompt": str(question).replace("\\n", "\n").strip(),
            "answer": texts[0] if texts else "",
            "accepted": texts[1:],
            "author": author,
            "origin": origin,
            "tags": [tag],
        }
        item, errors = check_item(raw)
        if item is None:
            _item_problems(pack, raw, f"question {index}", raw["id"], line, {}, errors)
            continue
        pack.add(item, f"question {index}", line)
    return pack
