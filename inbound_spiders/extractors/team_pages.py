"""Team pages: pages presenting the people behind the site.

A page is reported when two things hold:

* something says "this is about our people": a URL segment (``/equipe``, ``/about-us``, ``/organigramme``), the
  ``<title>`` or a content heading (équipe, qui sommes-nous, gouvernance, bureau, conseil d'administration, team,
  about us, who we are, leadership, board, staff, people...), team markup around the people found (``team-member``,
  ``et_pb_team_member``, ``tmm_member``, ``node--type-person``, ``org-chart``...) or a list of schema.org ``Person``;
* and the page actually shows a set of people: at least :data:`MIN_MEMBERS` person-like entries.

People are read from schema.org ``Person`` (JSON-LD and microdata) and from the page's text blocks: a block whose text
is a person-like name ("Jean DUPONT", "Anne-Sophie de La Tour", "J.-P. Martin"), a line "Name, role", "Role : Name",
"Name (role)", "Role : Name1, Name2 et Name3", or a bold name opening a paragraph. Each name is then given its card:
the largest enclosing element that holds no other name (a grid card, a table row, a list item), or, in flat article
markup, the blocks that follow it up to the next name or heading. The card gives the role (a ``role``/``position``/
``job``/``fonction`` class, the text after the name, or the short line after it), the photo, the biography length and
the links. Names listed without a role under a pole heading ("Porte-parole", "Pôle projet") take that heading as role.

Deliberately left out: bylines and article lists (a card carrying a date is an article, not a person), testimonials
(quotes, ``testimonial``/``review`` blocks, ``<blockquote>``), comments, navigation, sidebars and site header/footer,
and a lone name standing by itself with no role, photo, text or link (the candidate's name written in big letters
above a campaign organigramme is not one of the team).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from lxml import etree
from parsel import Selector

from inbound_spiders.extractors.common import HEAD_AND_LINK_TAGS, absolute_url, clean_text, fold
from inbound_spiders.items import TeamMember, TeamPage
from inbound_spiders.knowledge.words import team as team_words
from inbound_spiders.page.structured_data import StructuredData, first_text, has_type

if TYPE_CHECKING:
    from inbound_spiders.page.model import Page

logger = logging.getLogger(__name__)


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: keeps long vocabularies readable in the source."""
    return frozenset(text.split())


#: Fewest people a page must show to be a team page.
MIN_MEMBERS = 3

_MAX_DEPTH = 120
_MAX_ELEMENTS = 30_000
# Parliaments list up to ~750 members (Bundestag 736, Commons 650, Assemblée 577, Cámara de Diputados 500).
_MAX_MEMBERS = 800
_MAX_LINKS = 12
_MAX_LINE = 240

_HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_INLINE_TAGS = _words(
    "a abbr b bdi bdo big cite code data del dfn em font i ins kbd label mark nobr q s samp small span strike strong"
    " sub sup time tt u var"
)
_SKIP_TAGS = _words(
    "script style noscript template svg math nav aside form button select option textarea iframe object embed video"
    " audio canvas map blockquote head title meta link dialog input"
)
_IMAGE_TAGS = frozenset({"img", "picture", "amp-img", "wix-image"})
_LIST_OWNERS = frozenset({"li", "dd", "td", "th"})
_LINE_TAGS = _LIST_OWNERS | {"p", "span", "strong", "b", "a"}
_STOP_ASCENT = frozenset({"body", "html", "main"})
_CONTENT_TAGS = frozenset({"article", "main", "section"})

# Class/id fragments of blocks that hold names without being a team: bylines, comments, testimonials, site chrome.
# Plain substrings (``in`` on the lower-cased attribute) are much faster than one big regex on long class lists.
_SKIP_CLASS_FRAGMENTS = _words(
    "testimonial temoignage témoignage review byline author breadcrumb cookie comment sharedaddy sharebuttons "
    "share-buttons socialshare social-share sharing screen-reader sr-only visually-hidden entry-meta post-meta "
    "entry-footer pagination related-posts relatedposts widget-area sidebar site-header site-footer site_header "
    "site_footer main-header main-footer location-header location-footer masthead colophon navbar nav-menu "
    "main-menu menu-item mega-menu skip-link popup modal newsletter"
)
# Class fragments naming the role line of a member card (WordPress plugins, Divi, Drupal fields, Bootstrap...).
_ROLE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:role|position|poste|fonction|function|job|jobtitle|designation|occupation|subtitle|metier"
    r"|qualite|titre)(?:$|[\s_-])(?!(?:top|left|right|bottom|center|relative|absolute|static|sticky|fixed)\b)"
)
_ROLE_CLASS_HINTS = _words(
    "role position poste fonction function job designation occupation subtitle metier qualite titre"
)
# Class fragments of team markup: the card or one of its near ancestors.
_TEAM_CLASS = re.compile(
    r"(?<![a-z])(team|teams|equipe|staff|organigramme|org-?chart|trombinoscope|trombi|tmm|sptp|person|people|members?"
    r"|leadership|founders?|board)(?![a-z])"
)
_TEAM_CLASS_HINTS = _words(
    "team equipe staff organigram chart trombi tmm sptp person people member leader founder board"
)
# Fragments of an image URL, class or alt text that make it an icon, a logo or a placeholder rather than a portrait.
_ICON_HINTS = _words(
    "icon logo sprite emoji flag picto spacer pixel blank. arrow social twitter linkedin facebook instagram "
    "youtube tiktok mastodon .svg placeholder"
)
_BACKGROUND_URL = re.compile(r"background(?:-image)?\s*:[^;]*url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
_LAZY_BACKGROUND_ATTRS = ("data-bg", "data-background", "data-background-image", "data-bg-src", "data-src")
_LAZY_BACKGROUND_SET = frozenset(_LAZY_BACKGROUND_ATTRS)
_IMG_SOURCE_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-srcset", "src", "srcset")

_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;)\]])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[])\s+")
_QUOTE_START = re.compile(r"^[«“\"„‘'❝]")
_CONTACT_TEXT = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\+?\d[\d .()-]{7,}\d")
_DATE = re.compile(
    r"\b\d{1,2}(?:er)?\s+(?:janv|f[ée]vr|mars|avr|mai|juin|juil|ao[uû]t|sept|oct|nov|d[ée]c|jan|feb|mar|apr|may|jun"
    r"|jul|aug|sep|dec)[a-zéû]*\.?\s+\d{4}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
)
_DIGIT = re.compile(r"\d")
_NAME_BAD_CHARS = re.compile(r"[\d@#/\\|?!:;()\[\]{}«»\"“”=+*<>&%$€_,…]")
_NAME_JOINERS = re.compile(r"[-'’]")
# "J.", "J.-P.", and the two-letter initials of transliterated names ("Th.", "Ch.").
_INITIAL = re.compile(r"^[^\W\d_]h?\.(?:-?[^\W\d_]h?\.)*$")
_NAME_LIST_SPLIT = re.compile(r"\s*(?:,|;|\s+et\s+|\s+and\s+|\s+&\s+)\s*")
_LINE_SEPARATOR = re.compile(r"\s*(?:,|\s[-–—|/]\s|[–—|])\s*")
_COLON = re.compile(r"\s*:\s+")
_PARENTHESIS = re.compile(r"^(.+?)\s*\((.+)\)\s*$")
_LEADING_ARTICLE = re.compile(r"^(?:notre|nos|votre|our|the|la|le|les|l['’]|un|une|a|an)\s*", re.IGNORECASE)
_PROSE_LINK = re.compile(r"^(?:,|est|is|was|fut|était|etait|[-–—(])\s*", re.IGNORECASE)
_LIST_NUMBER = re.compile(r"^(?:n[°º]\s*)?\d{1,4}[.)]?\s+(?=[^\W\d_])", re.IGNORECASE)
_ORDINAL_PREFIX = re.compile(r"^\d{1,2}\.\s")
_SENTENCE_BREAK = re.compile(r"[.;!?]\s|[.;!?]$")
_GENERIC_LABEL = re.compile(r"\b(?:equipe|equipes|team|about|a propos|qui sommes|who we are|people|staff|meet)\b")
_TEAM_HEADING_MAX = 80
# Words that turn a would-be role into a clause of a sentence ("cofondatrice, a passé dix ans chez...").
_CLAUSE_WORDS = _words("a est sont ont fut etait avait sera is was has have were had will who qui dont which ou")

