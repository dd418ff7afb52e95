"""``inbound-report``: read the site audits from MongoDB and compare sites.

inbound-report table [--site SITE ...]            comparison table: one row a site, one column a category
inbound-report html -o report.html [--site ...]   self-contained HTML report (scorecards, SVG charts, history,
                                                  the start page's first screen)
inbound-report json -o audits.json [--site ...]   JSON export for other tools (``-o -`` for stdout)
inbound-report card --site SITE -o card.png       one site's scorecard as a picture (.png, .jpg) or a one-page
                                                  PDF (.pdf), for a slide, with the start page's first screen
                                                  when the crawl pictured it; drawn by Chromium

table, html and card take --lang fr|en|de|es|it|nl|pt: the one language of the whole output (default: the language
most of its sites are in when it is one of these, else English). json takes --lang for the advice it adds (default:
each site's language when it is one of these, else English).

Exit codes: 1 a site asked for has no audit; 2 a file cannot be written, or the arguments are wrong; 3 card found no
browser (the message says how to install one).
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
from inbound_spiders.rendering import BrowserNotFound
from inbound_spiders.report.card import CARD_FORMATS, card_format, draw_card
from inbound_spiders.report.data import export_document, load_first_screens, load_histories
from inbound_spiders.report.render import comparison_table, render_card, render_html
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
        help="language of the output (table, html, card) or of the advice (json); default: the sites' language when "
        "it is one of these, else en",
    )
    commands.add_parser("table", parents=[common, advice], help="print the comparison table")
    html = commands.add_parser("html", parents=[common, advice], help="write the HTML report")
    html.add_argument("-o", "--output", type=Path, default=Path("report.html"), help="file to write (report.html)")
    export = commands.add_parser("json", parents=[common, advice], help="export the audits as JSON")
    export.add_argument("-o", "--output", default="-", help="file to write, '-' for stdout (default)")
    card = commands.add_parser("card", parents=[common, advice], help="write one site's scorecard as a picture or PDF")
    card.add_argument(
        "-o", "--output", type=Path, default=Path("card.png"), help=f"file to write: {', '.join(CARD_FORMATS)}"
    )
    return parser


def _fail(code: int, message: str) -> NoReturn:
    print(f"inbound-report: {message}", file=sys.stderr)
    raise SystemExit(code)


def _write(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` (its folder created), or one line saying why not and exit code 2."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    except (FileExistsError, NotADirectoryError):
        # mkdir's or open's answer when a folder on the way is a file ("File exists" would say the opposite).
        folder = next((parent for parent in path.parents if parent.is_file()), path.parent)
        _fail(2, f"cannot write {path}: {folder} is a file, not a folder")
    except OSError as error:
        _fail(2, f"cannot write {path}: {error.strerror or error}")


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.command == "card":
        if len(set(args.site or [])) != 1:
            _fail(2, "card draws one site: give it one --site")
        if card_format(args.output) is None:
            _fail(2, f"cannot write a card as {args.output}: name it {', '.join(f'*{s}' for s in CARD_FORMATS)}")
    config = project_config(mongo_uri=args.uri, mongo_database=args.database)
    with MongoStore(config) as store:
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
        first_screens = load_first_screens(store.db, histories) if args.command in ("html", "card") else {}
    generated_at = utc_now_iso()
    if args.command == "table":
        print(comparison_table(histories, args.lang))
    elif args.command == "html":
        html = render_html(histories, generated_at=generated_at, language=args.lang, first_screens=first_screens)
        _write(args.output, html)
        print(f"Wrote {args.output} ({len(histories)} site(s))")
    elif args.command == "card":
        # The live site's card when it was also audited as archived (histories list the live one first).
        try:
            page = render_card(histories[0], language=args.lang, first_screens=first_screens)
            card = draw_card(page, str(card_format(args.output)), config.render_browser_path)
        except BrowserNotFound as error:
            _fail(3, f"no card drawn: {error}")
        _write(args.output, card)
        print(f"Wrote {args.output} ({histories[0].key})")
    else:
        text = json.dumps(export_document(histories, generated_at, args.lang), ensure_ascii=False, indent=2)
        if args.output == "-":
            print(text)
        else:
            _write(Path(args.output), text + "\n")
            print(f"Wrote {args.output} ({len(histories)} site(s))", file=sys.stderr)


if __name__ == "__main__":
    main()
