"""Essays and their chunking."""
