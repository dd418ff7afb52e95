"""The project's own Scrapy signals."""

#: Findings seen again in the same crawl (same ``key``) and not yielded again as items: a page's repeats, sent once
#: its findings are out. Argument: ``sightings``, a list of :class:`~inbound_spiders.repeats.Sighting` (key, kind,
#: the ``page_url`` the finding was seen on this time, ``crawled_at``). Sent by
#: :class:`~inbound_spiders.repeats.RepeatedFindings`; storage counts each into the one document's ``page_count``
#: and ``pages``.
findings_repeated = object()
