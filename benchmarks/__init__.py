"""stancekit's benchmark scripts: run them as ``python -m benchmarks.NAME`` from the repo root."""
