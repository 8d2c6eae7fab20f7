"""Benchmarks: each script runs alone (`python bench/NAME.py`); tests import the generators in common.py."""
