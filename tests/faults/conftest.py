"""Fault tests share the session-wide `embedder` fixture from tests/conftest.py."""
