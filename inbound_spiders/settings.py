"""Scrapy settings of the inbound_spiders project. ``INBOUND_*`` settings are documented in the README."""

BOT_NAME = "inbound_spiders"
SPIDER_MODULES = ["inbound_spiders.spiders"]
NEWSPIDER_MODULE = "inbound_spiders.spiders"
# `scrapy crawl` checks the spider's -a arguments before starting (one line naming a bad one, exit code 2).
COMMANDS_MODULE = "inbound_spiders.commands"

# Polite by default: an honest User-Agent, robots.txt obeyed, adaptive throttling, few parallel requests per site.
USER_AGENT = "inbound_spiders/0.1 (+https://github.com/inbound-spiders/inbound_spiders; website audit bot)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts this many asyncio tasks for every response's output, whatever the output. The pipelines run each item
# through without waiting (storage writes from its own thread), so 100 (the default) only costs: 0.3 ms per page.
CONCURRENT_ITEMS = 16
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 10.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
# Breadth-first, so a page's recorded depth is its shortest click distance from the start page.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
RETRY_TIMES = 2
# A page larger than this is not an HTML page worth auditing; Scrapy logs and counts the cancellation.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
# Off: a page under DOWNLOAD_MAXSIZE is audited and is no problem, one over it is already logged by the cancellation.
# A warn size at or under the max size logs an over-size streamed page twice (Scrapy 2.19's download handler warns
# for it in the same chunk it cancels the download), a page between the two sizes once for no problem.
DOWNLOAD_WARNSIZE = 0
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# Scrapy's resolver, checking the address each connection is made to (link-local, metadata, private targets).
TWISTED_DNS_RESOLVER = "inbound_spiders.security.GuardedResolver"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
# Scrapy reads each callback's source with ast, for every site of a list (a crawler each), to warn about a generator
# returning a value; tests/test_spider_callbacks.py checks the project's callbacks once instead.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy's in-memory stats, without its per-call deprecation shim (inbound_spiders/stats.py).
STATS_CLASS = "inbound_spiders.stats.InboundStatsCollector"

ITEM_PIPELINES = {
    "inbound_spiders.pipelines.enrichment.EnrichmentPipeline": 300,
    "inbound_spiders.pipelines.validation.SchemaValidationPipeline": 800,
    "inbound_spiders.pipelines.storage.MongoStoragePipeline": 900,
}
EXTENSIONS = {
    "inbound_spiders.security.SecretsRedaction": 0,
    # Before RunRecorder's spider_closed handler, so the runs document holds the crawl's own peak memory.
    "inbound_spiders.extensions.PeakMemory": 100,
    "inbound_spiders.extensions.RunRecorder": 500,
    # Packages the WACZ of the pages read before the site audit (450) and the runs document (500) refer to it.
    "inbound_spiders.capture.CaptureRecorder": 400,
    # Before RunRecorder's spider_closed handler, so the audit's stats land in the runs document.
    "inbound_spiders.audit.extension.SiteAuditor": 450,
    "inbound_spiders.progress.AuditProgress": 600,
}
DOWNLOADER_MIDDLEWARES = {
    # An archived crawl's pages are served from the archive under their original URLs (inbound_spiders/archives.py):
    # before the target guard, which checks the archive host the middleware's own requests go to, and before
    # robots.txt (today's says nothing of the archive).
    "inbound_spiders.archives.ArchiveMiddleware": 45,
    # Before robots.txt (100) so that not even robots.txt is fetched from a refused host.
    "inbound_spiders.security.TargetGuardMiddleware": 50,
    # A page robots.txt (100) or the target guard refuses gives its place in the page budget back.
    "inbound_spiders.middlewares.RefusedPageRefund": 40,
    # After the target guard (a redirect to a refused address is a security refusal), before robots.txt: a redirect
    # off the site is not followed (the start URL's moves the site).
    "inbound_spiders.middlewares.OffsiteRedirectGuard": 55,
    # Scrapy's robots.txt middleware, except that an unreachable robots.txt (5xx, no answer) disallows all (RFC 9309).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "inbound_spiders.middlewares.RobotsTxtServerError": 100,
    # Hostile pages (inbound_spiders/middlewares.py; docs/reliability.md). process_response runs from the highest
    # number: redirect loops before the redirect middleware (600); body checks after decompression (590); failures
    # after the retry middleware (550) gave up.
    "inbound_spiders.middlewares.RedirectLoopGuard": 610,
    # Scrapy's decompression, except that a body its Content-Encoding does not decode is read as it came.
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "inbound_spiders.middlewares.LenientDecompression": 590,
    "inbound_spiders.middlewares.CharsetSanity": 589,
    "inbound_spiders.middlewares.BinaryGuard": 588,
    "inbound_spiders.middlewares.CharsetRepair": 587,
    "inbound_spiders.middlewares.AttributeBound": 586,
    "inbound_spiders.middlewares.DepthBound": 585,
    "inbound_spiders.middlewares.PartialPages": 545,
    "inbound_spiders.middlewares.DownloadFailureLog": 540,
}
SPIDER_MIDDLEWARES = {
    # Before URL length (800), after depth (900): endless URL families (calendars) followed a bounded number of times.
    "inbound_spiders.middlewares.TrapGuard": 850,
}

# Project settings: INBOUND_* (see README "Settings"), defaults in inbound_spiders/config.py.
