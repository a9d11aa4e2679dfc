"""Every text the tutor shows a person lives in YAML under `prompts/`.

Each module that shows text declares what it needs with `prompt_spec(file, {key: placeholders})`
at import time. `PromptBook.load` checks every declared file and key when the program starts:
a missing file, a missing or misspelt key, a template that is not text, or a placeholder the code
does not supply is one clear `ConfigError` at start, never a surprise at the first question.
Changing wording is an edit of YAML only.
"""

from __future__ import annotations

import difflib
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import yaml

from bot.errors import ConfigError


@dataclass(frozen=True)
class PromptSpec:
    name: str  # file stem under prompts/
    keys: Mapping[str, frozenset[str]]  # key -> placeholders the code supplies


_REGISTRY: dict[str, dict[str, frozenset[str]]] = {}


def prompt_spec(name: str, keys: Mapping[str, Iterable[str]]) -> PromptSpec:
    """Declare the templates a module renders from `prompts/<name>.yaml`."""
    section = _REGISTRY.setdefault(name, {})
    for key, fields in keys.items():
        fields = frozenset(fields)
        if key in section and section[key] != fields:
            raise ValueError(f"prompt {name}.{key} declared twice with different placeholders")
        section[key] = fields
    return PromptSpec(name, {k: frozenset(v) for k, v in keys.items()})


def registered_specs() -> dict[str, dict[str, frozenset[str]]]:
    return {name: dict(keys) for name, keys in _REGISTRY.items()}


def _placeholders(template: str) -> set[str]:
    fields: set[str] = set()
    for _, field_name, _, _ in string.Formatter().parse(template):
        if field_name is None:
            continue
        root = field_name.split(".")[0].split("[")[0]
        if not root or root.isdigit():
            raise ValueError("positional placeholders such as {} or {0} are not allowed; name them")
        fields.add(root)
    return fields


class PromptBook:
    """Validated templates, rendered with `str.format` and named placeholders."""

    def __init__(self, templates: dict[str, dict[str, str]]):
        self._templates = templates

    @classmethod
    def load(cls, folder: Path, specs: Mapping[str, Mapping[str, frozenset[str]]] | None = None) -> "PromptBook":
        specs = registered_specs() if specs is None else specs
        folder = Path(folder)
        if not folder.is_dir():
            raise ConfigError(f"prompts folder not found: {folder}")
        templates: dict[str, dict[str, str]] = {}
        for name, keys in sorted(specs.items()):
            path = folder / f"{name}.yaml"
            try:
                loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise ConfigError(f"prompt file missing: {path}") from None
            except (yaml.YAMLError, UnicodeDecodeError) as exc:
                raise ConfigError(f"prompt file {path} is not valid YAML: {exc}") from None
            if not isinstance(loaded, dict):
                raise ConfigError(f"prompt file {path} must map keys to text")
            section: dict[str, str] = {}
            for key in sorted(keys):
                if key not in loaded:
                    close = difflib.get_close_matches(key, [str(k) for k in loaded], n=1)
                    hint = f" (found '{close[0]}': misspelt?)" if close else ""
                    raise ConfigError(f"prompt {name}.{key} is missing in {path}{hint}")
                value = loaded[key]
                if not isinstance(value, str):
                    raise ConfigError(f"prompt {name}.{key} in {path} must be text, not {type(value).__name__}")
                try:
                    used = _placeholders(value)
                except ValueError as exc:
                    raise ConfigError(f"prompt {name}.{key} in {path}: {exc}") from None
                unknown = used - keys[key]
                if unknown:
                    allowed = ", ".join(sorted(keys[key])) or "none"
                    raise ConfigError(
                        f"prompt {name}.{key} in {path} uses unknown placeholder(s) "
                        f"{', '.join('{' + u + '}' for u in sorted(unknown))}; allowed: {allowed}"
                    )
                section[key] = value
            extra = set(map(str, loaded)) - set(keys)
            if extra:
                key = sorted(extra)[0]
                close = difflib.get_close_matches(key, list(keys), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise ConfigError(f"prompt {name}.{key} in {path} is not used by the tutor{hint}")
            templates[name] = section
        return cls(templates)

    def render(self, name: str, key: str, /, **fields: object) -> str:
        try:
            template = self._templates[name][key]
        except KeyError:
            raise KeyError(f"prompt {name}.{key} was not declared with prompt_spec") from None
        return template.format(**fields).strip()

    def section(self, name: str) -> "PromptSection":
        if name not in self._templates:
            raise KeyError(f"prompt file {name} was not declared with prompt_spec")
        return PromptSection(self, name)


@dataclass(frozen=True)
class PromptSection:
    book: PromptBook
    name: str

    def __call__(self, key: str, /, **fields: object) -> str:
        text = self.book.render(self.name, key, **fields)
        for value in fields.values():
            if isinstance(value, str) and value[:1].islower() and " " in value and value in text:
                # a name that starts in lower case ("de la Fuente") starts a sentence in capitals
                text = re.sub(rf"(^|[.!?]\s+|\n\s*)({re.escape(value)})",
                              lambda m: m.group(1) + m.group(2)[:1].upper() + m.group(2)[1:], text)
        return text
