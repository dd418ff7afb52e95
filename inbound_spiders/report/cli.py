"""``inbound-report``: read the site audits from MongoDB and compare sites.

inbound-report table [--site SITE ...]            comparison table: one row a site, one column a category
inbound-report html -o report.html [--site ...]   self-contained HTML report (scorecards, SVG charts, history)
inbound-report json -o audits.json [--site ...]   JSON export for other tools (``-o -`` for stdout)

html takes --lang fr|en|de|es|it|nl|pt: the one language of the whole report (default: the language most of its sites
are in when it is one of these, else English). json takes --lang for the advice it adds (default: each site's
language when it is one of these, else English).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from inbound_spiders.config import project_config
from inbound_spiders.identity import utc_now_iso
from inbound_spiders.knowledge.words import LANGUAGES
from inbound_spiders.report.data import export_document, load_histories
from inbound_spiders.report.render import comparison_table, render_html
from inbound_spiders.store import SITE_AUDITS, MongoStore


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inbound-report", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--site", action="append", help="only this site (repeatable), e.g. benoithamon2017.fr")
    common.add_argument("--uri", help="MongoDB URI (default: INBOUND_MONGO_URI, else the embedded store)")
    common.add_argument("--database", help="database name (default: INBOUND_MONGO_DATABASE, else 'inbound')")
    commands = parser.add_subparsers(dest="command", required=True)
    advice = argparse.ArgumentParser(add_help=False)
    advice.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of the report (html) or of the advice (json); default: the sites' language when it is one of "
        "these, else en",
    )
    commands.add_parser("table", parents=[common], help="print the comparison table")
    html = commands.add_parser("html", parents=[common, advice], help="write the HTML report")
    html.add_argument("-o", "--output", type=Path, default=Path("report.html"), help="file to write (report.html)")
    export = commands.add_parser("json", parents=[common, advice], help="export the audits as JSON")
    export.add_argument("-o", "--output", default="-", help="file to write, '-' for stdout (default)")
    return parser


def _fail(code: int, message: str) -> NoReturn:
    print(f"inbound-report: {message}", file=sys.stderr)
    raise SystemExit(code)


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (its folder created), or one line saying why not and exit code 2."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(2, f"cannot write {path}: {error.strerror or error}")


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    with MongoStore(project_config(mongo_uri=args.uri, mongo_database=args.database)) as store:
        histories = load_histories(store.db, args.site)
        # A site asked for by name with no audit is a typo or a site never audited: say which ones are (exit 1), as
        # inbound-summary does.
        missing = [site for site in dict.fromkeys(args.site or []) if site not in {h.site for h in histories}]
        if missing:
            audited = sorted(str(site) for site in store.db[SITE_AUDITS].distinct("site") if site)
            _fail(
                1,
                f"no audit stored for {', '.join(map(repr, missing))}. "
                f"Sites audited: {', '.join(audited) if audited else 'none yet'}.",
            )
    generated_at = utc_now_iso()
    if args.command == "table":
        print(comparison_table(histories))
    elif args.command == "html":
        _write(args.output, render_html(histories, generated_at=generated_at, language=args.lang))
        print(f"Wrote {args.output} ({len(histories)} site(s))")
    else:
        text = json.dumps(export_document(histories, generated_at, args.lang), ensure_ascii=False, indent=2)
        if args.output == "-":
            print(text)
        else:
            _write(Path(args.output), text + "\n")
            print(f"Wrote {args.output} ({len(histories)} site(s))", file=sys.stderr)


if __name__ == "__main__":
    main()
