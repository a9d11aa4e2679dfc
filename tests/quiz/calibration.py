"""Paraphrases and wrong answers for the meaning rule, for built-in short-answer items that have a
reference sentence (by item id).

Used to choose `quiz.semantic_threshold` (see test_quiz_model.py). Wrong answers are on-topic
on purpose: they use the essay's vocabulary, so the threshold must separate meaning, not topic.
"""

CALIBRATION = [
    ("rana-dystopian-futures", [
        "a multipolar world run by rival authoritarian capitalist powers",
        "competing authoritarian capitalist states dividing up a multipolar world",
    ], [
        "the old Pax Americana continuing as before",
        "a world of liberal democracies led by the United States",
    ]),
    ("rana-independent-foreign-policy", [
        "their own foreign policy based on solidarity with workers in other countries",
        "an independent foreign policy built on solidarity with foreign workers and colonized peoples",
    ], [
        "support for the national security state",
        "a larger military budget to protect jobs at home",
    ]),
    ("rana-no-agent", [
        "an actor or organization that can drive the transformation",
        "no clear agent to lead the change",
    ], [
        "enough money for campaigns",
        "popular support for domestic reforms",
    ]),
    ("rana-three-reforms", [
        "cutting military spending drastically",
        "reducing the defense budget a lot",
    ], [
        "increasing aid to allies",
        "expanding the security apparatus",
    ]),
    ("walt-institutions-disagreement", [
        "whether global institutions like the UN help or constrain America",
        "how useful multilateral institutions are for the US",
    ], [
        "whether to spread democracy abroad",
        "how big the military should be",
    ]),
    ("walt-deep-bench", [
        "they do not have enough experienced foreign policy experts",
        "too few experts to staff the government with restrainers",
    ], [
        "they have no money to run campaigns",
        "voters do not care about foreign policy",
    ]),
]
