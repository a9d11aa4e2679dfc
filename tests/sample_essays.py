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

# A second argumentative essay, for the answer tests of session 2026-12-05 (late): the other side's
# points as an unannounced "First, … Second, … Third, …" series, each in its own paragraph and
# answered at once ("I accept all three points. …"); a proposal series opened mid-sentence
# ("That means, first, …") after a "Several towns …" sentence; bare items ("Second, give riders
# something back.") whose next sentence says what they are; an objection paragraph with its
# concession and a reply that turns after its subject ("The broader argument, though, …").
FERRIES = """---
title: Keep the Night Ferry Running
author: Ines Talvik
published: 2023
---

Every winter the harbour board proposes to cut the last ferry of the night, and every winter the
same people write to the paper. The night ferry carries nurses, cooks and cleaners home from the
mainland. My argument is simple: the board should keep the night ferry and pay for it honestly.

Fairness requires taking the board's side seriously, and the board has real arguments.

First, the night ferry runs nearly empty in February. On the coldest weeknights it carries fewer
than a dozen passengers, and each crossing burns the same fuel as a full one.

Second, the crew is hard to find. Qualified deckhands are scarce, and a night shift is the shift
nobody wants.

Third, a bus over the causeway would be cheaper to run. It would take longer, but it would cost
the board a third as much per passenger.

I accept all three points. None of them, however, justifies stranding the people who keep the
island's hospital and kitchens open. They support something narrower: a smaller boat, not no boat.

The best case against the night ferry deserves a fair hearing. Critics say that a public service
should follow demand, and that a boat nobody rides is a monument to habit. They add that the money
could repair the harbour wall, which floods twice a year. A ferry, on this view, is a luxury the
island can no longer afford.

Part of this is right, and I concede it. The harbour wall does need money, and a half-empty boat
is a poor use of fuel.

The broader argument, though, misunderstands who pays when the ferry stops. The nurse who cannot
get home takes a room on the mainland at her own cost, and the hospital loses the night shift it
depends on. That cost falls on the people least able to bear it, which is exactly when a public
service is justified.

Several towns have kept their night boats by changing how they run them. That means, first,
running a smaller boat after ten in the evening. A twelve-seat launch burns a fifth of the fuel
of the big ferry and needs a crew of two.

Second, give riders something back. The board should sell a night pass at half price to anyone
who works a late shift on the mainland.

Third, share the cost with the hospital. The hospital saves money on every nurse who gets home,
and it should pay a fair share of the boat that brings her.
"""

# Two short essays whose authors share a surname part, and which both name "Harwick" (an institute
# in one, a parish council in the other): for the questions about bylines and shared names.
MILLS = """---
title: Let the Mill Race Run Again
author: Ines Okonjo-Vale
published: 2022
---

The old mill race behind the high street has been dry for forty years, and the town should open it
again. A running stream would cool the street in summer, and it would give children a reason to
learn how the mill once worked.

The Harwick Institute surveyed three hundred households last spring and found that most would walk
to the water if it ran. Fire was the old mill's great danger: in 1911 a spark from the grinding
stones burned it to the ground, and the race was dug wider so that water could reach every floor.

Millbridge, the town I describe here, is a composite of three market towns I have lived in.
"""

BELLS = """---
title: Ring the Bells at Noon
author: Mara Okonjo-Brandt
published: 2021
---

The church bells in the square have been silent since the tower was repaired, and the parish
should ring them again at noon. A bell at midday marks the hour for people without a phone in
their hand, and it costs almost nothing.

The Harwick Parish Council voted against the noise in 2019, but the vote was taken at a meeting
that nine people attended. A town that hears its bells knows where its centre is.

So I ask the parish for three changes: ringing the bells at noon, keeping a quiet hour after nine
at night, and holding a vote every spring on whether to go on.
"""

