"""Benchmarks of the Sirius Hub platform (see bench/README.md)."""
