"""Word lists shared by retrieval, the tutor, grading and item generation: one place, one meaning.

- `FUNCTION_WORDS`: English words that carry no topic of their own (articles, pronouns,
  auxiliaries, prepositions, conjunctions, quantifiers).
- `QUESTION_WORDS`: what a learner's question is full of and a passage is not about ("which",
  "according", "essay", "say"): matching them says nothing about a passage.
- `CHAT_WORDS`: how people type in a chat ("pls", "tl;dr", "wdym"): never typos to correct and
  never topics.
- `PASSAGE_KIND_WORDS`: words for the kind of passage asked for ("her justice argument", "the nurse
  line", "the Carnegie bit"), never its topic.
- `RETRIEVAL_STOPWORDS`: what BM25 and coverage drop. bm25s's English list plus the question
  words; "us" stays, because in these essays it is usually "US".
"""

from __future__ import annotations

import bm25s

FUNCTION_WORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being it its this that these
those they them their theirs there here we our ours you your yours he she his her hers him i me my mine not no
nor so than then too very can could would should may might must will shall do does did done doing has have had
having into onto over under about above below up down out off again further once more most other others some
such only own same just also all any both each few many much what which who whom whose why how when where while
because until against between through during before after per via one two whether either neither upon within
without across among toward towards yet still even ever
""".split())

QUESTION_WORDS = frozenset({
    "which", "what", "whom", "whose", "who", "when", "where", "why", "how", "does", "did", "do", "done", "would",
    "could", "should", "can", "according", "essay", "essays", "author", "writer", "article", "say", "says",
    "said", "mention", "mentioned", "named", "describe", "describes", "explain", "tell", "me", "about", "think",
})

CHAT_WORDS = frozenset({
    "pls", "plz", "please", "thx", "thanks", "ty", "lol", "lmao", "tldr", "tl;dr", "tl", "dr", "wdym", "idk",
    "abt", "u", "ur", "ya", "yeah", "yep", "nope", "ok", "okay", "k", "hmm", "hm", "btw", "imo", "imho", "ppl",
    "smth", "sth", "bc", "cuz", "coz", "rly", "srsly", "tbh", "ngl", "pov", "eli5", "huh", "wait", "hey", "hi",
    "hello", "yo", "sup", "kinda", "sorta", "gonna", "wanna", "gotta", "dunno", "whats", "whos", "hows", "wheres",
    "thats", "dont", "doesnt", "didnt", "cant", "isnt", "wasnt", "para", "pg", "tho", "rn", "fr", "ig", "iirc",
    "afaik", "omg", "bro", "dude", "guys", "lemme", "gimme", "wat", "wats", "wut", "wuts", "r", "nah",
    "lowkey", "highkey", "bruh", "idc", "imma", "y'all", "yall", "smh", "ikr", "jk", "lmk", "tbf", "w", "b4",
})

PASSAGE_KIND_WORDS = frozenset({
    "argument", "arguments", "arg", "args", "point", "points", "line", "lines", "bit", "bits", "part", "parts",
    "section", "sections", "passage", "passages", "version", "summary", "stuff", "angle", "example", "examples",
})

RETRIEVAL_STOPWORDS = sorted((set(getattr(bm25s.stopwords, "STOPWORDS_EN", ())) | QUESTION_WORDS) - {"us"})
