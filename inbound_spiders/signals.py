"""The project's own Scrapy signals."""

#: A finding seen again in the same crawl (same ``key``) and not yielded again as an item. Arguments: ``item`` (the
#: stamped repeat, with the ``page_url`` it was seen on this time). Sent by
#: :class:`~inbound_spiders.repeats.RepeatedFindings`; storage counts it into the one document's ``page_count`` and
#: ``pages``.
finding_repeated = object()
