"""The essay index: SQLite embedding cache, vector index, keyword index, and the library
that keeps them in step with the essays."""