_PARTICLES = team_words.PARTICLES
_LEADING_PARTICLES = team_words.LEADING_PARTICLES
_HONORIFICS = frozenset(word for words in team_words.HONORIFICS.values() for word in words.split())
_POST_NOMINALS = team_words.POST_NOMINALS
# Capitalised words that start headings, menus, buttons, roles and party names but never a person's name.
_STOPWORDS = frozenset(word for words in team_words.NOT_NAME_WORDS.values() for word in words.split())
# A replacement character between two words of a name: a no-break space saved in Latin-1 on a page declared UTF-8.
_MOJIBAKE_SPACE = re.compile(r"(?<=[^\W\d_])\ufffd(?=[^\W\d_])")


def _listing_pattern() -> re.Pattern[str]:
    """Listing words of every language opening a short title: optional lead ("Liste des", "Elenco"), an optional
    number ("Les 91 Députés"), the listing word, then at most a few more words."""
    leads = "|".join(team_words.LISTING_LEADS.values())
    listings = "|".join(team_words.LISTING_TITLES.values())
    tail = team_words.LISTING_TITLE_MAX_WORDS
    return re.compile(rf"^(?:(?:{leads}) )?(?:\d+ )?(?:{listings})(?:$| )(?:\S+(?: |$)){{0,{tail}}}$")


_KEYWORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    *(
        (re.compile(pattern), label)
        for titles in team_words.TEAM_TITLES.values()
        for pattern, label in titles
        if label in ("organigramme", "org chart")
    ),
    *(
        (re.compile(pattern), label)
        for titles in team_words.TEAM_TITLES.values()
        for pattern, label in titles
        if label not in ("organigramme", "org chart")
    ),
    (_listing_pattern(), "listing"),
)
# Whether any keyword occurs: one pass before finding which (the listing pattern, anchored to a title's parts, is
# tried on each part below).
_ANY_KEYWORD = re.compile(
    "|".join(
        [
            *(f"(?:{pattern.pattern})" for pattern, _ in _KEYWORDS[:-1]),
            rf"\b(?:{'|'.join(team_words.LISTING_TITLES.values())})\b",
        ]
    )
)
# Fragments one of the keywords must contain: a cheap test before running the patterns.
_KEYWORD_STEMS = re.compile(
    "|".join(
        sorted(
            {re.escape(stem.strip()) for stems in team_words.TITLE_STEMS.values() for stem in stems.split(",")},
            key=len,
            reverse=True,
        )
    )
)
_ORG_CHART_LABELS = frozenset({"organigramme", "org chart"})
# URL words that make a team page wherever they appear in a segment, and whole segments that do on their own.
_URL_WORDS = frozenset(word for words in team_words.URL_WORDS.values() for word in words.split())
_URL_SEGMENTS = frozenset(word for words in team_words.URL_SEGMENTS.values() for word in words.split())
_URL_TOKEN_SPLIT = re.compile(r"[-_.+~ ]+")
_URL_SEGMENT_SUFFIX = re.compile(r"\.(?:html?|php|aspx?)$")

# Attributes reached through the elements ("//@class" also looks at every text and comment node).
_CLASSES_XPATH = etree.XPath("/descendant::*/@class", smart_strings=False)
_ITEMTYPES_XPATH = etree.XPath("/descendant::*/@itemtype", smart_strings=False)
_IDS_XPATH = etree.XPath("/descendant::*/@id", smart_strings=False)
# Cheap pre-check on all class names of the page: is there any team-like markup at all?
_TEAM_HINT_WORDS = _words(
    "team equipe staff member organigram org-chart orgchart person people tmm sptp trombi leadership founder"
)
_JSON_LD_TEXT_XPATH = etree.XPath("//script[contains(@type,'ld+json')]/text()", smart_strings=False)
_MAIN_XPATH = etree.XPath("//main | //*[@role='main']")
_TEXT_NODES_XPATH = etree.XPath("text()", smart_strings=False)
_HEADING_SIGNAL_TAGS = frozenset({"h1", "h2", "h3", "h4"})
_TITLE_XPATH = etree.XPath("//title/text()", smart_strings=False)
_OG_TITLE_XPATH = etree.XPath("//meta[@property='og:title']/@content", smart_strings=False)
_SITE_NAME_XPATH = etree.XPath("//meta[@property='og:site_name']/@content", smart_strings=False)
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|·:»]\s+")
_HEADING_SKIP_ANCESTORS = frozenset({"nav", "footer", "aside"})
_AUTHOR_KEYS = _words(
    "author creator editor publisher contributor reviewedBy accountablePerson copyrightHolder sponsor funder"
    " translator character actor director performer attendee organizer"
)
_AUTHOR_ITEMPROPS = _AUTHOR_KEYS | {"reviewer"}


# --------------------------------------------------------------------------------------------------------------------
# Pure helpers
# --------------------------------------------------------------------------------------------------------------------


def is_person_name(text: str) -> bool:
    """Whether ``text`` reads as a person's name.

    2 to 5 capitalised words (accents, hyphens and apostrophes allowed, ALL-CAPS surnames too), optional lower-case
    particles inside (de, du, van, von, d'...), initials ("J.-P.") and a leading honorific; no digits, no sentence
    punctuation, and no word that belongs to headings, menus, roles or plan names ("Direction", "Porte-parole", "Pro").
    """
    if not 3 <= len(text) <= 80 or _NAME_BAD_CHARS.search(text):
        return False
    tokens = _name_tokens(text.split())
    if not 2 <= len(tokens) <= 7:
        return False
    if not tokens[0][0].isupper():
        # A directory entry starting with its surname's particle: "de Lamotte Michel", "van Dam Els".
        if tokens[0] not in _LEADING_PARTICLES or len(tokens) < 3:
            return False
        tokens = tokens[1:]
    words = 0
    full_words = 0
    last = len(tokens) - 1
    for position, token in enumerate(tokens):
        lowered = token.lower()
        if 0 < position < last and token.islower() and lowered in _PARTICLES:
            continue
        if "." in token:
            if not _INITIAL.match(token):
                return False
            words += 1
            continue
        core = token[2:] if lowered[:2] in ("d'", "d’", "l'", "l’") and len(token) > 3 else token
        if len(core) < 2 or not core[0].isupper() or core[-1] in "-'’":
            return False
        parts = _NAME_JOINERS.split(core) if ("-" in core or "'" in core or "’" in core) else (core,)
        for part in parts:
            if not part.isalpha() or (part.lower() if part.isascii() else fold(part)) in _STOPWORDS:
                return False
        words += 1
        full_words += 1
    return 2 <= words <= 5 and full_words >= 1


def repair_mojibake(text: str) -> str:
    """``text`` as written when it is UTF-8 read as Latin-1 or Windows-1252 ("RochÃ© Hopkinson", "Simons Â| Lid"),
    the way pages whose header names the wrong charset come out; else ``text`` unchanged."""
    for encoding in ("cp1252", "latin-1"):
        try:
            return text.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
    return text.replace("\u00c2\u00a0", " ")


def _name_tokens(tokens: list[str]) -> list[str]:
    """The words of a would-be name without its leading titles ("mw. drs.", "Prof. Dr.", "Sig.") and closing letters
    ("MPA LLB", "MdL"), as long as two words are left."""
    start, end = 0, len(tokens)
    while end - start > 2 and _is_post_nominal(tokens[end - 1]):
        end -= 1
    while end - start > 2 and tokens[start].lower() in _HONORIFICS:
        start += 1
    return tokens[start:end]


def _is_post_nominal(token: str) -> bool:
    """Whether a name's last word is letters after it ("MPA", "MdB", "PhD", "Jr."), not a capitalised surname."""
    lowered = token.lower()
    if lowered not in _POST_NOMINALS:
        return False
    return lowered in ("jr.", "sr.") or token != token.capitalize()


def inverted_name(text: str, whole_link: bool = False) -> str | None:
    """The name of a directory entry written "Surname, First names" ("García Robles, María Isabel", "MARTIN, Jean"),
    as "First names Surname"; ``None`` for anything else. Two full names separated by a comma ("Ana Ruiz, Luis Gil")
    are two people, unless the entry is a whole link (a member list's profile link names one person)."""
    if text.count(",") != 1 or len(text) > 80:
        return None
    surname, given = (part.strip(" .") for part in text.split(","))
    if not surname or not given or len(surname.split()) > 4 or len(given.split()) > 4:
        return None
    if len(given.split()) > 1 and not whole_link:
        return None
    name = f"{given} {surname}"
    return name if is_person_name(name) else None


def split_names(text: str) -> list[str]:
    """Split an enumeration of names ("A, B et C", "A & B") into its parts, stripped; parts may be empty."""
    return [part.strip(" .") for part in _NAME_LIST_SPLIT.split(text.strip(" .;"))]


def clean_role(text: str | None) -> str | None:
    """Strip separators and punctuation around a role; ``None`` when nothing is left."""
    if not text:
        return None
    role = text.strip(" ,;:–—-|/.\u2022·")
    if role.startswith("(") and role.endswith(")"):
        role = role[1:-1].strip()
    if role.count("(") != role.count(")"):
        role = role.strip("()").strip()
    return role[:120] or None


