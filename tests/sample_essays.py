"""Two small essays made up for the tests where processes share essays (nothing depends on the
seed essays): one a server uploads, one every server shares, and a question only the first answers."""

PENGUINS = """---
title: Huddles in the Dark
author: Ada Frost
published: 2021
---

Emperor penguins survive the Antarctic winter by huddling. Thousands of birds press together so
tightly that the temperature inside the huddle can rise above twenty degrees Celsius.

The huddle moves slowly: birds on the windward edge shuffle along the flanks to the sheltered
side, so no penguin stays in the cold wind for long and every bird takes its turn outside.
"""

KEEPERS = """---
title: Keepers of the Light
author: Tom Harbour
published: 2019
---

Lighthouse keepers once trimmed the wick of the lamp every few hours through the night, so that
ships could fix their position from the light's colour and the rhythm of its flashes.
"""

PENGUIN_QUESTION = "Why do emperor penguins huddle together in winter?"

# An argumentative essay made up for the answer tests: a thesis, an announced list with ordinal
# items and a later "these three reasons", figures with a source, an example, a coined term, a
# concession with its obstacle, a named person, and a conclusion. Nothing about it is in the seeds.
LIBRARIES = """---
title: "Libraries Should Stay Open at Night"
short_title: "Libraries at Night"
author: "Mara Quill"
published: 2020
source: "The Commons Review"
---

# Libraries Should Stay Open at Night

Most public libraries close at six in the evening, just as the people who need them most finish work. My argument is simple: cities should keep their main library open until midnight.

There are three reasons to do it. The first is that evening is when working adults can study. The second is that a library is the only warm public room that asks nothing of its visitors. Finally, late hours cost far less than people assume.

According to the city auditor, keeping the central branch open four extra hours costs about $310,000 a year, less than one percent of the library budget. A survey of 2,400 residents found that 41 percent would use the library after eight.

Consider the case of Dunmore, where the librarian Ada Bell opened the reading room until midnight in 2017. Within a year, evening visits tripled and the branch became the busiest in the county.

I call this idea "civic hours", meaning public rooms kept open when people are free rather than when offices are.

Of course, late opening will not be easy. Staff must be paid overtime, and some residents worry about safety after dark.

These three reasons still outweigh the costs. Cities should therefore fund civic hours in every main library.
"""

LIBRARIES_LIST_QUESTION = "what are the three reasons Quill gives"