# An essay that says what it is not arguing (a disclaimer) as well as what it is: for the premise
# check (bot/tutor/handlers/premise.py). Nothing about it is in the seeds.
TOLLS = """---
title: Charge the Lorries at Night
author: Petra Lindqvist-Osei
published: 2023
---

The old swing bridge over the Tamber carries twice the traffic it was built for, and the county
should charge heavy lorries a toll to cross it between midnight and five in the morning. Night is
when the lorries come, because the day is too crowded for them.

Nothing here requires closing the bridge to lorries, which would only push them onto the village
lanes. The toll is a price for wear, and the bridge stays open to every vehicle at every hour.

A toll of twelve pounds a crossing would raise about four hundred thousand pounds a year, enough
to repaint the girders every decade and to replace the bearings before they seize.

This is not a plan to privatise the bridge, and it is not a tax on local farmers: vehicles
registered in the parish would cross free, and the county would keep every penny.

Critics say hauliers will pass the cost on to shoppers. Some will, but a few pence on a delivery is
less than the cost of a bridge that fails. For a haulier, that means one more line on the night's
invoice at the toll gantry.
"""

# An essay that announces its thesis ("My argument is simple.") after a conditional concession and
# before a qualifying "But …": the one-line summary is the sentence after the announcement.
BUSES = """---
title: Let the Night Buses Run Late
author: Odile Fenwick-Mbeki
published: 2022
---

Every night at half past eleven the last bus leaves the square, and the nurses on the late shift
walk home in the dark. When the streets are empty, there is no need for more buses, and the council
is right to save its money on the quiet nights of the week.

My argument is simple. On the four nights when the hospitals change shifts, the council should run
buses from the square until two in the morning.

A late bus costs about ninety pounds an hour to run, and the fares of the nurses and porters who
would ride it would cover about a third of that. Consider a porter I will call Amir, who finishes
at one in the morning on a Thursday.

Amir walks for an hour. Amir is tired.

But the buses have hidden costs too: drivers paid at night rates, depots kept open, and cleaners
who must come in after the last run.
"""

# An essay whose coined term is defined in one sentence and set out in the ones after it, and
# whose other term is never defined but laid out over a whole paragraph (bot/tutor/handlers/define.py).
TIDE_TICKET = """---
title: Tie the Ferry to the Bus
author: Ruth Okonkwo-Bell
published: 2021
---

The ferry across the Marl estuary and the buses on either bank are run by different companies, and
a rider who needs both pays twice. The estuary towns should sell one ticket for the whole journey.

I call this arrangement the tide ticket: one fare that covers the ferry and the bus on either bank.
It would be sold at both quays and on the boats themselves. A rider who shows it boards the
connecting bus without paying again. Without it, a nurse crossing to the hospital pays two fares
each way.

The ticket would be priced in zones. The inner zone would cover the two quays and the streets
around them. The outer zone would reach the villages on the coast road. Each zone would carry its
own fare, set once a year by the estuary council.

Critics say the ferry company would lose money. It would not, because more riders would cross.
A trial on the Dee estuary shows what happens when the ticket is joined up. Riders liked the joint
ticket from its first week, and the operators kept it after the trial ended. Riders told the
operators that the joint ticket made the crossing feel like one journey rather than a gamble on a
connection, and the operators found that riders who had driven round the estuary began to cross by
ferry instead, leaving their cars at home on the days they worked at the hospital. Over the trial's
summers crossings rose from 41,000 to 58,000, and the ferry's takings rose by 12 percent. The
company that had opposed the trial now advertises it on its boats, and the council that paid for
the printing of the tickets has never been asked to pay for anything else, which is the strongest
sign that the joint ticket pays its own way without help from the estuary towns or their council.
"""

# A short argumentative essay for the reading checks (tests/tutor/test_readings.py): a hedged
# finding, a strength word the essay denies, a figure given as a part of a sample, a difference in
# percentage points, and a plain sentence a reading can restate.
ORCHARDS = """---
title: "Plant the Verges: The Case for Community Orchards"
author: Ilse Brannigan-Oduya
published: 2024
---

Towns should plant fruit trees on the grass verges they already mow. My proposal is modest. It is
not a ban on mown grass, and nobody is asked to give up a lawn; councils would plant where residents
ask for trees and keep mowing everywhere else.

The evidence for the benefits is encouraging but limited. In a 2021 survey of 300 households near
new orchards, researchers interviewed a sample of 40 residents, and 12 of those 40 said they now pick
fruit every autumn. Children who helped to plant trees scored six percentage points higher on a
nature quiz than children who did not.

Maintenance is the real cost. A young tree needs watering in its first two summers, and volunteers
tend to drift away after the first year. Councils that paid one gardener per ward kept nine in ten
trees alive, while those that relied on volunteers alone lost almost half. The oldest scheme, begun in
Nineteen Eighty-Four on the ring road, still has a waiting list of volunteers. Most of the pruning is
done by the Kettleby Orchard Trust, a charity founded by retired gardeners.

The lesson is not that orchards are free. Shared fruit trees need steady funding for pruning and
watering, and a town that plants without paying for upkeep will soon have dead saplings.
"""