def looks_like_role(text: str) -> bool:
    """Whether ``text`` can be a role or title: short, not a sentence, not a name, a date, a quote or contact data."""
    if not text or len(text) > 90 or len(text.split()) > 12:
        return False
    if _QUOTE_START.match(text) or has_contact_data(text) or has_date(text):
        return False
    # "1. Vorsitzende", "2. Vorsitzender": a German ordinal opening the role, not the end of a sentence.
    if _SENTENCE_BREAK.search(_ORDINAL_PREFIX.sub("", text).rstrip(".")) or not any(char.isalpha() for char in text):
        return False
    if _CLAUSE_WORDS.intersection(fold(text).split()):
        return False
    return not is_person_name(text)


def parse_line(text: str) -> list[tuple[str, str | None]]:
    """Read the people named on one line of text, with their role when the line gives one.

    Handles "Name", "Name, role", "Name – role", "Name (role)", "Name : role", "Role : Name", "Role : Name1, Name2
    et Name3" and bare enumerations "Name1, Name2, Name3". Returns ``[]`` when the line names nobody.
    """
    text = text.strip(" .;")
    if not text or len(text) > _MAX_LINE:
        return []
    if is_person_name(text):
        return [(text, None)]
    names = split_names(text)
    if len(names) >= 2 and all(is_person_name(name) for name in names):
        return [(name, None) for name in names]
    colon = _COLON.search(text)
    if colon:
        left, right = text[: colon.start()].strip(), text[colon.end() :].strip()
        if is_person_name(left):
            return [(left, _role_or_none(right))]
        names = split_names(right)
        if names and all(is_person_name(name) for name in names) and looks_like_role(left):
            return [(name, clean_role(left)) for name in names]
    parenthesis = _PARENTHESIS.match(text)
    if parenthesis and is_person_name(parenthesis.group(1).strip()):
        return [(parenthesis.group(1).strip(), _role_or_none(parenthesis.group(2)))]
    separator = _LINE_SEPARATOR.search(text)
    if separator:
        left, right = text[: separator.start()].strip(), text[separator.end() :].strip()
        if is_person_name(left):
            return [(left, _role_or_none(right))]
        if is_person_name(right) and looks_like_role(left):
            return [(right, clean_role(left))]
    return []


def _role_or_none(text: str) -> str | None:
    """``text`` cleaned as a role when it reads like one (``Directrice de campagne``), else ``None``."""
    role = clean_role(text)
    return role if role and looks_like_role(role) else None


def prose_role(rest: str) -> str | None:
    """The role stated right after a name opening a paragraph: ", cofondatrice, a..." or " est notre directeur."."""
    link = _PROSE_LINK.match(rest.strip())
    if not link:
        return None
    phrase = re.split(r"[,.;:)]", rest.strip()[link.end() :], maxsplit=1)[0].strip()
    phrase = _LEADING_ARTICLE.sub("", phrase)
    if not phrase or len(phrase.split()) > 8 or _DIGIT.search(phrase):
        return None
    return phrase if looks_like_role(phrase) else None


def leading_name(text: str) -> str | None:
    """The person's name opening a paragraph ("Claire Martin, cofondatrice, a...", "Hugo Petit est..."), if any."""
    tokens = text[:120].split(maxsplit=7)[:7]
    # Only the run of capitalised words (and particles) at the start can be a name.
    run = 0
    while run < len(tokens) - 1 and (tokens[run][:1].isupper() or (run and tokens[run] in _PARTICLES)):
        run += 1
    for length in range(min(6, run), 1, -1):
        candidate = " ".join(tokens[:length])
        following = tokens[length]
        trailing_comma = candidate.endswith(",")
        candidate = candidate.rstrip(",")
        if not is_person_name(candidate):
            continue
        if trailing_comma or following[:1].islower() or following[:1] in "–—-(":
            return candidate
    return None


def has_date(text: str) -> bool:
    """Whether ``text`` shows a calendar date ("12 mars 2024", "March 12, 2024", "2024-03-12", "12/03/2024")."""
    return _DIGIT.search(text) is not None and _DATE.search(text.lower()) is not None


def has_contact_data(text: str) -> bool:
    """Whether ``text`` carries an e-mail address, a web address or a phone number."""
    return ("@" in text or "http" in text or "www." in text or _DIGIT.search(text) is not None) and (
        _CONTACT_TEXT.search(text) is not None
    )


@lru_cache(maxsize=8192)
def keyword_label(text: str) -> str | None:
    """The team keyword a title or heading carries ("équipe", "organigramme", "about us"...), or ``None``."""
    if len(text) > 200:
        return None
    lowered = text.lower()
    if not _KEYWORD_STEMS.search(lowered):
        return None
    if not lowered.isascii():
        lowered = fold(lowered)
    folded = clean_text(lowered).replace("’", "'")
    # Each part of a title counts on its own: "Elenco Consiglieri - Consiglio Grande e Generale".
    if not folded or not _ANY_KEYWORD.search(folded):
        return None
    for part in _TITLE_SEPARATOR.split(folded):
        part = part.strip(" :")
        for pattern, label in _KEYWORDS:
            if pattern.search(part):
                return label
    return None


def url_signal(page_url: str) -> str | None:
    """The path segment of ``page_url`` that names a team page (``/equipe``, ``/about-us``...), or ``None``."""
    try:
        path = urlsplit(page_url).path
    except ValueError:
        return None
    # Only the page's own (last) segment counts: /a-propos/partenaires is about partners, not the team.
    for segment in reversed(unquote(path).split("/")):
        folded = _URL_SEGMENT_SUFFIX.sub("", fold(segment))
        if not folded or folded in ("index", "default"):
            continue
        if folded in _URL_SEGMENTS or _URL_WORDS.intersection(_URL_TOKEN_SPLIT.split(folded)):
            return "/" + segment[:80]
        return None
    return None


def name_key(name: str) -> str:
    """Identity of a person's name for de-duplication: accents, case, spacing, titles and closing letters ignored
    ("mw. drs. Jennifer Simons" in an image's alt and "Jennifer Simons" in the heading are one person)."""
    return " ".join(_name_tokens(fold(name).split()))


def _contains_any(text: str, fragments: Iterable[str]) -> bool:
    """Whether any of ``fragments`` occurs in ``text``."""
    # map() over the bound C method runs without a Python frame per fragment, unlike any(<genexpr>).
    return any(map(text.__contains__, fragments))


def _has_role_class(element: etree._Element, hints: tuple[str, ...]) -> bool:
    """Whether an element's class names it as the role line of a card (``et_pb_member_position``, ``tmm_job``...);
    ``hints`` are the role words that occur somewhere in the page's classes."""
    classes = element.get("class")
    if not classes or not hints:
        return False
    classes = classes.lower()[:500]
    return _contains_any(classes, hints) and bool(_ROLE_CLASS.search(classes))


def _to_int(value: str | None) -> int | None:
    """An HTML ``width``/``height`` value (``48``, ``48px``) as an integer; ``None`` when empty, not a whole number or
    absurdly large."""
    if not value:
        return None
    digits = value.strip().removesuffix("px")
    return int(digits) if digits.isdigit() and len(digits) < 7 else None


def is_portrait_image(element: etree._Element) -> bool:
    """Whether an ``<img>``-like element can be a portrait: has a source, is not an icon, logo, sprite or SVG."""
    if element.tag == "picture":
        return True
    source = ""
    for attribute in _IMG_SOURCE_ATTRS:
        source = (element.get(attribute) or "").strip()
        if source:
            break
    if not source or source.startswith("data:image/svg"):
        return False
    hints = f"{source[:300]} {element.get('class') or ''} {element.get('alt') or ''}"
    if _contains_any(hints.lower(), _ICON_HINTS):
        return False
    width, height = _to_int(element.get("width")), _to_int(element.get("height"))
    return not ((width is not None and width <= 48) or (height is not None and height <= 48))


def has_background_photo(element: etree._Element, names: list[str] | None = None) -> bool:
    """Whether an element shows a picture as CSS background (inline style or lazy-load ``data-bg``); ``names`` are
    its attribute names when already known."""
    names = element.keys() if names is None else names
    if "style" not in names and _LAZY_BACKGROUND_SET.isdisjoint(names):
        return False
    style = element.get("style")
    if style and "url(" in style:
        match = _BACKGROUND_URL.search(style)
        if match and match.group(1) and not _contains_any(match.group(1).lower(), _ICON_HINTS):
            return True
    if element.tag in _IMAGE_TAGS:
        return False
    for attribute in _LAZY_BACKGROUND_ATTRS:
        value = element.get(attribute)
        if value and not _contains_any(value[:300].lower(), _ICON_HINTS):
            return True
    return False


