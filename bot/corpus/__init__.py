"""Essays as data: parsing (front matter, numbered paragraphs), sentence-aware chunking, author
names and bios, the argument map and extractive key sentences.

Pure text work with no model, database or Discord: may import the shared root modules only, so
every other layer (the model's jobs included) can build on it.
"""