# An essay that states an objection with two parts in one paragraph and answers them later, part
# by part ("Start with the stallholders.", "As for the night nurses, …"), and that grants an
# obstacle and answers it with a "But …" in the next paragraph (bot/tutor/handlers/replies.py).
MARKETS = """---
title: Open the Covered Market After Dark
author: Ines Calloway-Reyes
published: 2024
---

The covered market in Dunmere closes at six, just as most people finish work. The town should keep
it open until ten on weekdays, with lighting, heating and a caretaker paid from the stall rents.

An evening market would bring trade back to the old streets around the square. Shops nearby stay
open when there are people to serve, and the cafes on Tanner Row already report their best takings
on the two nights a year when the market holds its winter fair. Nobody would be banned from trading
by day.

The strongest objection comes from the stallholders and from the night nurses at the infirmary.
The stallholders fear that longer hours will mean longer shifts for the same takings. The night
nurses, who park in the market's yard, fear that evening shoppers will take their spaces.

I take these worries seriously, and they are answered by how the scheme is run. Start with the
stallholders. No trader would be made to open late; the evening hours would be let as separate
pitches, and the winter fair shows that evening pitches earn more per hour than daytime ones.

The market also needs a clear timetable, printed on the doors and posted online, so that shoppers
know which nights the hall is lit and which stalls will be there.

As for the night nurses, their permits would be kept. The yard's first forty spaces would stay
reserved for infirmary staff after five, and shoppers would use the multi-storey on Cole Street. The
yard itself would not be sold.

Some will say that an evening market only moves trade from the afternoon to the night. But the
people who would shop after six are mostly those who cannot come by day at all. Shift workers,
parents collecting children and commuters from Harlow Road are absent from the hall at noon.

Even so, the hall's heating is old, and the cost of running it through the evening may prove
impossible to meet from rents alone.

But the case for trying remains strong. A market that is empty when people are free is a market
that is slowly dying, and a single winter of evening trade would show what the rents can bear.
"""

# An essay whose claims are backed in different ways (bot/tutor/handlers/support.py): one by the
# survey in the next sentence, one by nothing at all in a paragraph that holds a figure about
# something else, a figure the essay reports ("41 disused wells") whose source is the sentence before,
# and a figure it proposes in words ("thirty per cent"), which no neighbouring source backs.
WELLS = """---
title: Mend the Village Wells
author: Oskar Fenby-Adeyemi
published: 2021
---

Most villages in the Hallam valley still have a well that nobody draws from. The county should
repair them before the next dry summer.

Households with a working well use less piped water in a drought. A 2019 survey of 310 households
by the valley water board found that families near a repaired well cut their mains use by a fifth.

Old wells are also safer than people think, and villagers prefer them to standpipes. The county
spent 12,000 pounds on standpipes last year. Repairs would be cheap by comparison.

The water board surveyed every parish in 2020. It counted 41 disused wells in the valley. Repaired
wells should supply at least thirty per cent of each village's summer water.
"""

# An essay whose terms are defined in the ways a "used without defining it" lead missed
# (bot/tutor/handlers/define.py): named back after the description ('This "berry dividend" …', "The
# idea, which the county's ecologists call a rotation grant, …") and "A hedge bank is a …".
HEDGES = """---
title: Let the Hedgerows Grow
author: Moss Kettering
published: 2022
---

Farmers in the valley cut their hedges every autumn. In a Devon trial, hedges left uncut for two
years carried twice as many berries as hedges cut every year. This "berry dividend" has since been
seen on farms across the county.

A hedge bank is a raised strip of earth that holds the roots of the hedge above wet ground.

Councils could pay farmers who leave a hedge uncut for a second year. The idea, which the county's
ecologists call a rotation grant, would cost little and could start next spring.
"""