def _web_url(href: str | None, base_url: str) -> str | None:
    """``href`` as an absolute http(s) URL (resolved against ``base_url``); ``None`` for empty, fragment, ``mailto:``
    and other non-web links."""
    url = absolute_url(href[:2000] if href else href, base_url)
    return url if url and url.lower().startswith(("http://", "https://")) else None


# --------------------------------------------------------------------------------------------------------------------
# Walking the page into text chunks
# --------------------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Chunk:
    """The inline text of one block (or one ``<br>``-separated line of it), in page order."""

    owner: etree._Element
    text: str
    inlines: list[tuple[str, str]]
    links: list[str]
    link_only: bool
    heading: int
    role_class: bool
    bold_only: bool
    photo: bool
    line_break: bool


@dataclass(slots=True)
class _Entry:
    """A person read from one chunk."""

    name: str
    role: str | None
    chunk: int
    kind: str  # "name" (the chunk is the name), "line" (name and role), "multi" (several names), "prose"
    bio: int = 0


@dataclass(slots=True)
class _Member:
    """A member being assembled, with where it was found."""

    name: str
    role: str | None
    has_photo: bool
    bio_length: int
    links: list[str]
    position: int
    source: str  # "card", "line", "prose", "schema"
    label: str | None = None
    depth: int = 0
    markup: str | None = None
    big_heading: bool = False
    element: etree._Element | None = None
    """The element holding the name (``None`` for schema.org JSON-LD)."""


class _Walker:
    """Turns the content of a page into :class:`_Chunk` in document order, skipping page chrome and noise."""

    def __init__(self, page_classes: str) -> None:
        """Prepare a walk: only the skip fragments and role class hints present in the page's classes are tested on each
        element."""
        # Only the fragments present somewhere in the page need testing on each element.
        present = sorted(fragment for fragment in _SKIP_CLASS_FRAGMENTS if fragment in page_classes)
        self.skip_pattern = re.compile("|".join(map(re.escape, present))) if present else None
        self.role_hints = tuple(hint for hint in _ROLE_CLASS_HINTS if hint in page_classes)
        self.chunks: list[_Chunk] = []
        self.spans: dict[etree._Element, tuple[int, int]] = {}
        self.visited = 0
        self._owner: etree._Element | None = None
        self._parts: list[str] = []
        self._link_parts: list[str] = []
        self._links: list[str] = []
        self._inlines: list[tuple[int, int, str, etree._Element]] = []
        self._generation = 0
        self._link_depth = 0
        self._photo = False
        self._after_break = False

    def walk(self, root: etree._Element) -> None:
        """Walk ``root`` and everything under it."""
        self._visit(root, root, 0, in_content=False)
        self._flush(line_break=False)

    def _add(self, text: str | None, owner: etree._Element) -> None:
        """Append a piece of text to the current chunk, closing it first when the text belongs to another element."""
        if not text:
            return
        if self._owner is not owner:
            self._flush(line_break=False)
            self._owner = owner
        self._parts.append(text)
        if self._link_depth:
            self._link_parts.append(text)

    def _flush(self, *, line_break: bool) -> None:
        """Close the current chunk into a :class:`_Chunk` (text, inline parts, links, heading level, role class, photo
        and line-break flags); links without text go to the previous chunk."""
        if not self._parts and not self._links:
            self._owner = None
            return
        self._generation += 1
        owner, parts = self._owner, self._parts
        raw = "".join(parts)
        if "\ufffd" in raw:
            raw = _MOJIBAKE_SPACE.sub(" ", raw)
        if "\u00c2" in raw or "\u00c3" in raw:
            raw = repair_mojibake(raw)
        text = clean_text(raw) if raw.strip() else ""
        if text and owner is not None:
            if " " in text:
                text = _SPACE_AFTER_OPEN.sub(r"\1", _SPACE_BEFORE_PUNCT.sub(r"\1", text))
            inlines = []
            bold_only = False
            role_class = bool(self.role_hints) and _has_role_class(owner, self.role_hints)
            for start, end, tag, element in self._inlines[:16]:
                inline_text = clean_text("".join(parts[start:end]))
                if not inline_text:
                    continue
                inlines.append((inline_text, tag))
                if len(inline_text) >= len(text) - 1:
                    bold_only = bold_only or tag in ("strong", "b")
                    role_class = role_class or (bool(self.role_hints) and _has_role_class(element, self.role_hints))
            link_text = clean_text("".join(self._link_parts)) if self._link_parts else ""
            self.chunks.append(
                _Chunk(
                    owner=owner,
                    text=text[:2000],
                    inlines=inlines,
                    links=self._links,
                    link_only=len(link_text) >= len(text) - 2,
                    heading=_HEADING_LEVELS.get(owner.tag, 0),
                    role_class=role_class,
                    bold_only=bold_only,
                    photo=self._photo,
                    line_break=line_break or self._after_break,
                )
            )
            self._photo = False
            self._after_break = line_break
        elif self._links and self.chunks:
            # Icon-only links (social profiles) belong with the text just before them.
            self.chunks[-1].links.extend(self._links)
        self._parts, self._link_parts, self._links, self._inlines = [], [], [], []
        self._owner = None

    def _skipped(self, element: etree._Element, tag: str, names: list[str], in_content: bool) -> bool:
        """Whether to leave out an element and its subtree: non-content tags, the page's header and footer, hidden
        elements, classes or ids matching a skip fragment."""
        if tag in _SKIP_TAGS:
            return True
        if tag in ("header", "footer") and (not in_content or element.get("role") in ("banner", "contentinfo")):
            return True
        if not names:
            return False
        if "hidden" in names:
            return True
        style = element.get("style") if "style" in names else None
        if style and "none" in style and "display:none" in style.replace(" ", "").lower():
            return True
        classes, identifier = element.get("class"), element.get("id")
        if identifier == "footer" or (classes and "footer" in classes.split()):
            # The page's footer written as a plain block (``<div id="footer">``).
            return True
        if self.skip_pattern is None or not (classes or identifier):
            return False
        return self.skip_pattern.search(f"{classes or ''} {identifier or ''}"[:500].lower()) is not None

    def _visit(self, element: etree._Element, owner: etree._Element, depth: int, *, in_content: bool) -> None:
        """Walk ``element`` into chunks: a block element owns its text, an inline one adds to its owner's chunk; images
        and backgrounds mark a photo, ``<br>`` ends a line; records each element's chunk span; bounded in depth and
        elements."""
        tag = element.tag
        if not isinstance(tag, str):
            return
        self.visited += 1
        if depth > _MAX_DEPTH or self.visited > _MAX_ELEMENTS:
            return
        names = element.keys()
        if depth and tag not in ("body", "html") and self._skipped(element, tag, names, in_content):
            return
        if tag == "br":
            self._flush(line_break=True)
            return
        if tag in _IMAGE_TAGS:
            self._photo = self._photo or is_portrait_image(element)
            return
        if names and not self._photo and has_background_photo(element, names):
            self._photo = True
        in_content = in_content or tag in _CONTENT_TAGS
        if tag in _INLINE_TAGS:
            start_chunk = len(self.chunks)
            self._add(" ", owner)
            if tag == "a":
                href = element.get("href")
                if href:
                    self._links.append(href)
                self._link_depth += 1
            generation, first_part = self._generation, len(self._parts)
            self._add(element.text, owner)
            for child in element:
                self._visit(child, owner, depth + 1, in_content=in_content)
                self._add(child.tail, owner)
            if generation == self._generation and len(self._parts) > first_part:
                self._inlines.append((first_part, len(self._parts), tag, element))
            self._add(" ", owner)
            if tag == "a":
                self._link_depth -= 1
            self.spans[element] = (start_chunk, len(self.chunks) + (1 if self._parts else 0))
            return
        self._flush(line_break=False)
        start_chunk = len(self.chunks)
        self._add(element.text, element)
        for child in element:
            self._visit(child, element, depth + 1, in_content=in_content)
            self._add(child.tail, element)
        self._flush(line_break=False)
        self.spans[element] = (start_chunk, len(self.chunks))


# --------------------------------------------------------------------------------------------------------------------
# Reading people
# --------------------------------------------------------------------------------------------------------------------


