"""A test encoder that knows topics: a bag of words (CRC-32 buckets, never the salted `hash()`)
plus one strong dimension per topic, so sentences on one topic are close and sentences on
different topics far apart, as all-MiniLM puts them (docs: bot/quiz/generation/authors.py).
A plain bag of words cannot tell "another essay on the same subject" from "an unrelated essay"."""

from __future__ import annotations

import zlib

import numpy as np

SEA = {"coast", "coastal", "keepers", "keeper", "lamp", "lights", "light", "towns", "harbour", "shipyards",
       "port", "hulls", "docks", "dock", "river", "ships", "freighter", "fishermen", "shipwrecks", "sea",
       "boats", "welders'", "shipping", "container", "cranes", "towers", "lighthouse", "stations", "storm",
       "yards", "shipbuilding", "steel", "salt", "tides"}
FIRE = {"mills", "furnaces", "furnace", "coke", "smelting", "scrap", "metal", "blast", "valley",
        "valley's", "crews", "arc", "electric", "melted", "plain", "cities"}
TOPICS = (SEA, FIRE)
# function words carry no topic: in a bag they make any two sentences look alike
FUNCTION = {"the", "and", "of", "to", "a", "an", "in", "on", "by", "for", "that", "who", "was", "were", "is",
            "are", "their", "they", "it", "its", "with", "as", "at", "from", "once", "one", "after", "than",
            "more", "most", "every", "any", "other", "later", "old", "has", "had", "have", "be", "been"}
TOPIC_WEIGHT = 0.25


class TopicEncoder:
    def __init__(self, dim: int = 64):
        self.dim = dim

    def encode(self, texts):
        out = np.zeros((len(texts), self.dim + len(TOPICS)), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w.strip(".,;:“”\"()") for w in text.lower().split()]
            bag = np.zeros(self.dim, dtype=np.float32)
            for word in (w for w in words if w not in FUNCTION):
                bag[zlib.crc32(word.encode()) % self.dim] += 1.0
            if np.linalg.norm(bag):
                bag /= np.linalg.norm(bag)
            out[row, :self.dim] = bag
            for t, topic in enumerate(TOPICS):
                out[row, self.dim + t] = TOPIC_WEIGHT * sum(w in topic for w in words)
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out
