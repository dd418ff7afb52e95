"""Benchmarks of the inbound_spiders crawl: ``python -m benchmarks.bench`` (see ``docs/performance.md``)."""