# For or against (bot.tutor.stance): the author's own stances, someone else's stance (a verb whose
# subject is another, a reported view), a stance taken both ways, a denied hostility, and an
# adjective inside a noun phrase that takes no stance.
QUAYS = """---
title: "Open the Quays: Why Harbour Towns Should Run Their Own Water Buses"
author: Rosalind Achebe-Lindqvist
published: 2025
---

Harbour towns should run water buses across their own estuaries. Critics such as the columnist
Gareth Pell argue that water buses are a waste of public money. The harbour board rejected the first
timetable in 2019, and the councillors voted it down again.

The Rotterdam water taxi is a real achievement, carrying commuters across the Maas every few minutes.
Its pontoons are cheap to build, and the crews are trained in a single season.

Private operators are worth having. They are not worth having on terms that let them cancel the
winter sailings. Nothing here requires hostility to motorists; the bridge stays open to cars.

A consultancy picture of the quay has a good café, a souvenir stall and a car park. Towns that seem
to go back and forth between contractors every winter end up paying twice.
"""

# Terms glossed without a defining verb (bot.tutor.handlers.define): what an idea holds after
# "the idea of X,", a term that renames what comes before it ("…, or “X,” …"), a colon a few words
# after the term; and a word used without any gloss.
TERPS = """---
title: "Raise the Mounds: Coastal Villages and the Old Art of the Terp"
author: Wietske Haanstra-Obi
published: 2025
---

Coastal villages should raise their houses on mounds again. In the Frisian idea of *terpwerk*, the
mound, the village and the memory of floods are one thing; losing a mound is a loss of kin, not of
soil.

Much more needs to be done to fund the kinds of patient, or “slow-earth,” works that would keep a
village above the surge for a century. Dykes are the other way, and they fail all at once.

The mound is old-fashioned in the way tide tables are old-fashioned: it works, it lasts, and the
rest of the village depends on it. A surveyor from the water board walked the mounds every spring.
"""

# Two essays built on one plan (a definition, three announced reasons, the strongest objection
# and a reply, a conclusion) and one that is not (bot.tutor.handlers.shapes).
LANTERNS = """---
title: "Light the Lanes: Why Villages Should Keep Their Lanterns"
author: Odile Marchetti-Byrne
published: 2025
---

Villages should keep the old lanterns on their lanes rather than replace them with floodlights.

By "lane lighting" I mean low lamps, set close together, that light the path and not the sky.

I have three reasons. The first is safety: walkers see the kerb and the puddle, not a glare. The
second is cost, since a lantern draws a fraction of a floodlight's power. The third is the night sky.

Now the strongest objection, which I take seriously. Police say floodlights deter burglars. But the
evidence for that is thin, and a lit lane is watched by its own windows.

In the end, the lantern is the cheaper, safer and darker choice, and villages should keep it.
"""

KILNS = """---
title: "Fire the Kilns: Why Towns Should Fund Shared Pottery Kilns"
author: Bartholomew Achike-Svensson
published: 2025
---

Towns should fund shared kilns that any resident can book.

By "shared kiln" I mean a kiln owned by the town and booked by the hour, like a meeting room.

There are three reasons. The first is cost, because one kiln serves a hundred potters. The second is
skill, since beginners learn from the potters who fire beside them. The third is safety.

Now the strongest objection, which deserves an answer. Critics say kilns are a fire risk. But a
shared kiln has a trained keeper, which a garden kiln does not.

In the end, a shared kiln is cheaper and safer than a hundred private ones.
"""

DIARY = """---
title: "A Winter of Lamps"
author: Perpetua Okonjo-Lind
published: 2025
---

I spent the winter walking the lanes at night and writing down what I saw.

The lamps came on at five. Children ran between them, and the baker's cart went by at six.

By February the snow had gone, and the lamps seemed smaller than they had in December.

I do not know what the lamps are for, only that I looked for them every night.
"""

