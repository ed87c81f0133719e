"""Benchmarks: each measures the app beside the floor of the same work, in one run."""
