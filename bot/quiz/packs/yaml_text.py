"""Reading YAML safely for quiz packs. YAML is read with a `SafeLoader` subclass that keeps every
plain scalar as text (only `null`/`~` is resolved). YAML 1.1 would otherwise turn an answer
written as `no` into `False`, `3.10` into `3.1` and `2019-05-01` into a date; for a quiz those
are answers, not data types. Aliases are refused outright, which also rules out "billion laughs"
alias bombs, and nesting is limited. Imports nothing of the package."""

from __future__ import annotations

from typing import Any

import yaml

from bot.errors import UserError
from bot.quiz.items import shown

MAX_DEPTH = 8
_NULL_TAG = "tag:yaml.org,2002:null"


class TextSafeLoader(yaml.SafeLoader):
    """Safe YAML where plain scalars stay strings; aliases, deep nesting and repeated keys are refused.

    `name` (the file's name) starts every message, so a moderator knows which upload failed.
    """

    name = "pack"

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise UserError(f"{self.name}: line {event.start_mark.line + 1}: YAML aliases (*{event.anchor}) are not "
                            "allowed in quiz packs")
        depth = getattr(self, "_depth", 0)
        if depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise UserError(f"{self.name}: line {mark.line + 1}: the YAML is nested more than {MAX_DEPTH} levels deep "
                            "for a quiz pack")
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        """YAML keeps only the last of two equal keys; in a quiz that silently drops a question."""
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue  # the base class reports unhashable keys
            if key in seen:
                raise UserError(f"{self.name}: line {key_node.start_mark.line + 1}: the key '{shown(key)}' appears "
                                f"twice (first on line {seen[key]}); YAML would keep only the last one")
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


TextSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
TextSafeLoader.yaml_implicit_resolvers = {k: v for k, v in TextSafeLoader.yaml_implicit_resolvers.items() if v}


def load_yaml_text(text: str, *, name: str = "pack") -> Any:
    return load_yaml_document(text, name=name)[0]


def load_yaml_document(text: str, *, name: str = "pack") -> tuple[Any, Any]:
    """The data and its node tree: the nodes keep each item's and each key's line, so every
    problem of a pack can be reported with its line (yaml.compose, then construct)."""
    loader = None
    try:
        loader = TextSafeLoader(text)  # its reader already rejects control characters
        loader.name = name
        node = loader.get_single_node()
        if node is None:
            return None, None
        return loader.construct_document(node), node
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = (getattr(exc, "problem", None) or exc.__class__.__name__).replace("\n", " ")
        raise UserError(f"{name}: not valid YAML{where}: {problem}") from None
    finally:
        if loader is not None:
            loader.dispose()
