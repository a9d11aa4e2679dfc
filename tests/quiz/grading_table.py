"""(item, answer as a player types it, expected verdict, kind of answer) rows for the grader.

Written by hand, by reading each built-in item and typing what players type: lower case, no
apostrophes, typos, "i think", abbreviations, names surname first, letters for choices. Every
example from issue 11 is here (tagged `issue`), in both directions. `kind` says what a row tests:

    right     a right answer, however phrased            (expected True)
    wrong     a wrong answer                             (expected False)
    negation  the answer negated                         (expected False)
    opposite  the answer's opposite or reverse direction (expected False)
    guess     several candidates at once                 (expected False)
    salad     the answer's words scrambled or buried     (expected False)

`model` marks rows only the meaning rule can decide (the real model; see test_quiz_model.py);
the fast suite runs every other row with no encoder.

Items are built-in ids, or `custom:...` items defined here for answers the pack does not have.
"""

from __future__ import annotations

from typing import NamedTuple

from bot.quiz.items import QuizItem


class Row(NamedTuple):
    item: str
    answer: str
    expected: bool
    kind: str
    issue: bool = False
    model: bool = False


CUSTOM = {
    "custom:second-world-war": QuizItem(
        id="custom-sww", kind="cloze", essay="rana-left-internationalism", paragraph=9,
        prompt="The _____ generated real domestic growth, making the United States the dominant economic force.",
        answer="Second World War"),
    "custom:iraq-war": QuizItem(
        id="custom-iraq", kind="cloze", essay="rana-left-internationalism", paragraph=5,
        prompt="Liberals treat Vietnam or the second _____ as particular follies.", answer="Iraq War"),
}

R, W = True, False