def _chunk_entries(chunk: _Chunk, index: int) -> list[_Entry]:
    """People named by one chunk: a name, a line naming people (see :func:`parse_line`, also when the name is a bold
    or linked span opening it), or a paragraph opening with a name (kind ``prose``)."""
    text = chunk.text
    if chunk.role_class:
        return []
    opening = None
    for inline_text, _tag in chunk.inlines[:4]:
        if inline_text != text and text.startswith(inline_text) and is_person_name(inline_text):
            opening = inline_text
            break
    numbered = _LIST_NUMBER.match(text) if text[:1].isdigit() or text[:1] in "Nn" else None
    if numbered and is_person_name(text[numbered.end() :].strip(" .;")):
        # A numbered member list: "1 Abdala Carmona Yahleel", "12. Anna Berg", "N° 7 Jean Dupont".
        return [_Entry(text[numbered.end() :].strip(" .;"), None, index, "name")]
    if len(text) <= _MAX_LINE:
        # "<strong>Emre Kaya</strong>, Buchhaltung": a bold or linked full name opening the line is the name, and a
        # capitalised noun after the comma its role, not a first name ("Kaya, Emre").
        name_then_role = opening is not None and text[len(opening) :].lstrip().startswith(",")
        inverted = None if name_then_role else inverted_name(text, chunk.link_only)
        if inverted:
            return [_Entry(inverted, None, index, "name")]
        names = split_names(text)
        if len(names) >= 2 and all(is_person_name(name) for name in names):
            return [_Entry(name, None, index, "multi") for name in names]
        if is_person_name(text.strip(" .;")):
            return [_Entry(text.strip(" .;"), None, index, "name")]
        if opening:
            role = _role_or_none(text[len(opening) :])
            if role or not text[len(opening) :].strip(" ,;:–—-|/"):
                return [_Entry(opening, role, index, "line")]
        pairs = parse_line(text)
        if len(pairs) > 1:
            return [_Entry(name, role, index, "multi") for name, role in pairs]
        if pairs and (pairs[0][1] is not None or len(text) - len(pairs[0][0]) < 40):
            return [_Entry(pairs[0][0], pairs[0][1], index, "line")]
        if not pairs:
            for inline_text, _tag in chunk.inlines:
                if inline_text != text and is_person_name(inline_text):
                    role = _role_or_none(text.replace(inline_text, " ", 1))
                    if role:
                        return [_Entry(inline_text, role, index, "line")]
    name = opening or leading_name(text)
    if name and len(text) - len(name) >= 40:
        rest = text[len(name) :]
        return [_Entry(name, prose_role(rest), index, "prose", len(rest.strip(" ,")))]
    return []


def _is_label(chunk: _Chunk) -> bool:
    """Whether a chunk titles what follows: a heading, a bold-only line, a "Pôle projet :" line or a ``<dt>``."""
    if len(chunk.text) > 80:
        return False
    if not (chunk.heading or chunk.bold_only or chunk.text.endswith(":") or chunk.owner.tag == "dt"):
        return False
    return not has_date(chunk.text)


def _is_testimonial(texts: list[str]) -> bool:
    """Whether the text around a name is a quote: the name signs a testimonial, it is not a team member's card."""
    return any(_QUOTE_START.match(text) for text in texts)


def _card_media(card: etree._Element, base_url: str) -> tuple[bool, list[str]]:
    """Photo and links of an element card (one pass over its subtree)."""
    photo = False
    links: list[str] = []
    for count, element in enumerate(card.iter()):
        if count > 400:
            break
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag == "a":
            url = _web_url(element.get("href"), base_url)
            if url and url not in links and len(links) < _MAX_LINKS:
                links.append(url)
        elif tag in _IMAGE_TAGS:
            photo = photo or is_portrait_image(element)
        elif not photo and tag != "svg":
            photo = has_background_photo(element)
    return photo, links


def _team_markup(owner: etree._Element, card: etree._Element | None) -> str | None:
    """The team class word (``team``, ``staff``, ``org-chart``...) between a name's block and its card, or on one of
    the card's three nearest ancestors."""
    element: etree._Element | None = owner
    beyond = 0
    for _ in range(40):
        if element is None or element.tag in _STOP_ASCENT or beyond > 3:
            return None
        classes = (element.get("class") or "").lower()[:500]
        found = _TEAM_CLASS.search(classes) if _contains_any(classes, _TEAM_CLASS_HINTS) else None
        if found:
            return found.group(1)
        if beyond or element is card or card is None:
            beyond += 1
        element = element.getparent()
    return None


