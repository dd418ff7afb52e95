"""inbound_spiders: is this site "inbound"? Scrapy spiders that audit websites for calls to action, share widgets,
videos, team pages and contribution platforms, with evidence stored in MongoDB."""

import sys

__version__ = "0.1.0"

# jsonschema's format checkers import rfc3987_syntax when it is installed (jsonschema[format-nongpl] installs it) for
# the "iri" and "iri-reference" formats, and building its grammar costs a second of CPU at every start of a crawl or
# command. No schema of the project uses those formats (tests/test_schemas.py checks it, and that every format they
# use is checked), so jsonschema is left without them.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
