"""Reading the results: comparison table, self-contained HTML report and JSON export of the site audits."""

from inbound_spiders.report.cli import main

__all__ = ["main"]
