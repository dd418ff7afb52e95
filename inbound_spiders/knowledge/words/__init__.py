"""The words of each language the audit reads, one module per language (:mod:`.fr`, :mod:`.en`...)."""

#: The languages the audit has words and advice for: adding one is adding its module here and fixture cases.
LANGUAGES: tuple[str, ...] = ("fr", "en", "de", "es", "it", "nl", "pt")