class _Reader:
    """Builds members from the walked chunks."""

    def __init__(self, chunks: list[_Chunk], spans: dict[etree._Element, tuple[int, int]], base_url: str) -> None:
        """Hold the walked chunks and element spans; :meth:`read` fills the entries, prose and section labels."""
        self.chunks = chunks
        self.spans = spans
        self.base_url = base_url
        self.entries: list[_Entry] = []
        self.prose: list[_Entry] = []
        self.labels: list[str | None] = []
        self.after_label: list[bool] = []
        self.entry_chunks: set[int] = set()

    def read(self) -> None:
        """Parse every chunk for people and track the section label each one sits under."""
        label: str | None = None
        previous_label = False
        for index, chunk in enumerate(self.chunks):
            entries = _chunk_entries(chunk, index)
            self.labels.append(label)
            self.after_label.append(previous_label)
            if entries and entries[0].kind == "prose":
                # Paragraphs opening with a name only count when the page lists nobody otherwise.
                self.prose.extend(entries)
                previous_label = False
                continue
            if entries:
                self.entries.extend(entries)
                self.entry_chunks.add(index)
                previous_label = False
                continue
            previous_label = _is_label(chunk)
            if previous_label:
                label = chunk.text.rstrip(" :")

    def members(self, entries: list[_Entry]) -> list[_Member]:
        """Turn entries into members: find each one's card, then its role, photo, biography and links."""
        names_under: dict[etree._Element, set[str]] = {}
        for entry in entries:
            element: etree._Element | None = self.chunks[entry.chunk].owner
            key = name_key(entry.name)
            while element is not None:
                names_under.setdefault(element, set()).add(key)
                element = element.getparent()
        members = []
        for entry in entries:
            member = self._member(entry, names_under)
            if member is not None:
                members.append(member)
        return members

    def _card(self, entry: _Entry, names_under: dict[etree._Element, set[str]]) -> etree._Element | None:
        """The largest element around a name that holds no other name (``None`` for lines sharing a block)."""
        owner = self.chunks[entry.chunk].owner
        if entry.kind == "multi" or len(names_under.get(owner, ())) != 1 or self.chunks[entry.chunk].line_break:
            return None
        card = owner
        for _ in range(8):
            parent = card.getparent()
            if parent is None or parent.tag in _STOP_ASCENT or len(names_under.get(parent, ())) != 1:
                break
            if card.tag == "li" and sum(1 for sibling in parent if sibling.tag == "li") >= _MIN_CARDS:
                # An item of a list is a card of its own: a menu's last link does not take what follows the list.
                break
            card = parent
        return card

    def _member(self, entry: _Entry, names_under: dict[etree._Element, set[str]]) -> _Member | None:
        """Build the member for one entry, or ``None`` when it is a byline, a testimonial or a lone bare name."""
        chunks = self.chunks
        chunk = chunks[entry.chunk]
        card = self._card(entry, names_under)
        span = self._span(card)
        virtual = span is None or (card is chunk.owner and span[1] - span[0] <= 1)
        if virtual:
            span = self._virtual_span(entry, card)
        indexes = [index for index in range(span[0], span[1]) if index != entry.chunk]
        role = entry.role
        role_index = None
        if role is None:
            role, role_index = self._card_role(entry, indexes)
        bio_texts = []
        for index in indexes:
            other = chunks[index]
            if index == role_index or other.link_only or other.heading or other.role_class or len(other.text) < 3:
                continue
            if has_contact_data(other.text) and len(_CONTACT_TEXT.sub("", other.text)) < 40:
                # An e-mail or phone line ("Contact : x@y.fr – 02 97 ..."), not a biography.
                continue
            bio_texts.append(other.text)
        if _is_testimonial(bio_texts):
            return None
        if has_date(chunk.text) or any(has_date(chunks[index].text) for index in indexes):
            return None
        if self._dated_context(chunk.owner if virtual else card):
            return None
        bio_length = entry.bio + (len(" ".join(bio_texts)) if bio_texts else 0)
        if entry.kind == "prose":
            has_photo, links = _card_media(chunk.owner, self.base_url)
            card = None
        elif card is not None and not virtual:
            has_photo, links = _card_media(card, self.base_url)
        else:
            has_photo = chunk.photo or any(chunks[index].photo for index in indexes)
            raw_links = list(chunk.links)
            for index in indexes:
                raw_links.extend(chunks[index].links)
            links = []
            for href in raw_links:
                url = _web_url(href, self.base_url)
                if url and url not in links and len(links) < _MAX_LINKS:
                    links.append(url)
            card = None
        markup = _team_markup(chunk.owner, card)
        label = self.labels[entry.chunk]
        list_context = entry.kind == "multi" or chunk.owner.tag in _LIST_OWNERS or chunk.line_break
        if role is None and not has_photo and not bio_length and not links and entry.kind in ("name", "multi"):
            # A bare name: keep it when listed among others or right under a label, else it is a lone heading.
            after_label = self.after_label[entry.chunk] and label is not None and not keyword_label(label)
            if not (list_context or after_label):
                return None
            if label and not _GENERIC_LABEL.search(fold(label)):
                role = clean_role(label)
        source = "card" if card is not None and not virtual and (span[1] - span[0] > 1 or has_photo) else "line"
        if entry.kind == "prose":
            source = "prose"
        return _Member(
            name=entry.name,
            role=role,
            has_photo=has_photo,
            bio_length=bio_length,
            links=links,
            position=entry.chunk,
            source=source,
            label=label,
            depth=_list_depth(chunk.owner),
            markup=markup,
            big_heading=virtual and entry.kind == "name" and chunk.heading in (1, 2),
            element=chunk.owner,
        )

    def _span(self, element: etree._Element | None) -> tuple[int, int] | None:
        """Chunk indexes ``[start, end)`` covered by an element (an inline element's pending text may never have
        become a chunk, hence the clamp)."""
        span = self.spans.get(element) if element is not None else None
        return (min(span[0], len(self.chunks)), min(span[1], len(self.chunks))) if span else None

    def _dated_context(self, element: etree._Element | None) -> bool:
        """Whether the small block around a name carries a date: an article teaser, a byline or an event, not a team."""
        if element is not None and element.tag in _LINE_TAGS:
            element = element.getparent()
        span = self._span(element)
        if element is None or span is None or span[1] - span[0] > 8:
            return False
        if any(has_date(self.chunks[index].text) for index in range(*span)):
            return True
        return next(element.iter("time"), None) is not None

    def _virtual_span(self, entry: _Entry, card: etree._Element | None) -> tuple[int, int]:
        """Chunks describing a name that has no card element of its own.

        After a ``<br>``-separated name, the following lines of the same block; after a name standing alone in flat
        markup (a heading, a bold paragraph), the blocks after it; in both cases up to the next name, label or heading.
        """
        chunks = self.chunks
        chunk = chunks[entry.chunk]
        start = end = entry.chunk
        end += 1
        same_block = chunk.line_break
        if entry.kind == "multi" or (not same_block and (card is None or chunk.owner.tag in _LIST_OWNERS)):
            return start, end
        if not same_block and entry.kind != "name":
            return start, end
        size = 0
        while end < len(chunks) and end - start <= 5 and size <= 2000:
            other = chunks[end]
            if end in self.entry_chunks or other.heading or _is_label(other):
                break
            if same_block and other.owner is not chunk.owner:
                break
            size += len(other.text)
            end += 1
        return start, end

    def _kicker_role(
        self, entry: _Entry, indexes: list[int], following: list[int]
    ) -> tuple[str | None, int | None] | None:
        """The role a card shows as a short line just above the name ("PORTE-PAROLE" over "Awa Sissoko"), and its
        chunk, when the card has no short line after the name to take instead (nothing, or a sentence: a bio)."""
        before = entry.chunk - 1
        if before not in indexes or self.chunks[entry.chunk].owner.tag in ("td", "th", "dd"):
            return None
        candidate = self.chunks[before]
        if candidate.heading or candidate.link_only or not looks_like_role(candidate.text):
            return None
        if following and not self.chunks[following[0]].text.rstrip().endswith((".", "!", "…")):
            return None
        return clean_role(candidate.text), before

    def _card_role(self, entry: _Entry, indexes: list[int]) -> tuple[str | None, int | None]:
        """The role shown in a card and the chunk it comes from: a role-class line, else a short line above the name
        followed by nothing or by a sentence, else the short line after the name, else (tables) the cell before it,
        else (definition lists) the ``<dt>`` above it."""
        chunks = self.chunks
        for index in indexes:
            if chunks[index].role_class and looks_like_role(chunks[index].text):
                return clean_role(chunks[index].text), index
        owner_tag = chunks[entry.chunk].owner.tag
        following = [index for index in indexes if index > entry.chunk]
        kicker = self._kicker_role(entry, indexes, following)
        if kicker is not None:
            return kicker
        if following:
            candidate = chunks[following[0]]
            if not candidate.link_only and looks_like_role(candidate.text) and candidate.owner.tag != "dt":
                return clean_role(candidate.text), following[0]
        previous = [index for index in indexes if index < entry.chunk]
        if previous and owner_tag in ("td", "th"):
            candidate = chunks[previous[-1]]
            if candidate.owner.tag in ("td", "th") and looks_like_role(candidate.text):
                return clean_role(candidate.text), previous[-1]
        if owner_tag == "dd" and self.after_label[entry.chunk]:
            previous_chunk = chunks[entry.chunk - 1]
            if previous_chunk.owner.tag == "dt" and looks_like_role(previous_chunk.text):
                return clean_role(previous_chunk.text), None
        return None, None


def _list_depth(element: etree._Element) -> int:
    """How many ``<ul>``/``<ol>`` enclose ``element`` (30 levels at most): nested lists are how organigrammes show
    hierarchy."""
    depth = 0
    parent = element.getparent()
    for _ in range(30):
        if parent is None:
            break
        if parent.tag in ("ul", "ol"):
            depth += 1
        parent = parent.getparent()
    return depth


# --------------------------------------------------------------------------------------------------------------------
# schema.org Person
# --------------------------------------------------------------------------------------------------------------------


def _has_person_microdata(root: etree._Element) -> bool:
    """Whether a microdata type of the page names a ``Person`` (a cheap pre-check, made once per page)."""
    return any("Person" in kind for kind in _ITEMTYPES_XPATH(root))


def _person_data(page: Page, heads: _Heads, person_microdata: bool) -> StructuredData | None:
    """The page's structured data when it may declare a schema.org ``Person`` (a cheap test of JSON-LD texts and
    microdata types first: most pages have none, and are not read)."""
    if person_microdata or any("Person" in text for text in heads.json_ld):
        return page.structured_data
    return None


@dataclass(slots=True)
class _Heads:
    """What the page signals read besides the URL: the first ``<title>`` text and ``og:title`` (at most one each),
    the texts of the JSON-LD scripts and the ``h1``-``h4`` headings, in document order."""

    titles: list[str]
    og_titles: list[str]
    json_ld: list[str]
    headings: list[etree._Element]


def _page_heads(page: Page, root: etree._Element) -> _Heads:
    """The :class:`_Heads` of ``page``: one walk of the tree for the four (they were four XPath walks), shared with
    the contribution reader (:data:`~inbound_spiders.extractors.common.HEAD_AND_LINK_TAGS`); the same values as
    ``//title/text()``, ``//meta[@property='og:title']/@content``, ``//script[contains(@type,'ld+json')]/text()`` and
    the headings under ``root``."""
    if any(isinstance(sibling.tag, str) for sibling in (*root.itersiblings(), *root.itersiblings(preceding=True))):
        # Broken pages with several root elements: the queries reach every root, the walk only the first.
        return _Heads(
            _TITLE_XPATH(root)[:1],
            _OG_TITLE_XPATH(root)[:1],
            _JSON_LD_TEXT_XPATH(root),
            list(root.iter("h1", "h2", "h3", "h4")),
        )
    titles: list[str] = []
    og_titles: list[str] = []
    json_ld: list[str] = []
    headings: list[etree._Element] = []
    for element in page.elements(*HEAD_AND_LINK_TAGS):
        tag = element.tag
        if tag in _HEADING_SIGNAL_TAGS:
            headings.append(element)
        elif tag == "title":
            if not titles:
                titles = _TEXT_NODES_XPATH(element)[:1]
        elif tag == "meta":
            if not og_titles and element.get("property") == "og:title":
                content = element.get("content")
                if content is not None:
                    og_titles.append(content)
        elif tag == "script" and "ld+json" in (element.get("type") or ""):
            json_ld.extend(_TEXT_NODES_XPATH(element))
    return _Heads(titles, og_titles, json_ld, headings)


def _json_ld_people(data: StructuredData | None, page_url: str) -> list[_Member]:
    """Team members declared as schema.org ``Person`` in JSON-LD (authors and publishers of the page excluded)."""
    if data is None:
        return []
    members = []
    for position, person in enumerate(islice(data.json_ld_of_type("Person", _AUTHOR_KEYS), _MAX_MEMBERS)):
        member = _json_ld_member(person, page_url, position)
        if member is not None:
            members.append(member)
    return members


def _json_ld_text(value: object) -> str | None:
    """A JSON-LD text value (:func:`first_text`) cut to 300 characters."""
    return first_text(value, 300)


