"""The layering docs/architecture.md states ("Layers"), checked on the source: every import in
bot/ is parsed (with ast, nothing is imported), and each package may import only what the table
below allows. An import under `if TYPE_CHECKING:` is for the type checker only and never runs, so
it is not counted; an import inside a function is, because it runs when the function does.

A new dependency between packages is a design decision: change the table and the document
together, in the same commit.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "bot"

# What every layer shares: the modules at the package root apart from core.py and __main__.py.
SHARED = {"config", "errors", "clock", "text", "prompts", "stopwords"}
ADAPTERS = {"cli", "discord_bot", "__main__"}

# unit -> the units (a package, a root module, or a dotted part of a package) it may import.
# The same table, in words, is docs/architecture.md's "Layers".
ALLOWED: dict[str, set[str] | None] = {
    **{name: SHARED for name in SHARED},
    "corpus": SHARED,
    "progress": SHARED,
    "evaluation": SHARED | {"corpus"},
    # the client imports nothing of the bot's; the jobs run corpus and quiz-generation code
    "model": SHARED | {"corpus", "quiz.generation"},
    "index": SHARED | {"corpus", "model"},
    # the item schema's id pattern and statuses; the stats' row types
    "store": SHARED | {"progress", "quiz.items"},
    # the embedder (meaning checks in grading); the tutor's English word lists and place names
    "quiz": SHARED | {"corpus", "model", "tutor.vocabulary", "tutor.named"},
    "rhythm": SHARED | {"corpus", "quiz"},
    # the offline chat (tutor/chat.py) also plays quizzes and the study path; StoreUnavailable
    "tutor": SHARED | {"corpus", "index", "progress", "store", "quiz", "rhythm"},
    "scale": SHARED | {"index", "store"},
    "core": SHARED | {"corpus", "model", "index", "store", "progress", "quiz", "rhythm", "tutor", "scale"},
    "discord_bot": SHARED | {"corpus", "model", "index", "store", "progress", "quiz", "rhythm", "tutor", "scale",
                             "core", "discord_bot"},
    "cli": None,  # the command line may use anything: it is the outermost layer
    "__main__": {"cli"},
}
# Who may import discord: the Discord adapter, and the command that starts the bot.
DISCORD_IMPORTERS = ("bot.discord_bot", "bot.cli.run_cmds")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _unit(module: str) -> str:
    """bot.x.y -> "x"; bot.config -> "config"; bot -> "__init__"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _runtime_imports(path: Path) -> list[tuple[str, int]]:
    """(imported module, line) for every import that can run: not under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and (
            (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
            or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
        ):
            for inner in node.body:
                type_only.update(id(n) for n in ast.walk(inner))
    out = []
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.module, node.lineno))
            # `from bot.pkg import module` names a module: count it, so the table can be specific
            out += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
    return out


def _sources() -> list[Path]:
    return sorted(BOT.rglob("*.py"))


def _allowed(unit: str, target: str) -> bool:
    if unit not in ALLOWED:
        return False
    allowed = ALLOWED[unit]
    if allowed is None:
        return True
    rest = target.split(".", 1)[1] if "." in target else target
    return any(rest == a or rest.startswith(a + ".") for a in allowed | {unit})


def test_every_unit_of_bot_is_in_the_table():
    units = {_unit(_module_name(p)) for p in _sources()} - {"__init__"}
    assert units <= set(ALLOWED), f"add to the table (and docs/architecture.md): {sorted(units - set(ALLOWED))}"


def test_each_package_imports_only_what_its_layer_allows():
    modules = {_module_name(p) for p in _sources()}
    wrong = []
    for path in _sources():
        name = _module_name(path)
        unit = _unit(name)
        for target, line in _runtime_imports(path):
            if not target.startswith("bot."):
                continue
            # `from bot.x import y` also lists bot.x.y; only a real module is a dependency of its own
            if target not in modules and target.rsplit(".", 1)[0] in modules:
                continue
            if not _allowed(unit, target):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not wrong, "imports the layering does not allow:\n" + "\n".join(wrong)


def test_only_the_discord_adapter_and_the_bot_command_import_discord():
    wrong = []
    for path in _sources():
        name = _module_name(path)
        if name.startswith(DISCORD_IMPORTERS):
            continue
        for target, line in _runtime_imports(path):
            if target == "discord" or target.startswith("discord."):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_no_import_circle_inside_a_package():
    """Two modules of one package that import each other (even lazily, inside a function) are
    one module in two files, or share a piece that belongs below both."""
    modules = {_module_name(p): p for p in _sources()}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for target, _ in _runtime_imports(path):
            if target in modules and target != name:
                graph[name].add(target)

    def package(name: str) -> str:
        return name if modules[name].name == "__init__.py" else name.rsplit(".", 1)[0]

    circles = []
    for start in modules:
        # every path start -> ... -> start through modules of start's own package
        stack = [(start, [start])]
        while stack:
            node, trail = stack.pop()
            for nxt in graph[node]:
                if package(nxt) != package(start) or modules[nxt].name == "__init__.py":
                    continue
                if nxt == start:
                    circles.append(" -> ".join(trail + [start]))
                elif nxt not in trail and nxt > start:  # report each circle once, from its smallest module
                    stack.append((nxt, trail + [nxt]))
    assert not circles, "import circles:\n" + "\n".join(sorted(set(circles)))


def test_no_test_imports_helpers_from_a_conftest():
    """`from conftest import ...` finds whichever conftest.py is first on sys.path, so a run of two
    test folders together broke; shared helpers live in named modules (tests/*_support.py)."""
    wrong = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for target, line in _runtime_imports(path):
            if target == "conftest":
                wrong.append(f"{path.relative_to(ROOT)}:{line}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("package", sorted({p.parent for p in BOT.rglob("__init__.py")}))
def test_each_package_says_what_it_holds(package):
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 8, f"{package.relative_to(ROOT)}/__init__.py needs a docstring"


def test_the_module_map_matches_the_tree():
    """docs/architecture.md's module map names every package and root module of bot/, and
    everything it names exists (a move that forgets the document fails here)."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = doc.split("## Module map", 1)[1].split("```", 2)[1]
    listed: set[str] = set()
    missing = []
    parent = ""
    for line in block.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        first = line.strip().split("  ", 1)[0] if line.strip() else ""
        if indent not in (2, 4) or not first or not (first.endswith((".py", "/")) or ".py," in first):
            continue
        for name in (n.strip() for n in first.split(",")):
            path = (BOT / name) if indent == 2 else (BOT / parent / name)
            if indent == 2:
                listed.add(name.rstrip("/"))
                parent = name
            if not path.exists():
                missing.append(str(path.relative_to(ROOT)))
    tree = {p.name for p in BOT.iterdir() if p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists())}
    unlisted = sorted(n for n in tree if n.rstrip("/") not in listed and n != "__init__.py")
    assert not missing, f"the module map names what does not exist: {missing}"
    assert not unlisted, f"the module map leaves out: {unlisted}"