def rows() -> list[Row]:
    t = []

    def add(item: str, expected: bool, kind: str, *answers: str, issue: bool = False, model: bool = False) -> None:
        t.extend(Row(item, a, expected, kind, issue, model) for a in answers)

    # Rana's third reform: scaling back the security budget (a direction, with a reference)
    i = "rana-three-reforms"
    add(i, R, "right", "cutting the security budget", "reducing the security budget", "cutting security spending",
        "scale back the security budget", "slashing the defense budget", "shrinking the security budget",
        "cut military spending", "cuting the securty budget", "reducing the defense budget a lot")
    add(i, R, "right", "the security budget", issue=True)
    add(i, W, "negation", "not scaling back the security budget", issue=True)
    add(i, W, "opposite", "raising the security budget", "boosting the security budget", "doubling the security budget",
        "expanding the security budget", "increasing the defense budget", issue=True)
    add(i, W, "opposite", "growing the military budget", "more money for the security budget", "increasing the budget")
    add(i, W, "salad", "budget security the back scaling", issue=True)
    add(i, W, "wrong", "securing labor rights", "decriminalizing the border")

    i = "rana-classic-toolkit"  # aggressive sanctions; accepted: sanctions
    add(i, R, "right", "sanctions", "aggressive sanctions", "agressive sanctions", "harsh sanctions",
        "economic sanctions", "imposing sanctions", "sanction")
    add(i, W, "negation", "no sanctions", issue=True)
    add(i, W, "opposite", "lifting sanctions", issue=True)
    add(i, W, "opposite", "ending sanctions", "removing the sanctions")
    add(i, W, "guess", "sanctions and tariffs", "sanctions or diplomacy")
    add(i, W, "wrong", "diplomacy", "militarized confrontation")

    i = "walt-institutions-disagreement"  # the role of international institutions
    add(i, R, "right", "international institutions", "the role of international institutions",
        "international instituions", "role of the international institutions")
    add(i, R, "right", "whether international institutions are useful or a constraint", model=True)
    add(i, W, "negation", "not international institutions", issue=True)
    add(i, W, "wrong", "nato", "democracy promotion", "the size of the military")
    add(i, W, "guess", "international institutions or democracy promotion")
    add(i, W, "salad", "institutions international role the")

    i = "rana-joined-ethics"  # anti-imperial and anti-authoritarian
    add(i, R, "right", "anti-imperialism and anti-authoritarianism", issue=True)
    add(i, R, "right", "anti imperial and anti authoritarian", "anti authoritarian and anti imperial",
        "anti-imperial, anti-authoritarian", "antiimperial and antiauthoritarian")
    add(i, W, "wrong", "anti-colonial and anti-authoritarian", issue=True)
    add(i, W, "opposite", "imperial and authoritarian")
    add(i, W, "wrong", "anti-imperial", "pro-democracy and anti-imperial")

    i = "walt-beinart"  # Peter Beinart; accepted: Beinart
    add(i, R, "right", "Beinart, Peter", issue=True)
    add(i, R, "right", "peter beinart", "beinart", "peter beinhart", "i think its peter beinart",
        "beinart from the atlantic")
    add(i, W, "guess", "Walt Rana Beinart Tooze", "Peter Beinart Daniel Bessner", issue=True)
    add(i, W, "guess", "beinart bessner", "Beinart or Bessner",
        "Peter Beinart " + "asdf ghjk qwer tyui zxcv " * 11)
    add(i, W, "negation", "not beinart")
    add(i, W, "wrong", "daniel bessner", "peter")

    i = "rana-creedalism"  # creedalism; accepted: left creedalism
    add(i, R, "right", "creedalism", "creedalsim", "credalism", "left creedalism", "its creedalism",
        "rana calls it creedalism", "creedal-ism")
    add(i, W, "guess", "exceptionalism creedalism liberalism", issue=True)
    add(i, W, "guess", "creedalism or exceptionalism", "creedalism, exceptionalism")
    add(i, W, "salad", "creedalism " + "lorem ipsum dolor sit amet " * 10, issue=True)
    add(i, W, "wrong", "exceptionalism", "liberalism", "creed")

    i = "walt-deep-bench"  # it lacks a deep bench of experienced foreign-policy experts
    add(i, R, "right", "a shortage of foreign policy experts", issue=True)
    add(i, R, "right", "not enough experts", "lack of experts", "too few foreign policy experts",
        "they dont have enough experts")
    add(i, R, "right", "no deep bench of experts", model=True)
    add(i, R, "right", "not enough experienced people to staff the government", model=True)
    add(i, W, "opposite", "plenty of experts", "enough experts", "too many experts",
        "it has a deep bench of experts")
    add(i, W, "wrong", "a lack of money", "voters dont care")

    i = "rana-breakdown-examples"  # the Capitol insurrection; January 6, the January 6 attack, Capitol riot
    add(i, R, "right", "Jan 6", "the storming of the Capitol", issue=True)
    add(i, R, "right", "january 6th", "jan. 6", "capitol riot", "the capitol insurrection",
        "january 6 attack on the capitol", "the capitol riots", "j6")
    add(i, W, "wrong", "the Capitol", "covid", "the 2020 election", "january 7")

    i = "rana-dystopian-futures"  # a multipolar order of competing capitalist authoritarianisms
    add(i, R, "right", "authoritarian capitalism", issue=True)
    add(i, R, "right", "capitalist authoritarianism", "a new multipolar order", "multipolar order",
        "competing capitalist authoritarianisms", "capitalist authoritarianisms")
    add(i, R, "right", "a multipolar world run by rival authoritarian capitalist powers", model=True)
    add(i, W, "wrong", "pax americana", "a unipolar order", "liberal democracy", "democratic socialism")

    i = "rana-1989-unipolarity"  # 1989
    add(i, R, "right", "nineteen eighty-nine", issue=True)
    add(i, R, "right", "1989", "nineteen eighty nine", "in 1989", "'89")
    add(i, W, "wrong", "1991", "1998")
    add(i, W, "guess", "1989 or 1991", "1989 1991")

    i = "walt-three-uns"  # unsuccessful
    add(i, R, "right", "unsuccessful", "unsucessful", "not successful")
    add(i, W, "opposite", "successful")
    add(i, W, "wrong", "unnecessary", "unwise")

    i = "custom:second-world-war"
    add(i, R, "right", "World War II", "WWII", issue=True)
    add(i, R, "right", "ww2", "the second world war", "world war two", "2nd world war")
    add(i, W, "wrong", "first world war", "World War I", "the cold war", "second world")

    i = "custom:iraq-war"
    add(i, R, "right", "Iraq", issue=True)
    add(i, R, "right", "iraq war", "the Iraq war")
    add(i, W, "wrong", "Iran", "afghanistan")
    add(i, W, "guess", "Iraq or Afghanistan", "iraq afghanistan")

    i = "rana-interregnum"  # multiple choice: interregnum, hegemony, détente, multipolarity
    add(i, R, "right", "a", "A", "interregnum", "its interregnum", "interegnum", "option a", "a)", "i think a",
        "the interregnum")
    add(i, W, "wrong", "b", "hegemony", "detente")
    add(i, W, "guess", "a or b", "interregnum or hegemony")

    i = "rana-left-excluded"  # true / false: true
    add(i, R, "right", "i think its true", issue=True)
    add(i, R, "right", "true", "t", "yes", "true i think", "yeah", "thats true", "it's true")
    add(i, W, "opposite", "false", "not true", "nope", "no")
    add(i, W, "guess", "true or false")

    i = "rana-unraveling-causes"  # multiple choice, the answer typed in the player's words
    add(i, R, "right", "failures of american policymaking", "policymaking failures", "american policy making failures")
    add(i, R, "right", "bad decisions by american policymakers", model=True)
    add(i, W, "wrong", "chinese expansion", "european rearmament", "the UN collapsed")

    i = "rana-reserve-currency"  # dollar; U.S. dollar, US dollar
    add(i, R, "right", "dollar", "the dollar", "us dollar", "the U.S. dollar", "dollars", "the american dollar")
    add(i, W, "wrong", "euro", "gold", "the yuan")

    i = "rana-1950s-high-point"  # 1950s
    add(i, R, "right", "1950s", "the fifties", "50s", "the 1950's", "nineteen fifties")
    add(i, W, "wrong", "1960s", "the forties")
    add(i, W, "guess", "1950s or 1960s")

    i = "rana-wheat-share"  # 30%
    add(i, R, "right", "30%", "30 percent", "thirty percent", "30 per cent", "about 30%")
    add(i, W, "wrong", "40%", "3%", "30")

    i = "walt-2008"
    add(i, R, "right", "2008", "two thousand eight", "in 2008", "'08")
    add(i, W, "wrong", "2007", "2001")

    i = "walt-cato"  # Cato
    add(i, R, "right", "Cato", "cato", "the Cato Institute")
    add(i, W, "wrong", "heritage", "brookings")
    add(i, W, "guess", "cato heritage")

    i = "walt-liberal-hegemony-definition"  # hegemony
    add(i, R, "right", "hegemony", "hegemeny")
    add(i, W, "wrong", "internationalism", "primacy")
    add(i, W, "guess", "hegemony or primacy")

    i = "rana-bosnia"  # Bosnians; Bosnia
    add(i, R, "right", "Bosnians", "bosnia", "the bosnians", "the bosnian people")
    add(i, W, "wrong", "ukrainians", "serbs")

    i = "rana-progressive-international"  # a Progressive International
    add(i, R, "right", "progressive international", "the Progressive International")
    add(i, W, "wrong", "socialist international", "a progressive party")

    i = "rana-non-reformist"  # non-reformist
    add(i, R, "right", "non-reformist", "nonreformist", "non reformist", "non-reformist reforms")
    add(i, W, "opposite", "reformist")
    # "revolutionary" is the essay's own other name for it (¶39: "revolutionary, or “non-reformist,”
    # reforms"): right when the grader has the essay (bot.quiz.glosses, tests/quiz/test_quiz_glosses.py).
    add(i, W, "wrong", "incremental")

    i = "rana-tooze-total-war"  # total war
    add(i, R, "right", "total war", "a total war")
    add(i, W, "wrong", "a proxy war", "world war", "limited war")
    return t


def item_for(key: str, builtin: dict[str, QuizItem]) -> QuizItem:
    return CUSTOM[key] if key in CUSTOM else builtin[key]