def _microdata_text(value: object) -> str | None:
    """A microdata property's text (:func:`first_text`) cut to 2,000 characters."""
    return first_text(value, 2000)


def _json_ld_member(person: dict, page_url: str, position: int) -> _Member | None:
    """A member from a JSON-LD ``Person``: name (or given and family names), ``jobTitle``/``roleName``, a photo when
    ``image`` is set, the length of ``description``, web links from ``url``/``sameAs``; ``None`` for a missing, short or
    e-mail-like name. Placed after every member read from the page."""
    name = _json_ld_text(person.get("name"))
    if not name:
        given, family = _json_ld_text(person.get("givenName")), _json_ld_text(person.get("familyName"))
        name = clean_text(f"{given or ''} {family or ''}") or None
    if not name or len(name) < 3 or "@" in name:
        return None
    links: list[str] = []
    for key in ("url", "sameAs"):
        values = person.get(key)
        for value in values if isinstance(values, list) else [values]:
            url = _web_url(value, page_url) if isinstance(value, str) else None
            if url and url not in links and len(links) < _MAX_LINKS:
                links.append(url)
    description = _json_ld_text(person.get("description"))
    return _Member(
        name=name[:120],
        role=_json_ld_text(person.get("jobTitle")) or _json_ld_text(person.get("roleName")),
        has_photo=bool(person.get("image")),
        bio_length=len(description) if description else 0,
        links=links,
        position=1_000_000 + position,
        source="schema",
    )


def _microdata_people(
    data: StructuredData | None, spans: dict[etree._Element, tuple[int, int]], base_url: str
) -> list[_Member]:
    """Team members marked up as microdata ``itemtype=".../Person"`` (bylines excluded)."""
    if data is None:
        return []
    members = []
    people = (item for item in data.microdata_items() if has_type(item, "Person"))
    for item in islice(people, _MAX_MEMBERS):
        scope = item.get("htmlNode")
        if not isinstance(scope, etree._Element) or (scope.get("itemprop") or "").strip() in _AUTHOR_ITEMPROPS:
            continue
        properties = item.get("properties") or {}
        given, family = _microdata_text(properties.get("givenName")), _microdata_text(properties.get("familyName"))
        name = _microdata_text(properties.get("name")) or clean_text(f"{given or ''} {family or ''}")
        if not name or len(name) > 120:
            continue
        photo, links = _card_media(scope, base_url)
        span = spans.get(scope)
        description = _microdata_text(properties.get("description"))
        members.append(
            _Member(
                name=name,
                role=_microdata_text(properties.get("jobTitle")),
                has_photo=photo or "image" in properties,
                bio_length=len(description or ""),
                links=links,
                position=span[0] if span else 500_000 + len(members),
                source="card",
                markup=_team_markup(scope, scope),
                element=scope,
            )
        )
    return members


# --------------------------------------------------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------------------------------------------------


def _merge(members: list[_Member]) -> list[_Member]:
    """One member per name, in page order; details found twice (DOM and schema.org) are combined."""
    merged: dict[str, _Member] = {}
    for member in members:
        key = name_key(member.name)
        known = merged.get(key)
        if known is None:
            merged[key] = member
            continue
        known.role = known.role or member.role
        known.has_photo = known.has_photo or member.has_photo
        known.bio_length = max(known.bio_length, member.bio_length)
        known.links.extend(link for link in member.links if link not in known.links)
        del known.links[_MAX_LINKS:]
        known.markup = known.markup or member.markup
        if member.position < known.position:
            known.position = member.position
        if known.source == "schema":
            known.source = member.source
    return sorted(merged.values(), key=lambda member: member.position)[:_MAX_MEMBERS]


_NOT_CARD_TAGS = frozenset({"td", "th", "tbody", "thead", "tfoot", "span", "a", "strong", "b", "em", "i", "br"})
# A name in a list inside a card is one of a sub-list of people (an organigramme's pole), not a card's detail.
_NESTED_LIST_TAGS = frozenset({"ul", "ol", "li", "dl"})
#: Fewest sibling cards (same tag and class) that make a grid or list of people.
_MIN_CARDS = 3


def _cards_of(
    element: etree._Element, siblings: dict[etree._Element, dict[tuple[str, str], int]]
) -> tuple[etree._Element, etree._Element]:
    """The cards that may hold a name: block ancestors (or itself) repeated among their siblings with the same tag and
    class (a grid's cards, a list's items, a table's rows). Returns the nearest and the one with the most siblings (a
    person's card rather than a row of the small table inside it); the element itself when there is none."""
    nearest: etree._Element | None = None
    largest, largest_count = element, 0
    for count, candidate in enumerate((element, *element.iterancestors())):
        if count > 10 or candidate.tag in _STOP_ASCENT:
            break
        parent = candidate.getparent()
        if parent is None or candidate.tag in _NOT_CARD_TAGS or not isinstance(candidate.tag, str):
            continue
        shapes = siblings.get(parent)
        if shapes is None:
            shapes = {}
            for child in parent:
                if isinstance(child.tag, str):
                    shape = (child.tag, child.get("class") or "")
                    shapes[shape] = shapes.get(shape, 0) + 1
            siblings[parent] = shapes
        repeated = shapes.get((candidate.tag, candidate.get("class") or ""), 0)
        if repeated >= _MIN_CARDS:
            nearest = nearest if nearest is not None else candidate
            if repeated > largest_count:
                largest, largest_count = candidate, repeated
    return (nearest if nearest is not None else element), largest


def _place(element: etree._Element, card: etree._Element) -> tuple[tuple[str, str], ...]:
    """Where a name sits inside its card: the tags and classes from the card down to the name's element."""
    path = []
    for ancestor in (element, *element.iterancestors()):
        if ancestor is card or len(path) > 10:
            break
        # A table cell is told by its column: the name's cell, not the constituency's.
        shape = (
            f"{ancestor.get('class') or ''}#{ancestor.getparent().index(ancestor)}"
            if ancestor.tag in ("td", "th")
            else None
        )
        path.append((ancestor.tag, shape if shape is not None else ancestor.get("class") or ""))
    return tuple(reversed(path))


def _one_per_card(members: list[_Member]) -> list[_Member]:
    """One person per card of a grid, list or table of people.

    A card shows its person's name and, around it, words that may read as names too: a ward ("City Centre"), a party
    ("Repubblica Futura"), a group. Where cards repeat, the person's name sits in the same place in each (the
    ``p.name`` link, the ``h3``); in a card naming several, the name in the place most cards use is the person and the
    others become its role when it has none. Names read from one line ("Role: A, B and C") stay together.
    """
    siblings: dict[etree._Element, dict[tuple[str, str], int]] = {}
    cards = [_cards_of(member.element, siblings) if member.element is not None else None for member in members]
    # A name whose nearest card's siblings hold other names is one of a list of people (an organigramme's sub-list):
    # that is its card. Otherwise its card is the largest repeated block around it.
    people_lists: dict[etree._Element, int] = {}
    for found in cards:
        if found is not None and found[0].getparent() is not None:
            people_lists[found[0].getparent()] = people_lists.get(found[0].getparent(), 0) + 1
    placed: list[tuple[_Member, etree._Element | None, tuple[tuple[str, str], ...]]] = []
    by_card: dict[etree._Element, list[int]] = {}
    for member, found in zip(members, cards, strict=True):
        if member.element is None or found is None:
            placed.append((member, None, ()))
            continue
        nearest, largest = found
        card = nearest if people_lists.get(nearest.getparent(), 0) >= 2 else largest
        place = _place(member.element, card)
        by_card.setdefault(card, []).append(len(placed))
        placed.append((member, card, place))
    crowded = [indexes for indexes in by_card.values() if len(indexes) > 1]
    if len(by_card) < _MIN_CARDS or not crowded:
        return members
    usual: dict[tuple[tuple[str, str], ...], int] = {}
    for indexes in by_card.values():
        for place in {placed[index][2] for index in indexes}:
            usual[place] = usual.get(place, 0) + 1
    dropped: set[int] = set()
    for indexes in crowded:
        places = {placed[index][2] for index in indexes}
        if len(places) < 2:
            continue
        # The place most cards use; between places as common, the one coming first in the card (the name heads it).
        order = [placed[index][2] for index in indexes]
        best = max(places, key=lambda place: (usual[place], -order.index(place)))
        keeper = next(placed[index][0] for index in indexes if placed[index][2] == best)
        for index in indexes:
            member, _, place = placed[index]
            if place != best and not any(tag in _NESTED_LIST_TAGS for tag, _ in place):
                dropped.add(index)
                if keeper.role is None:
                    keeper.role = clean_role(member.name)
    return [member for index, (member, _, _) in enumerate(placed) if index not in dropped]


