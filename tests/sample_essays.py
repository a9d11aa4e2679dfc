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
