"""Helpers engine plugins share: per-request token traces, model facts, prompt encoding, loading."""