def _portrait_grid(members: list[_Member]) -> list[_Member]:
    """In a grid of portraits, the people are those shown: where two thirds of the names come with a photo, a bare
    name (no photo, role, text) is a menu or a related link beside the grid, not one of the people."""
    with_photo = sum(member.has_photo for member in members)
    if with_photo < MIN_MEMBERS or with_photo * 3 < len(members) * 2:
        return members
    return [member for member in members if member.has_photo or member.role or member.bio_length]


def _site_names(root: etree._Element) -> set[str]:
    """Name keys of the site itself (``og:site_name``, the parts of ``<title>``): an organisation, not a person."""
    names = set()
    for text in (*_SITE_NAME_XPATH(root)[:1], *_TITLE_XPATH(root)[:1]):
        for part in _TITLE_SEPARATOR.split(text[:300]):
            names.add(name_key(part))
    return names


def _drop_chart_titles(members: list[_Member]) -> list[_Member]:
    """Leave out a name set as a big heading above people listed line by line.

    On an organigramme the candidate's or the organisation's name written large over the poles ("BENOÎT HAMON") is
    the chart's title, not one of the team; when most people come from list lines, such h1/h2 names are dropped.
    """
    titles = [member for member in members if member.big_heading]
    listed = sum(member.source == "line" and not member.big_heading for member in members)
    if not titles or listed < MIN_MEMBERS or len(titles) * 3 > listed:
        return members
    return [member for member in members if not member.big_heading]


def _page_signals(page: Page, heads: _Heads, page_url: str) -> tuple[list[str], set[str]]:
    """Keyword signals from the URL, the ``<title>`` and the headings; also the set of keyword labels seen."""
    signals: list[str] = []
    labels: set[str] = set()
    segment = url_signal(page_url)
    if segment:
        signals.append(f"url:{segment}")
        labels.update(label for label in (keyword_label(segment.replace("-", " ")),) if label)
    titles = [*heads.titles, *heads.og_titles]
    for title in titles:
        label = keyword_label(title[:300])
        if label:
            signals.append(f"title:{label}")
            labels.add(label)
            break
    for count, heading in enumerate(heads.headings):
        if count >= 60:
            break
        text = page.text(heading)
        label = keyword_label(text) if len(text) <= _TEAM_HEADING_MAX else None
        if not label or f"heading:{label}" in signals or _in_page_chrome(heading) or _links_away(heading, text):
            continue
        signals.append(f"heading:{label}")
        labels.add(label)
        if sum(signal.startswith("heading:") for signal in signals) >= 3:
            break
    return signals, labels


def _has_team_markup(page_classes: str, person_microdata: bool) -> bool:
    """Whether any class name (or microdata type) of the page looks like team markup; a cheap pre-check."""
    return person_microdata or _contains_any(page_classes, _TEAM_HINT_WORDS)


def _links_away(heading: etree._Element, text: str) -> bool:
    """Whether a heading is a link to another page (an article title in a list, a teaser card wrapped in a link),
    which says nothing of this page."""
    for count, ancestor in enumerate(heading.iterancestors()):
        if count >= 6:
            break
        if ancestor.tag == "a" and ancestor.get("href"):
            return True
    for link in heading.iter("a"):
        if link.get("href") and len(clean_text(" ".join(link.itertext()))) * 5 >= len(text) * 4:
            return True
    return False


def _in_page_chrome(element: etree._Element) -> bool:
    """Whether an element sits in navigation, a sidebar or a footer."""
    return any(ancestor.tag in _HEADING_SKIP_ANCESTORS for ancestor in element.iterancestors())


def _presentation(members: list[_Member], labels: set[str], prose: bool) -> str:
    """``organigramme``, ``prose``, ``grid`` or ``list`` (see :class:`inbound_spiders.items.TeamPage`)."""
    if labels & _ORG_CHART_LABELS or any(
        member.markup in ("organigramme", "orgchart", "org-chart") for member in members
    ):
        return "organigramme"
    if prose or sum(member.source == "prose" for member in members) * 2 > len(members):
        return "prose"
    with_photo = sum(member.has_photo for member in members)
    if with_photo * 2 >= len(members):
        return "grid"
    poles = {member.label for member in members if member.label and not _GENERIC_LABEL.search(fold(member.label))}
    nested = len({member.depth for member in members if member.depth}) >= 2
    if len(poles) >= 2 or nested:
        return "organigramme"
    return "list"


def _title(chunks: list[_Chunk], root: etree._Element) -> str | None:
    """The page's title: its first ``<h1>``, else ``og:title``, else ``<title>``; at most 300 characters."""
    for chunk in chunks:
        if chunk.heading == 1:
            return chunk.text[:300]
    for title in (*_OG_TITLE_XPATH(root)[:1], *_TITLE_XPATH(root)[:1]):
        text = clean_text(title)
        if text:
            return text[:300]
    return None


def _extract(page: Page) -> list[TeamPage]:
    """The page's :class:`TeamPage` when it has team signals and at least ``MIN_MEMBERS`` people (cards, lines, prose,
    microdata, JSON-LD), else ``[]``; may raise on odd markup, which :func:`read_team_pages` catches."""
    root, page_url = page.root, page.url
    if root is None:
        return []
    heads = _page_heads(page, root)
    signals, labels = _page_signals(page, heads, page_url)
    person_microdata = _has_person_microdata(root)
    person_data = _person_data(page, heads, person_microdata)
    schema_members = _json_ld_people(person_data, page_url)
    page_classes = f"{' '.join(_CLASSES_XPATH(root))} {' '.join(_IDS_XPATH(root))}".lower()
    if not signals and len(schema_members) < MIN_MEMBERS and not _has_team_markup(page_classes, person_microdata):
        return []

    mains = _MAIN_XPATH(root)
    walker = _Walker(page_classes)
    walker.walk(mains[0] if len(mains) == 1 else root)
    reader = _Reader(walker.chunks, walker.spans, page.base_url)
    reader.read()
    dom_members = reader.members(reader.entries)
    microdata_members = _microdata_people(person_data, walker.spans, page.base_url)
    dom_members.extend(microdata_members)
    dom_members = _one_per_card(dom_members)

    site_names = _site_names(root)
    members = [
        member
        for member in _portrait_grid(_drop_chart_titles(_merge(dom_members)))
        if name_key(member.name) not in site_names
    ]
    prose = False
    if len(members) < MIN_MEMBERS and signals and reader.prose:
        prose_members = [member for member in reader.members(reader.prose) if name_key(member.name) not in site_names]
        members = _merge([*members, *prose_members])
        prose = len(members) >= MIN_MEMBERS
    if len(microdata_members) >= MIN_MEMBERS:
        signals.append("microdata:Person")
    if len(schema_members) >= MIN_MEMBERS:
        members = _merge([*members, *schema_members])
        signals.append("schema:Person")
    elif schema_members and members:
        # A lone Person in JSON-LD (often the page's author) only completes people already shown on the page.
        known = {name_key(member.name) for member in members}
        members = _merge([*members, *(member for member in schema_members if name_key(member.name) in known)])
    markups = [member.markup for member in members if member.markup]
    if len(markups) >= 2:
        markup = markups[0]
        signals.append(f"markup:{markup}")
        if markup in ("organigramme", "orgchart", "org-chart"):
            labels.add("organigramme")
    if len(members) < MIN_MEMBERS or not signals:
        return []
    for source, name in (("card", "cards"), ("line", "lines"), ("prose", "paragraphs")):
        count = sum(member.source == source for member in members)
        if count:
            signals.append(f"{name}:{count}")
    return [
        TeamPage(
            page_url=page_url,
            title=_title(walker.chunks, root),
            presentation=_presentation(members, labels, prose),
            members=[
                TeamMember(
                    name=member.name,
                    role=member.role,
                    has_photo=member.has_photo,
                    bio_length=member.bio_length,
                    links=member.links,
                )
                for member in members
            ],
            signals=signals,
        )
    ]


def read_team_pages(page: Page) -> list[TeamPage]:
    """Recognise a page presenting the people behind the site and list them (0 or 1 :class:`TeamPage`).

    See the module docstring for the signals required and how members, roles, photos and biographies are read.
    """
    try:
        return _extract(page)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError):
        # An extractor must never take a crawl down; odd markup is logged and yields nothing.
        logger.warning("team_pages: extraction failed on %s", page.url, exc_info=True)
        return []


def extract_team_pages(selector: Selector, page_url: str) -> list[TeamPage]:
    """:func:`read_team_pages` of the page parsed as ``selector`` at ``page_url`` (callers without a :class:`Page`;
    the spider builds one per response and calls the reader)."""
    from inbound_spiders.page.model import Page  # not at the top: the page model imports this package's helpers

    return read_team_pages(Page(selector, page_url))