# figures of several kinds, and figures a reader would ask for that it never gives (a price, a
# sample size, one island's population)
CAUSEWAYS = """---
title: "Keep the Causeways: Why Tidal Islands Should Not Be Abandoned"
author: Ingeborg Mwangi-Castellanos
published: 2025
---

Tidal islands should keep their causeways rather than move their people to the mainland. My argument
rests on two things, and the rest of this essay makes each in turn.

In 2016 the council of Velmora bought about 900 hectares of farmland on the mainland, and the papers
called it the first step in abandoning the island. The council never said so.

Rebuilding the Velmora causeway would cost about £40 million over ten years, less than a third of what
moving the island's 3,200 residents would cost.

A survey of island households by the regional planning office found that roughly three in four
wanted to stay, and only one in ten would accept a move.

The smaller island, Skerra, has no causeway at all, only a ferry that MacAllister Shipping runs from
Porthalé twice a day.

Belonging matters too: islanders who leave lose the graves, the chapels and the names that make a place
theirs.

In the end, my argument is that a causeway is a promise that an island is still part of the country.
"""

# Two essays whose authors share a surname (FINAL-50, judged blind: "Vandermeulen" always meant
# whichever of two essays came first, and answers named both authors "Vandermeulen").
PELLOW_DOCKS = """---
title: "Keep the Dry Dock Working: The Case for a Shipwright School at Carrow"
author: Nora Pellow
published: 2021-04-02
source: The Harbour Letter
---

The dry dock at Carrow has stood empty since the yard closed, and the council wants to fill it with
flats. I argue that it should become a shipwright school instead, run by the port and the college
together, so that the skills that built the town's boats are not lost with the last of the old men.

The money is not the obstacle people think. Converting the dock into flats would cost the council
£8.2 million in site clearance and flood works. The school would cost roughly £3.1 million to fit
out. The port would pay £400,000 a year towards running it from its mooring fees.

The strongest objection is that nobody wants to build wooden boats any more. But the school would
teach repair, and every fishing boat on this coast needs a yard that can mend a hull.

The council should therefore lease the dock to the port for twenty-five years and fund the first
three intakes of apprentices.
"""

PELLOW_HIVES = """---
title: "Bees on the Roof: Why Schools Should Keep Hives"
author: Tessa Pellow
published: 2023-06-11
source: The Garden Review
---

Every school with a flat roof should keep a beehive. Children who look after bees learn patience,
biology and the habits of care that no worksheet teaches, and the honey pays for the equipment.

In a pilot at eleven primary schools in Kernow, pupils who kept hives scored better on a test of
plant biology than pupils who did not, and not one child was stung badly enough to need a doctor.

The strongest objection is allergy. A school must know which pupils are allergic to stings and keep
them away from the roof, and a trained keeper must be present whenever the hive is opened.

Schools should start with one hive, a trained keeper from the local beekeeping society, and a
simple rule that no child opens a hive alone.
"""

# A pilot with figures in one paragraph and, two paragraphs on, what else changed at the same time
# (FINAL-50, judged blind: "can i say free parking caused that?" after the pilot's figures was told
# the essay may say no more, though a later paragraph names a rival cause).
CLINIC = """---
title: "Open the Clinic at Seven: Why Surgeries Should Start Early"
author: Hana Rusk
published: 2022-02-01
---

Family doctors' surgeries open at nine, when most working people are already at work. I argue that
every surgery should open early, at seven, on three mornings a week.

The best evidence comes from a practice that tried it. In 2018 the Brindle Street surgery in Leith
opened at seven on Mondays, Wednesdays and Fridays for a year. Unplanned visits to the town's
emergency department by its patients fell from 14 per cent to 9 per cent, and complaints about
booking dropped by half. Practices in Portobello, Musselburgh and Dalkeith have since tried early hours too.

Early opening is not free. Staff must be paid for the extra hours, and some will not want them.

There are limits to what one practice shows. The fall in emergency visits could owe something to a
new telephone triage line that the health board started in Leith in the same year, and the
practice's own report admits as much.

Surgeries should therefore open early, at seven, three mornings a week, paid for by the health board.
"""
