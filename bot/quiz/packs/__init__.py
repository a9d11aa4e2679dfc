"""Quiz packs in and out: the documented YAML format, Red-DiscordBot trivia lists, and CSV.

Everything here is all-or-nothing: a pack is parsed and validated completely before anything is
stored, and the first problem is one `UserError` that names the item and the field.

The package, by role: `yaml_text` (safe YAML: plain scalars stay text, no aliases, limited
nesting), `schema` (the pack, its problems and the checks every format shares), one module per
format (`yaml_pack`, `red`, `csv_pack`), `reading` (bytes or a file to a validated pack),
`export` (items to the documented YAML) and `citations` (checks against the server's essays).
Each imports only `schema` and `yaml_text` of the package (`reading` also the formats), and from
outside it only `bot.quiz`'s items, lexicon, normalize and grading.analysis, and `bot.errors`.
This `__init__` re-exports what the importers, the CLI and the cogs use.
"""

from bot.quiz.packs.citations import answer_not_in_paragraph, assign_essay, check_citations
from bot.quiz.packs.export import export_yaml
from bot.quiz.packs.reading import builtin_records, parse_pack, read_pack_file
from bot.quiz.packs.schema import Pack, PackErrors, PlayRules

__all__ = ["answer_not_in_paragraph", "assign_essay", "check_citations", "export_yaml", "builtin_records", "parse_pack",
           "read_pack_file", "Pack", "PackErrors", "PlayRules"]
