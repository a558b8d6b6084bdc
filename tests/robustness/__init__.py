"""Robustness tests: a generated corpus of pathological pages and fuzzing of the in-process pipeline."""
