"""The essay index and search over it: the derived SQLite index and embedding cache (`store`),
dense search (`exact`, `ann` above a size, chosen by `vectors`), hybrid retrieval with BM25
(`retrieval`), the library that keeps all of it in step with the essays (`library`), and
uploads re-indexed from the progress database (`uploads`).

May import the shared root modules, `bot.corpus` and `bot.model` (the embedder); it reaches the
progress database only through the `UploadRecords` protocol the store implements.
"""
