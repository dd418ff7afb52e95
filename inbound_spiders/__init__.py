"""inbound_spiders: is this site "inbound"? Scrapy spiders that audit websites for calls to action, share widgets,
videos, team pages and contribution platforms, with evidence stored in MongoDB."""

__version__ = "0.1.0"
