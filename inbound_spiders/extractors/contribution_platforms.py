"""Contribution platforms: spaces where visitors propose ideas, comment and vote, with the counts they show.

Three ways a page reveals one:

* **The page is a platform instance**: Decidim, CONSUL Democracy, Cap Collectif, Discourse, Loomio, CitizenLab/Go
  Vocal, Assembl, Fluicity, Make.org, Purpoz, Agorize, Ideanote or UserVoice, recognised from the generator meta, asset
  paths, platform meta tags, root classes, the page's own URL, or a "powered by" link in the footer when the page's
  own links also show that platform's sections (any site may credit Decidim in its footer). ``platform_url`` is the
  space the page belongs to (a Decidim process or assembly, a Cap Collectif project, a Make.org consultation, else the
  instance's home page), so all the pages of one space give one finding.
* **The page is a hand-made participation page** ("boîte à idées", "conseil citoyen", "consultation citoyenne",
  "budget participatif", "idea box", "share your ideas"...) named in its title, main headings or URL, *and* showing
  participation: a button or link to propose or vote, or a counter of votes, participants or proposals. A phrase
  alone is not enough: a town's page describing its neighbourhood "conseil citoyen" is not a contribution space, nor
  is a blog post announcing a "consultation citoyenne" with its own comment thread. ``platform`` is ``custom``.
* **The page links to or embeds a platform instance** on another host (a campaign site linking to its Decidim): one
  finding per instance host, ``platform_url`` the first link found, no counts, signal ``link:<platform>`` or
  ``iframe:<platform>``. Vendor marketing sites (decidim.org, cap-collectif.com...) are not instances.

Counts (participants, contributions, votes) are read from the visible text, as pairs of a number and a label next to
each other in either order ("221 participants", "Participants : 221", ``<dt>Votes</dt><dd>661</dd>``, a stats block
with number then title), read greedily from the start of each block so "Participants 221 Votes 661" and "221
participants 661 votes" both pair right. A label may open a short phrase ("Idées déposées : 612", "Nombre de votes
: 661"; the first label word names the measure) but not close one ("Projets retenus au vote : 48" is not a vote
count). Stats tables are read by row (label cell, then the "all time"/"total" column or the last figure) or by column
(a row of labels over a row of figures). Numbers are parsed by :mod:`inbound_spiders.extractors.numbers` (French and
English formats, "1,2 k", no dates, prices or percentages). Which counter wins for each measure:

1. counters repeated across the items of a list (a vote count on each idea card) are per-item and never used, nor
   summed: a list is usually paginated, so a sum would be wrong anyway; counters inside an element whose class names
   an item (proposal, idea, comment...) are per-item too;
2. among the rest, a counter in a stats block (class or id naming stats, counters, figures, metrics, totals) beats one
   in a heading or page header, which beats one in running text;
3. then the more specific label wins for contributions (``contributions`` > proposals, ideas > debates, posts >
   topics > comments, arguments), then page order. Different labels are never added together (Discourse posts
   already include each topic's first post).

On a platform page deeper than its space's landing page (one proposal of a Decidim process), only stats-block counters
are used, and none inside the element of the one item shown (a CONSUL proposal's ``total-supports``), so that one
proposal's comment or support count is not reported as the whole space's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from lxml import etree
from parsel import Selector

from inbound_spiders.extractors.common import HEAD_AND_LINK_TAGS, clean_text
from inbound_spiders.extractors.numbers import iter_counts, parse_count
from inbound_spiders.items import ContributionPlatform
from inbound_spiders.knowledge.urls import site_host
from inbound_spiders.knowledge.words import participation as words

if TYPE_CHECKING:
    from inbound_spiders.page.model import Page

_MAX_TITLE = 200
_MAX_TEXT_NODES = 5_000
_ANCESTOR_DEPTH = 8
_MAX_LABEL_FILLERS = 3
_MAX_CELL = 40
_MAX_UNLABELLED_WORDS = 8
# A petition's own counter stands alone ("4,288 Supporters", "Já somos 12.345"); inside a longer sentence or headline
# ("Residents deliver petition with 15,000 signatures") it is news about a petition.
_MAX_PETITION_COUNTER_WORDS = 5
_NEIGHBOUR_DEPTH = 3

# --- platform recognition ---------------------------------------------------------------------------------------

# Markers searched in the generator meta, meta names, asset URLs and root classes (lowercased).
_MARKER_PATTERNS: tuple[tuple[str, str], ...] = (
    ("decidim", r"decidim"),
    ("discourse", r"\bdiscourse\b|discourse_"),
    ("cap_collectif", r"cap[ -]?collectif|\bcapco\b"),
    ("consul", r"consul[ _-]?democracy|consulproject"),
    ("loomio", r"loomio"),
    ("citizenlab", r"citizenlab|go ?vocal"),
    ("assembl", r"\bassembl\b|bluenove"),
    ("fluicity", r"fluicity"),
    ("purpoz", r"purpoz"),
    ("ideanote", r"ideanote"),
    ("uservoice", r"uservoice"),
)
# Forum software named by the generator meta (a board's index shows board-wide statistics: members, posts, topics);
# read there only, as the other sources are long and forums are credited by a link anyway.
_FORUM_MARKER_PATTERNS: tuple[tuple[str, str], ...] = (
    ("vbulletin", r"vbulletin"),
    ("phpbb", r"phpbb"),
    ("smf", r"simple ?machines|\bsmf\b"),
    ("phorum", r"phorum"),
    ("mybb", r"mybb"),
    ("xenforo", r"xenforo"),
    ("invision", r"invision|\bipb\b"),
    ("punbb", r"punbb|fluxbb"),
)
_FORUM_MARKERS = re.compile("|".join(f"(?P<{platform}>{pattern})" for platform, pattern in _FORUM_MARKER_PATTERNS))
# One pass per source text: each platform is a named group.
_MARKERS = re.compile("|".join(f"(?P<{platform}>{pattern})" for platform, pattern in _MARKER_PATTERNS))
# A word every marker's match holds: a page naming none of them (most pages) skips the regex, which tries every
# alternative at every position of long asset lists.
_MARKER_WORDS = (
    "decidim",
    "discourse",
    "collectif",
    "capco",
    "consul",
    "loomio",
    "citizenlab",
    "vocal",
    "assembl",
    "bluenove",
    "fluicity",
    "purpoz",
    "ideanote",
    "uservoice",
)
assert all(
    any(word in alternative for word in _MARKER_WORDS)
    for _, pattern in _MARKER_PATTERNS
    for alternative in pattern.split("|")
), "every alternative of a marker pattern spells one of _MARKER_WORDS"
# Markers that only count in the generator meta or meta names: in asset URLs they also match plugins that merely
# connect a CMS to the platform (wp-discourse, a UserVoice feedback widget).
_GENERATOR_ONLY = frozenset({"discourse", "uservoice"})
#: Forum software: any page crediting it ("Powered by phpBB") is one of its boards, unlike participation platforms
#: whose vendor any site may credit; the board's counts are read on every page of it, per-item ones left out.
FORUMS = frozenset({"vbulletin", "phpbb", "smf", "phorum", "mybb", "xenforo", "invision", "punbb"})

# Vendor and project sites: links to them say "made with", not "contribute here".
_VENDOR_HOSTS = frozenset(
    {
        "decidim.org",
        "docs.decidim.org",
        "consuldemocracy.org",
        "docs.consuldemocracy.org",
        "consulproject.org",
        "docs.consulproject.org",
        "cap-collectif.com",
        "discourse.org",
        "citizenlab.co",
        "govocal.com",
        "fluicity.co",
        "purpoz.com",
        "ideanote.io",
        "uservoice.com",
        "github.com",
        "gitlab.com",
    }
)
# "Powered by" footer links: vendor host -> platform.
_POWERED_BY = {
    "decidim.org": "decidim",
    "consuldemocracy.org": "consul",
    "consulproject.org": "consul",
    "cap-collectif.com": "cap_collectif",
    "discourse.org": "discourse",
    "citizenlab.co": "citizenlab",
    "govocal.com": "citizenlab",
    "fluicity.co": "fluicity",
    "purpoz.com": "purpoz",
    "vbulletin.com": "vbulletin",
    "vbulletin.org": "vbulletin",
    "phpbb.com": "phpbb",
    "simplemachines.org": "smf",
    "phorum.org": "phorum",
    "mybb.com": "mybb",
    "xenforo.com": "xenforo",
    "invisioncommunity.com": "invision",
    "invisionpower.com": "invision",
    "punbb.informer.com": "punbb",
    "fluxbb.org": "punbb",
}
# One pass over a page's links finds the hosts credited by "powered by" links (participation vendors, forum software).
_CREDIT_HOSTS = re.compile("|".join(re.escape(host) for host in sorted(_POWERED_BY, key=len, reverse=True)))
_FORUM_HOSTS = frozenset(host for host, platform in _POWERED_BY.items() if platform in FORUMS)

# Host -> platform for instances; a path pattern, when given, must match too.
_HOST_RULES: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, str], ...] = (
    (re.compile(r"decidim"), None, "decidim"),
    (re.compile(r"\.cap-collectif\.com$|(?:^|\.)parlement-et-citoyens\.fr$"), None, "cap_collectif"),
    (re.compile(r"(?:^|[.-])consul(?:[.-]|$)"), None, "consul"),
    (re.compile(r"\.discourse\.group$|\.trydiscourse\.com$|^discourse\."), None, "discourse"),
    (re.compile(r"(?:^|\.)loomio\.(?:com|org)$"), re.compile(r"^/(?:g|d|p)/"), "loomio"),
    (re.compile(r"\.citizenlab\.co$|\.govocal\.com$"), None, "citizenlab"),
    (
        re.compile(r"(?:^|\.)make\.org$"),
        re.compile(r"^/[a-z]{2}(?:-[a-z]{2})?/(?:consultation|question)/", re.I),
        "make_org",
    ),
    (re.compile(r"\.fluicity\.(?:co|com|fr)$"), None, "fluicity"),
    (re.compile(r"(?:^|\.)agorize\.com$"), re.compile(r"/challenges/"), "agorize"),
    (re.compile(r"\.ideanote\.io$"), None, "ideanote"),
    (re.compile(r"\.uservoice\.com$"), None, "uservoice"),
    (re.compile(r"\.purpoz\.com$"), None, "purpoz"),
    (re.compile(r"(?:^|[.-])assembl(?:[.-]|$)|\.bluenove\.com$"), None, "assembl"),
)
# Whether any rule's host pattern matches: one search instead of one per rule, for the many hosts no rule names.
_ANY_HOST_RULE = re.compile("|".join(f"(?:{host.pattern})" for host, _, _ in _HOST_RULES))
assert not any(host.flags & ~re.UNICODE for host, _, _ in _HOST_RULES), "host patterns are combined without flags"
# Paths that give a platform away on a host whose name speaks of participation.
_DECIDIM_PATH = re.compile(r"^/(?:processes|assemblies|initiatives|conferences)/[^/]+|/f/\d+/")
_DECIDIM_COMPONENT_PATH = re.compile(r"^/(?:processes|assemblies)/[^/]+/f/\d+")
_CONSUL_PATH = re.compile(r"^/(?:proposals|debates|legislation/processes|budgets|polls)(?:/|$)")
_CAPCO_PATH = re.compile(r"^/project/[^/]+/(?:collect|consultation|selection|questionnaire|debate|votes)(?:/|$)")
_PARTICIPATION_HOST = re.compile(
    r"^(?:je-?)?(?:participe[rz]?|participate|participation|participons|participatif|participative|concertations?|"
    r"have-?your-?say|get-?involved|engage|"
    r"consultations?|contribue[rz]?|decide[rz]?|decidons|proposez|idees|ideas|budget-?participatif|"
    r"democratie-?participative|agora)(?:-[a-z0-9-]+)?$"
)
# Sections of a platform instance, as linked from its own navigation.
_TYPICAL_PATHS: dict[str, re.Pattern[str]] = {
    "decidim": re.compile(r"^/(processes|assemblies|initiatives|conferences|search|pages)(?:/|$)"),
    "consul": re.compile(r"^/(proposals|debates|budgets|legislation|polls|processes)(?:/|$)"),
    "cap_collectif": re.compile(r"^/(projects?|themes|events|consultation)(?:/|$)"),
    "discourse": re.compile(r"^/(latest|categories|top|c|t|u|guidelines)(?:/|$)"),
    "citizenlab": re.compile(r"^/(?:[a-z]{2}(?:-[a-z]{2})?/)?(projects|ideas|folders|events)(?:/|$)"),
    "fluicity": re.compile(r"^/(projects?|ideas|feed)(?:/|$)"),
    "purpoz": re.compile(r"^/(projects?|ideas|consultations?)(?:/|$)"),
}
_MIN_TYPICAL_SECTIONS = 2
# The space a platform page belongs to, from its path.
_SPACE_PATHS: dict[str, re.Pattern[str]] = {
    "decidim": re.compile(r"^/(?:processes|assemblies|initiatives|conferences)/[^/]+"),
    "consul": re.compile(r"^/(?:budgets/[^/]+|legislation/processes/[^/]+)"),
    "cap_collectif": re.compile(r"^/(?:project|consultation)/[^/]+"),
    "make_org": re.compile(r"^/[a-z]{2}(?:-[a-z]{2})?/consultation/[^/]+", re.I),
    "loomio": re.compile(r"^/g/[^/]+"),
}

# --- custom pages -------------------------------------------------------------------------------------------------

# Matched on lower-cased text, after a test for one of the stems (most pages name no participation space).
_CUSTOM_PHRASES = re.compile("|".join(f"(?:{phrase})" for phrase in words.PARTICIPATION_SPACE_PHRASES.values()))
_CUSTOM_STEMS = tuple(words.all_languages(words.PARTICIPATION_SPACE_STEMS))
_SLUG_SEPARATORS = re.compile(r"[-_/+.]+")
_ACTION_CUE = re.compile(
    r"\b(?:" + "|".join(f"(?:{cue})" for cue in words.ACTION_CUES.values()) + r")\b", re.IGNORECASE
)

# --- counters -----------------------------------------------------------------------------------------------------

_COMMENT_RANK = words.COMMENT_RANK
#: label word -> (measure, rank), all languages (a page's counters may mix its language with English chrome).
_LABELS: dict[str, tuple[str, int]] = words.counter_labels()
_LEAD_IN_WORDS = words.all_languages(words.LEAD_IN_WORDS) | {"n", "j"}
_TOTAL_WORDS = words.all_languages(words.TOTAL_WORDS)
# Participant labels that mean taking part (not "membres", "personnes", "users" of any site); compared without a
# plural "s", as counters keep their word.
_PARTICIPANT_EVIDENCE = frozenset(
    word.rstrip("s")
    for word in words.all_languages(words.PARTICIPANT_EVIDENCE) | words.all_languages(words.SIGNATURE_WORDS)
)
_SIGNATURE_WORDS = frozenset(word.rstrip("s") for word in words.all_languages(words.SIGNATURE_WORDS))
_PETITION_PHRASE = re.compile("|".join(f"(?:{phrase})" for phrase in words.PETITION_PHRASES.values()))
_PETITION_STEMS = tuple(words.all_languages(words.PETITION_STEMS))
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_DIGIT = re.compile(r"\d")
_STATS_CLASS = re.compile(
    r"(?:^|[\s_-])(?:stats?|statistics?|statistiques?|statisti[ck]en|statistik|statistiche|estad[ií]sticas?|"
    r"estat[ií]sticas?|counters?|compteurs?|chiffres?|cifras|zahlen|kennzahlen|cijfers|metrics?|kpis?|figures|"
    r"totals?|summary|overview|about-stats|numbers)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Class names of one item of a list (not "card" nor "entry": stats blocks and WordPress content use them too).
_ITEM_CLASS = re.compile(
    r"(?:^|[\s_-])(?:proposals?|propositions?|ideas?|idees?|suggestions?|comments?|commentaires?|replies|reply|"
    r"teasers?|topic-list-item|opinions?|arguments?)(?:$|[\s_-])",
    re.IGNORECASE,
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "header"})
_LIST_TAGS = frozenset({"li", "article", "div", "tr", "section", "dd"})
_PAGE_TAGS = frozenset({"html", "body", "main"})

_X_FOOTER_LINKS = etree.XPath("//footer//a/@href | //*[contains(@class, 'footer') or contains(@id, 'footer')]//a/@href")
_X_FIRST_H1 = etree.XPath("(//h1)[1]")
_X_OG_TITLE = etree.XPath("//meta[@property='og:title']/@content")
_X_OG_SITE_NAME = etree.XPath("//meta[@property='og:site_name']/@content")
_X_TITLE = etree.XPath("(//title)[1]")
_ABSOLUTE_OR_PROTOCOL_RELATIVE = re.compile(r"(?:https?:)?//", re.IGNORECASE)
# What urljoin may change in the path of an absolute link: ``;params`` (an empty one is dropped), and the tabs and
# line breaks urlsplit removes.
_CHANGED_BY_JOINING = re.compile(r"[;\t\r\n]")
_TABLE_ROWS = etree.XPath("//body//table[.//td]//tr[td or th]")
_TOTAL_HEADER = re.compile(
    r"all[ -]time|\btotal\b|au total|en tout|depuis le d[ée]but|cumul|todo el tiempo|desde el inicio|insgesamt|gesamt|"
    r"\btotale?\b|totaal",
    re.IGNORECASE,
)
_NO_TEXT_TAGS = frozenset({"script", "style", "template", "textarea", "select", "option"})
_X_BODY = etree.XPath("(//body)[1]")


@dataclass(slots=True, eq=False)
class _Token:
    """A number or a label word in the page's text, in page order."""

    node: int
    """Index of the text node it comes from."""
    value: int | None = None
    measure: str | None = None
    rank: int = 0
    word: str = ""
    leads: bool = False
    total: bool = False
    """For a label: a word such as "total" stands right before it ("Total Posts"): a whole space's count."""
    """For a label: it opens its phrase (only words like "nombre de" before it), so it may name a number after it."""
    words: int = 0
    """For a run of plain words: how many."""


@dataclass(slots=True)
class _Counter:
    """A number paired with the label that says what it counts."""

    measure: str
    value: int
    rank: int
    word: str
    holder: etree._Element
    order: int
    score: int = 1
    from_table: bool = False
    """Read from a stats table, whose rows are different measures, not items of a list."""
    total: bool = False
    """Its label says it is a total ("Total Members: 41,959"), as board-wide statistics do."""


def _strings(query: etree.XPath, root: etree._Element) -> list[str]:
    """The results of ``query`` as strings: attribute values as they are, elements as their whitespace-normalised
    text; ``[]`` when the query fails on this document."""
    try:
        results = query(root)
    except (etree.XPathError, ValueError):
        return []
    if not isinstance(results, list):
        return []
    return [_text_of(result) if isinstance(result, etree._Element) else str(result) for result in results]


def _text_of(element: etree._Element) -> str:
    """Text of an element (comments left out), whitespace-normalised."""
    return clean_text(" ".join(element.itertext()))


#: Tags the recognition reads on every page, gathered by :class:`_PageIndex` in one walk of the tree.
# The team reader asks for the same tuple: one walk of the page for both.
_INDEXED_TAGS = HEAD_AND_LINK_TAGS
_HEADING_INDEX_TAGS = frozenset({"title", "h1", "h2", "h3", "meta"})
_CUE_TAGS = frozenset({"a", "button", "input"})


class _PageIndex:
    """The elements every page is asked about (metas, assets, links, headings...), in document order, gathered in
    one walk of the tree: one XPath query per question walked the whole tree each time, seven walks per page.

    Each method answers exactly what the XPath query named in its docstring selects.
    """

    __slots__ = ("_counters", "_credited", "_headings", "_hrefs", "_tagged", "_tags", "document", "elements", "page")

    def __init__(self, page: Page, root: etree._Element) -> None:
        """Index, in document order, the elements of interest in the whole document ``root`` (the page's) belongs
        to."""
        self.page = page
        # XPath's "//" starts at the document, whichever element the query is evaluated on.
        self.document = root.getroottree().getroot()
        self.elements: list[etree._Element] = (
            page.elements(*_INDEXED_TAGS) if self.document is root else list(self.document.iter(*_INDEXED_TAGS))
        )
        self._headings: list[str] | None = None
        self._hrefs: str | None = None
        self._credited: set[str] | None = None
        self._counters: list[_Counter] | None = None
        self._tags: list[str] | None = None
        self._tagged: dict[tuple[str, ...], list[etree._Element]] | None = None

    def counters(self, root: etree._Element) -> list[_Counter]:
        """The page's counters (:func:`_page_counters` of ``root``, the element indexed), read once."""
        if self._counters is None:
            self._counters = _page_counters(root)
        return self._counters

    def credited_hosts(self) -> set[str]:
        """The "powered by" hosts (platform vendors, forum software) some link of the page points to; one pass over
        the links, computed once."""
        if self._credited is None:
            hrefs = self.hrefs()
            # Most pages credit no one: a substring test per host is cheaper than the regex over every link.
            credited = any(map(hrefs.__contains__, _POWERED_BY))
            self._credited = set(_CREDIT_HOSTS.findall(hrefs)) if credited else set()
        return self._credited

    def hrefs(self) -> str:
        """Every ``//a/@href``, lower-cased, one per line (computed once): a cheap test for a host among them."""
        if self._hrefs is None:
            self._hrefs = "\n".join(self.attributes("a", "href")).lower()
        return self._hrefs

    def tags(self) -> list[str]:
        """The tag of each indexed element, read once (lxml builds a new string on each ``.tag``)."""
        if self._tags is None:
            self._tags = [element.tag for element in self.elements]
        return self._tags

    def tagged(self, *tags: str) -> list[etree._Element]:
        """The indexed elements whose tag is one of ``tags``, in document order; callers must not modify the list.

        One pass sorts the indexed elements by tag, for the single tags asked; sets of tags are filtered once each."""
        if self._tagged is None:
            by_tag: dict[tuple[str, ...], list[etree._Element]] = {}
            for element, tag in zip(self.elements, self.tags(), strict=True):
                known = by_tag.get((tag,))
                if known is None:
                    by_tag[(tag,)] = [element]
                else:
                    known.append(element)
            self._tagged = by_tag
        known = self._tagged.get(tags)
        if known is None:
            if len(tags) == 1:
                known = []
            else:
                wanted = frozenset(tags)
                known = [element for element, tag in zip(self.elements, self.tags(), strict=True) if tag in wanted]
            self._tagged[tags] = known
        return known

    def attributes(self, tag: str, name: str) -> list[str]:
        """``//<tag>/@<name>``."""
        return [value for element in self.tagged(tag) if (value := element.get(name)) is not None]

    def generator(self) -> list[str]:
        """``//meta[@name='generator' or @name='Generator']/@content``."""
        return [
            value
            for element in self.tagged("meta")
            if element.get("name") in ("generator", "Generator") and (value := element.get("content")) is not None
        ]

    def assets(self) -> list[str]:
        """``//script/@src | //link[not(@rel='canonical' or @rel='alternate')]/@href``."""
        values = []
        for element in self.tagged("script", "link"):
            if element.tag == "script":
                value = element.get("src")
            else:
                value = element.get("href") if element.get("rel") not in ("canonical", "alternate") else None
            if value is not None:
                values.append(value)
        return values

    def root_names(self) -> list[str]:
        """``/html/@class | //body/@class | //body/@id``."""
        names = [self.document.get("class")] if self.document.tag == "html" else []
        for body in self.tagged("body"):
            names += [body.get("class"), body.get("id")]
        return [name for name in names if name is not None]

    def footer_links(self) -> list[str]:
        """Links inside a ``<footer>`` or an element whose class or id says footer. Only asked
        when some link of the page leads to a platform vendor's host, which is rare: the query is the slowest."""
        if not self.credited_hosts() - _FORUM_HOSTS:
            return []
        return _strings(_X_FOOTER_LINKS, self.document)

    def headings(self) -> list[str]:
        """``//title | //h1 | //h2 | //h3 | //meta[@property='og:title']/@content``, as text (computed once)."""
        if self._headings is None:
            self._headings = self._heading_texts()
        return self._headings

    def _heading_texts(self) -> list[str]:
        """The texts :meth:`headings` returns."""
        texts = []
        for element, tag in zip(self.elements, self.tags(), strict=True):
            if tag not in _HEADING_INDEX_TAGS:
                continue
            if tag != "meta":
                texts.append(self.page.text(element))
            elif element.get("property") == "og:title" and (content := element.get("content")) is not None:
                texts.append(content)
        return texts

    def cues(self) -> list[str]:
        """``//a | //button | //input[@type='submit' or @type='button']/@value``, as text."""
        texts = []
        for element, tag in zip(self.elements, self.tags(), strict=True):
            if tag not in _CUE_TAGS:
                continue
            if tag != "input":
                texts.append(self.page.text(element))
            elif element.get("type") in ("submit", "button") and (value := element.get("value")) is not None:
                texts.append(value)
        return texts

    def links(self) -> list[etree._Element]:
        """``//a[@href] | //iframe[@src]``."""
        return [
            element
            for element, tag in zip(self.elements, self.tags(), strict=True)
            if (tag == "a" and element.get("href") is not None) or (tag == "iframe" and element.get("src") is not None)
        ]


def _path(url: str) -> str:
    """Path of ``url`` (``/`` when empty); ``""`` when it cannot be parsed."""
    try:
        return urlsplit(url).path or "/"
    except ValueError:
        return ""


@lru_cache(maxsize=8192)
def platform_from_url(url: str) -> str | None:
    """The platform a URL points into (``decidim``, ``consul``...), or ``None``; vendor sites give ``None``.

    A host may say it (``meta.decidim.org``, ``ville.cap-collectif.com``), or a participation-named host with a
    platform's typical path (``participez.example.fr/processes/budget``, ``decide.madrid.es/proposals``).
    """
    host = site_host(url)
    if not host or host in _VENDOR_HOSTS:
        return None
    path = _path(url)
    if _ANY_HOST_RULE.search(host):
        for host_pattern, path_pattern, platform in _HOST_RULES:
            if host_pattern.search(host) and (path_pattern is None or path_pattern.search(path)):
                return platform
    if _CAPCO_PATH.search(path):
        return "cap_collectif"
    if _DECIDIM_COMPONENT_PATH.search(path):
        return "decidim"
    if _PARTICIPATION_HOST.match(host.split(".", 1)[0]):
        if _DECIDIM_PATH.search(path):
            return "decidim"
        if _CONSUL_PATH.search(path):
            return "consul"
        return "unknown"
    return None


def _without_fragment(url: str) -> str:
    """``url`` without its ``#fragment``."""
    return url.split("#", 1)[0]


def _space_url(page_url: str, platform: str) -> tuple[str, bool]:
    """The URL of the space ``page_url`` belongs to on ``platform``, and whether the page is that space's landing."""
    try:
        parts = urlsplit(page_url)
    except ValueError:
        return _without_fragment(page_url), True
    path = parts.path or "/"
    pattern = _SPACE_PATHS.get(platform)
    match = pattern.match(path) if pattern else None
    space_path = match.group(0) if match else "/"
    landing = path.rstrip("/") == space_path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, space_path, "", "")), landing


def _self_platform(index: _PageIndex, page_url: str) -> tuple[str | None, list[str]]:
    """The platform the page itself runs on, with the signals that showed it."""
    signals: list[str] = []
    found: str | None = None
    sources = (
        ("generator", index.generator),
        ("meta", lambda: index.attributes("meta", "name")),
        ("asset", index.assets),
        ("markup", index.root_names),
    )
    seen_in: dict[str, str] = {}
    generator = ""
    for source, strings in sources:
        text = " ".join(strings()).lower()
        if source == "generator":
            generator = text
        for match in _MARKERS.finditer(text) if any(map(text.__contains__, _MARKER_WORDS)) else ():
            platform = match.lastgroup
            if (
                platform
                and platform not in seen_in
                and (source in ("generator", "meta") or platform not in _GENERATOR_ONLY)
            ):
                seen_in[platform] = source
    for match in _FORUM_MARKERS.finditer(generator) if generator else ():
        if match.lastgroup and match.lastgroup not in seen_in:
            seen_in[match.lastgroup] = "generator"
    for platform, _ in (*_MARKER_PATTERNS, *_FORUM_MARKER_PATTERNS):
        if platform in seen_in:
            signals.append(f"{seen_in[platform]}:{platform}")
            found = found or platform
    credited = {_POWERED_BY.get(site_host(href)) for href in index.footer_links()}
    for platform in sorted(name for name in _forum_credits(index) if name not in seen_in):
        signals.append(f"powered_by:{platform}")
        found = found or platform
    for platform in sorted(name for name in credited if name and name not in FORUMS):
        # Any site may credit a platform in its footer; the page runs it when its own links have that
        # platform's paths (/proposals and /debates for CONSUL) or another marker agrees.
        if platform in seen_in or _has_typical_paths(index, page_url, platform):
            signals.append(f"powered_by:{platform}")
            found = found or platform
    url_platform = platform_from_url(page_url)
    if url_platform and url_platform != "unknown" and (found is None or url_platform == found):
        signals.append(f"url:{url_platform}")
        found = found or url_platform
    return found, signals


def _forum_credits(index: _PageIndex) -> set[str]:
    """Forum software credited by a link anywhere on the page ("Powered by SMF" to simplemachines.org)."""
    hosts = index.credited_hosts() & _FORUM_HOSTS
    if not hosts:
        return set()
    credits = set()
    for href in index.attributes("a", "href"):
        if not any(host in href.lower() for host in hosts):
            continue
        platform = _POWERED_BY.get(site_host(href))
        if platform in FORUMS:
            credits.add(platform)
    return credits


def _has_typical_paths(index: _PageIndex, page_url: str, platform: str) -> bool:
    """Whether the page links, on its own host, to at least two of the sections typical of ``platform``."""
    pattern = _TYPICAL_PATHS.get(platform)
    if pattern is None:
        return False
    host = site_host(page_url)
    sections = set()
    for href in index.attributes("a", "href"):
        url = index.page.absolute(href)
        if url and site_host(url) == host:
            match = pattern.match(_path(url))
            if match:
                sections.add(match.group(1))
    return len(sections) >= _MIN_TYPICAL_SECTIONS


def _custom_signals(index: _PageIndex, page_url: str) -> list[str]:
    """Participation phrases in the page's title, main headings or URL (``text:conseil citoyen``)."""
    signals: list[str] = []
    path = _path(page_url)
    slug = _SLUG_SEPARATORS.sub(" ", path).lower()
    headings = [text.lower() for text in index.headings()]
    # One substring test per stem over the texts together (no stem holds a line break, so none matches across two).
    if not any(map("\n".join((*headings, slug)).__contains__, _CUSTOM_STEMS)):
        return signals
    for text in headings:
        match = _CUSTOM_PHRASES.search(text)
        if match:
            signal = f"text:{clean_text(match.group(0))}"
            if signal not in signals:
                signals.append(signal)
    if _CUSTOM_PHRASES.search(slug):
        signals.append(f"url:{path}")
    return signals


def _action_cues(index: _PageIndex) -> list[str]:
    """Propose/vote invitations on buttons and links (``action:votez``)."""
    cues: list[str] = []
    for text in index.cues():
        if len(text) > 120:
            continue
        match = _ACTION_CUE.search(text)
        if match:
            cue = f"action:{clean_text(match.group(0)).lower()}"
            if cue not in cues:
                cues.append(cue)
    return cues


@dataclass(slots=True)
class _Text:
    """One text node of the page: an element's text, or the tail that follows an element."""

    string: str
    element: etree._Element
    is_tail: bool

    def holder(self) -> etree._Element | None:
        """The element whose content the text is part of."""
        return self.element.getparent() if self.is_tail else self.element


def _page_texts(root: etree._Element) -> list[_Text]:
    """The non-blank text nodes of the body, in page order (scripts, styles and form options left out).

    A walk over elements: much cheaper than an XPath over text nodes, which builds a smart string per node.
    """
    bodies = _X_BODY(root)
    texts: list[_Text] = []
    for element in bodies[0].iter() if bodies else ():
        tag = element.tag
        if isinstance(tag, str) and tag not in _NO_TEXT_TAGS:
            text = element.text
            if text and not text.isspace():
                texts.append(_Text(text, element, False))
        tail = element.tail
        if tail and not tail.isspace() and element is not bodies[0]:
            texts.append(_Text(tail, element, True))
        if len(texts) >= _MAX_TEXT_NODES:
            break
    return texts


def _ancestors(element: etree._Element | None, depth: int) -> list[etree._Element]:
    """``element`` and its ancestors, nearest first, at most ``depth`` of them."""
    chain: list[etree._Element] = []
    while element is not None and len(chain) < depth:
        chain.append(element)
        element = element.getparent()
    return chain


def _tokenise(text: str, node: int) -> list[_Token]:
    """Numbers (counts), label words and other words of one text node; other words become separator tokens."""
    tokens: list[_Token] = []
    position = 0
    for value, start, end in iter_counts(text):
        _words(text[position:start], node, tokens)
        tokens.append(_Token(node=node, value=value))
        position = end
    _words(text[position:], node, tokens)
    return tokens


def _split_words(text: str) -> list[str]:
    """Lowercased words and digit runs of ``text`` ("d'idées" gives "d", "idées"; "12h30" gives "12", "h", "30")."""
    return _WORD.findall(text.lower())


def _words(text: str, node: int, tokens: list[_Token]) -> None:
    """Append the label and plain word tokens of a stretch of text between counts (rejected numbers are plain words).

    A label leads its phrase when the words since the last number or label of its text node are all lead-in words
    ("Nombre total de votes", "Votes exprimés"), not when it ends a phrase ("Projets retenus au vote"). Only the first
    word of a stretch (a label after a number) and its last few (a label phrase before a number) can pair, so the
    words between them are counted, not read.
    """
    words = _split_words(text)
    if not words:
        return
    previous = tokens[-1] if tokens and tokens[-1].node == node else None
    leading = previous is None or previous.words == 0
    if len(words) <= _MAX_LABEL_FILLERS + 3:
        _append_words(words, node, tokens, leading)
        return
    leading = _append_words(words[:1], node, tokens, leading)
    middle, tail = words[1 : -_MAX_LABEL_FILLERS - 1], words[-_MAX_LABEL_FILLERS - 1 :]
    last = tokens[-1]
    if last.node == node and last.words:
        last.words += len(middle)
    else:
        tokens.append(_Token(node=node, words=len(middle)))
    for word in reversed(middle):
        if word not in _LEAD_IN_WORDS:
            leading = word in _LABELS
            break
    _append_words(tail, node, tokens, leading)


def _append_words(words: list[str], node: int, tokens: list[_Token], leading: bool) -> bool:
    """Append tokens for lowercased ``words`` of one text node; return whether a label would lead after them."""
    previous = tokens[-1] if tokens and tokens[-1].node == node else None
    if _LABELS.keys().isdisjoint(words):
        # The common case, kept cheap: a run of plain words is one token that knows its length.
        if not words:
            return leading
        if previous is not None and previous.words:
            previous.words += len(words)
        else:
            tokens.append(_Token(node=node, words=len(words)))
        return leading and _LEAD_IN_WORDS.issuperset(words)
    before = ""
    for word in words:
        label = _LABELS.get(word)
        if label:
            previous = _Token(
                node=node,
                measure=label[0],
                rank=label[1],
                word=word.rstrip("s"),
                leads=leading,
                total=before in _TOTAL_WORDS,
            )
            tokens.append(previous)
            leading = True
        elif previous is not None and previous.words:
            previous.words += 1
            leading = leading and word in _LEAD_IN_WORDS
        else:
            previous = _Token(node=node, words=1)
            tokens.append(previous)
            leading = leading and word in _LEAD_IN_WORDS
        before = word
    return leading


def _find_counters(texts: list[_Text]) -> list[_Counter]:
    """Numbers paired with an adjacent label, reading tokens left to right and pairing greedily.

    Greedy pairing reads both orders right: "221 participants 192 contributions" and "Participants 221 Contributions
    192" pair up from the start. Tokens from different text nodes are adjacent only when their nodes are close in
    the tree, so a year closing one block does not pair with the heading of the next.
    """
    blocks = _Blocks()
    tokens: list[_Token] = []
    # Only text nodes with a digit and their wordy neighbours can hold a pair; other words only keep apart what
    # comes before and after them, so they are not read word by word.
    wordy = [index for index, text in enumerate(texts) if _WORD.search(text.string)]
    digits = [bool(_DIGIT.search(texts[index].string)) for index in wordy]
    for position, index in enumerate(wordy):
        near_digit = digits[position] or (
            (position > 0 and digits[position - 1]) or (position + 1 < len(wordy) and digits[position + 1])
        )
        content = texts[index].string
        words = _split_words(content) if near_digit else []
        labelled = not _LABELS.keys().isdisjoint(words)
        # A node with a label, or a short one with a figure, may hold a pair; in long prose without any label,
        # a number has nothing to pair with.
        if labelled or (digits[position] and len(words) <= _MAX_UNLABELLED_WORDS):
            blocks.holders[index] = texts[index].holder()
            tokens.extend(_tokenise(content, index))
        else:
            tokens.append(_Token(node=index, words=1))
    counters: list[_Counter] = []
    # Text node of the last number that paired with a label before it: in that block, labels come first, so a number
    # left over there must not take the next figure's label ("<dt>Projets retenus</dt><dd>48</dd><dt>Votes</dt>").
    label_first_node: int | None = None
    i = 0
    while i < len(tokens) - 1:
        pair = _pair_at(tokens, blocks, i, label_first_node)
        if pair is None:
            i += 1
            continue
        number, label, i, label_first = pair
        label_first_node = number.node if label_first else None
        holder = blocks.holders.get(number.node)
        if holder is not None and number.value is not None and label.measure is not None:
            counters.append(
                _Counter(
                    label.measure, number.value, label.rank, label.word, holder, order=len(counters), total=label.total
                )
            )
    return counters


class _Blocks:
    """Where text nodes sit in the tree, to tell whether two of them belong to the same small block."""

    def __init__(self) -> None:
        """Start with no known text node holders and no cached ancestor chains."""
        self.holders: dict[int, etree._Element | None] = {}
        self._chains: dict[int, list[etree._Element]] = {}

    def _chain(self, node: int) -> list[etree._Element]:
        """The holder of text node ``node`` and its ancestors, nearest first, ``_NEIGHBOUR_DEPTH`` at most; cached."""
        chain = self._chains.get(node)
        if chain is None:
            chain = self._chains[node] = _ancestors(self.holders.get(node), _NEIGHBOUR_DEPTH)
        return chain

    def close(self, a: int, b: int) -> bool:
        """Whether text nodes ``a`` and ``b`` are the same node or share an ancestor a few levels up."""
        if a == b:
            return True
        other = self._chain(b)
        return any(element in other for element in self._chain(a))


def _pair_at(
    tokens: list[_Token], blocks: _Blocks, i: int, label_first_node: int | None
) -> tuple[_Token, _Token, int, bool] | None:
    """The number and label pairing up at ``tokens[i]``, the index after them and whether the label came first.

    A number and a label pair when they are next to each other. A label may also be followed by a few more words of
    its own text node before the number, the way stats blocks title their figures: the first label word names the
    measure ("Idées déposées : 612", "Soutiens aux propositions 24 615" counts votes). A number does not take the
    label after it in a block where labels were seen to come first (``label_first_node``, see the caller).
    """
    first, second = tokens[i], tokens[i + 1]
    if (
        first.value is not None
        and second.measure is not None
        and blocks.close(first.node, second.node)
        and (label_first_node is None or not blocks.close(label_first_node, first.node))
    ):
        return first, second, i + 2, False
    if first.measure is not None and first.leads and second.value is not None and blocks.close(first.node, second.node):
        return second, first, i + 2, True
    if first.measure is None or not first.leads:
        return None
    fillers = 0
    for j in range(i + 1, min(i + 5, len(tokens))):
        token = tokens[j]
        if token.value is not None:
            return (token, first, j + 1, True) if blocks.close(tokens[j - 1].node, token.node) else None
        fillers += token.words or 1
        if token.node != first.node or fillers > _MAX_LABEL_FILLERS:
            return None
    return None


def _list_items(holder: etree._Element) -> list[etree._Element]:
    """The ancestors that are one of several same-tag, same-class siblings (items of a list), nearest first: a
    counter's line in a card's small list, the card in the grid."""
    items = []
    for element in _ancestors(holder, _ANCESTOR_DEPTH):
        parent = element.getparent()
        if parent is None or element.tag not in _LIST_TAGS:
            continue
        css = element.get("class")
        for sibling in (element.getprevious(), element.getnext()):
            if sibling is not None and sibling.tag == element.tag and sibling.get("class") == css:
                items.append(element)
                break
    return items


def _in_stats_block(holder: etree._Element) -> bool:
    """Whether a counter sits in an element whose class or id names statistics (its siblings are measures, not
    items of a list)."""
    for element in _ancestors(holder, _ANCESTOR_DEPTH):
        if isinstance(element.tag, str) and _STATS_CLASS.search(
            f"{element.get('class') or ''} {element.get('id') or ''}"
        ):
            return True
    return False


# A counter displayed as one stands in a short line ("Participants : 221", "612 idées déposées"); longer is a sentence.
_PROSE_LENGTH = 80


def _score(counter: _Counter) -> int:
    """3 in a stats block or labelled as a total ("Total Posts"), 2 in a heading, 1 elsewhere, 0 inside one item (a
    card, an idea, a comment)."""
    for element in _ancestors(counter.holder, _ANCESTOR_DEPTH):
        if not isinstance(element.tag, str):
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if _STATS_CLASS.search(names):
            return 3
        if _ITEM_CLASS.search(names):
            return 0
        if element.tag in _HEADING_TAGS:
            return 3 if counter.total else 2
    return 3 if counter.total else 1


def _in_one_item(counter: _Counter) -> bool:
    """Whether a counter sits inside an element naming one item (the proposal a CONSUL page shows, with its
    ``total-supports``); an element naming a stats block too (``ideas-stats``) is not one item, nor is the body."""
    for element in _ancestors(counter.holder, _ANCESTOR_DEPTH):
        if not isinstance(element.tag, str) or element.tag in _PAGE_TAGS:
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if _ITEM_CLASS.search(names) and not _STATS_CLASS.search(names):
            return True
    return False


def _rate(counters: list[_Counter]) -> None:
    """Score each counter; counters repeated across the items of one list get 0 (per-item values)."""
    # Keys hold the parent element itself, not its id(): lxml proxies die and their ids get reused.
    seen: dict[tuple[str, str, etree._Element], etree._Element] = {}
    per_item: set[tuple[str, str, etree._Element]] = set()
    items: list[tuple[_Counter, list[tuple[str, str, etree._Element]]]] = []
    for counter in counters:
        keys = []
        for item in () if counter.from_table else _list_items(counter.holder):
            parent = item.getparent()
            if parent is None:
                continue
            key = (counter.measure, counter.word, parent)
            keys.append(key)
            first_item = seen.setdefault(key, item)
            if first_item is not item:
                per_item.add(key)
        items.append((counter, keys))
    for counter, keys in items:
        repeated = any(key in per_item for key in keys)
        # A stats block lists different measures side by side ("Members", "Active Members"): not items of a list.
        counter.score = 0 if repeated and not _in_stats_block(counter.holder) else _score(counter)


def _pick(counters: list[_Counter], min_score: int) -> dict[str, _Counter]:
    """The winning counter of each measure (see the module docstring)."""
    best: dict[str, _Counter] = {}
    for counter in counters:
        if counter.score < min_score:
            continue
        current = best.get(counter.measure)
        if current is None or (-counter.score, counter.rank, counter.order) < (
            -current.score,
            current.rank,
            current.order,
        ):
            best[counter.measure] = counter
    return best


def _label_of(text: str) -> tuple[str, int, str] | None:
    """Measure, rank and word of the first label word of a short text (a row or column heading)."""
    if len(text) > 80:
        return None
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if word in _LABELS:
            measure, rank = _LABELS[word]
            return measure, rank, word.rstrip("s")
    return None


def _table_counters(rows: list[etree._Element]) -> tuple[list[_Counter], set[etree._Element]]:
    """Counters of stats tables, and the rows they were read from (left out of the running-text pass).

    Row-wise tables (a label cell then figures, as on Discourse's about page) take the figure under an "all time" or
    "total" column heading (rows without one are skipped: their figures are per period), else the row's last
    figure. Column-wise tables (a row of labels over a row of figures) pair cells by column; a row naming what it
    counts (a district, a month) is a breakdown, not the totals.
    """
    counters: list[_Counter] = []
    used: set[etree._Element] = set()
    total_column: dict[etree._Element, int] = {}
    previous: tuple[etree._Element, list[etree._Element], list[str]] | None = None
    for row in rows:
        cells = [cell for cell in row if cell.tag in ("td", "th")]
        texts = [_text_of(cell) for cell in cells]
        table = next((node for node in row.iterancestors("table")), None)
        if not cells or table is None:
            continue
        # A long cell is prose or a whole layout column, never one figure.
        values = [parse_count(text) if len(text) <= _MAX_CELL else None for text in texts]
        if all(cell.tag == "th" for cell in cells) or all(value is None for value in values):
            for index, text in enumerate(texts):
                if _TOTAL_HEADER.search(text):
                    total_column[table] = index
            previous = (row, cells, texts)
            continue
        label = _label_of(texts[0])
        if label and any(value is not None for value in values[1:]):
            column = total_column.get(table)
            if column is None:
                column = max(index for index, value in enumerate(values) if value is not None)
            elif column >= len(values) or values[column] is None:
                # No all-time figure: the others are per-period ("last 30 days"), not the space's size.
                used.add(row)
                continue
            value = values[column]
            if value is not None and column > 0:
                counters.append(_Counter(label[0], value, label[1], label[2], cells[column], order=0, from_table=True))
                used.add(row)
        elif (
            previous is not None
            and len(previous[1]) == len(cells)
            # A row of figures; one naming its row ("Centro storico | 612") is a breakdown (by district, by month).
            and all(value is not None for value, text in zip(values, texts, strict=True) if text)
        ):
            for cell, heading, value in zip(cells, previous[2], values, strict=True):
                header_label = _label_of(heading)
                if header_label and value is not None:
                    counters.append(
                        _Counter(
                            header_label[0], value, header_label[1], header_label[2], cell, order=0, from_table=True
                        )
                    )
                    used.update((row, previous[0]))
        previous = (row, cells, texts)
    return counters, used


def _in_rows(holder: etree._Element | None, rows: set[etree._Element]) -> bool:
    """Whether a text holder sits inside one of ``rows``."""
    return any(node in rows for node in _ancestors(holder, _ANCESTOR_DEPTH))


def _page_counters(root: etree._Element) -> list[_Counter]:
    """All scored counters of the page, in page order."""
    try:
        rows = _TABLE_ROWS(root)
    except etree.XPathError:
        rows = []
    texts = _page_texts(root)
    table_counters, used_rows = _table_counters(rows)
    if used_rows:
        texts = [text for text in texts if not _in_rows(text.holder(), used_rows)]
    counters = _find_counters(texts)
    # Table counters go first: pages rarely hold both, and page order among them is kept.
    counters = table_counters + counters
    for order, counter in enumerate(counters):
        counter.order = order
    _rate(counters)
    return counters


def _title(root: etree._Element, whole_site: bool) -> str | None:
    """The space's name: the first main heading, else og:title, else the document title.

    For a space that is a whole instance (a Decidim or Discourse home), the site's name (og:site_name) comes first:
    its main heading is often a welcome line.
    """
    queries = [_X_FIRST_H1, _X_OG_TITLE, _X_TITLE]
    if whole_site:
        queries.insert(0, _X_OG_SITE_NAME)
    for query in queries:
        for text in _strings(query, root):
            cleaned = clean_text(text)
            if cleaned:
                return cleaned[:_MAX_TITLE]
    return None


def _linked_platforms(index: _PageIndex, page_url: str, skip_hosts: set[str]) -> list[ContributionPlatform]:
    """Instances linked or embedded from the page, one per host, in page order."""
    found: list[ContributionPlatform] = []
    seen = set(skip_hosts)
    for node in index.links():
        is_iframe = node.tag == "iframe"
        href = (node.get("src" if is_iframe else "href") or "").strip()
        if not _ABSOLUTE_OR_PROTOCOL_RELATIVE.match(href):
            # A relative link stays on the page's host, which is never an outbound finding.
            continue
        # Joining an absolute link without ;params, tabs or line breaks keeps its host and path (urljoin gives it
        # back, or re-assembles the same parts): most links (share intents, profiles) name no platform as written,
        # and need not be resolved.
        if (
            href.startswith(("https://", "http://"))
            and not _CHANGED_BY_JOINING.search(href)
            and platform_from_url(href) is None
        ):
            continue
        url = index.page.absolute(href)
        if not url or url.startswith("mailto:"):
            continue
        host = site_host(url)
        if not host or host in seen:
            continue
        platform = platform_from_url(url)
        if platform is None:
            continue
        seen.add(host)
        label = index.page.text(node) or clean_text(node.get("title"))
        found.append(
            ContributionPlatform(
                page_url=page_url,
                platform=platform,
                platform_url=_without_fragment(url),
                title=label[:_MAX_TITLE] or None,
                signals=[f"{'iframe' if is_iframe else 'link'}:{platform}"],
            )
        )
    return found


def _in_prose(counter: _Counter) -> bool:
    """Whether a counter is told within a sentence ("se votaron 145 propuestas, pero solo ..."): a press note or a
    report about a process, not a counter a participation page displays."""
    return counter.score <= 1 and len(" ".join("".join(counter.holder.itertext()).split())) > _PROSE_LENGTH


def _is_evidence(counter: _Counter) -> bool:
    """Whether a counter shows participation by itself: votes, proposals or ideas, or participants so named."""
    if counter.measure == "votes":
        return True
    if counter.measure == "contributions":
        return counter.rank < _COMMENT_RANK
    return counter.word in _PARTICIPANT_EVIDENCE


def read_contribution_platforms(page: Page) -> list[ContributionPlatform]:
    """Contribution spaces the page is part of, or links to, with the participation counts it shows.

    See the module docstring for what is recognised and how counters are chosen. Never raises.
    """
    items: list[ContributionPlatform] = []
    root, page_url = page.root, page.url
    if root is None:
        return items
    page_host = site_host(page_url)
    index = _PageIndex(page, root)
    platform, signals = _self_platform(index, page_url)
    custom_signals: list[str] = []
    if platform is None:
        custom_signals = _custom_signals(index, page_url)
    if platform is not None or custom_signals:
        counters = index.counters(root)
        if platform in FORUMS:
            # A board's statistics show on its index and often on every page; counts repeated per board or per
            # post are per-item (score 0), so a page's own counters need no landing page.
            space_url, _ = _space_url(page_url, platform)
            best = _pick(counters, min_score=1)
            source = "platform_markup" if best and all(c.score == 3 for c in best.values()) else "visible_counter"
        elif platform is not None:
            space_url, landing = _space_url(page_url, platform)
            if not landing:
                # Below the landing page, a stats block inside the one item shown (a proposal) is that item's.
                counters = [counter for counter in counters if counter.score < 3 or not _in_one_item(counter)]
            best = _pick(counters, min_score=1 if landing else 3)
            source = "platform_markup" if best and all(c.score == 3 for c in best.values()) else "visible_counter"
        else:
            # A custom page needs evidence of participation beyond its name: a propose/vote invitation, or a
            # counter of votes, participants or proposals (a comment count alone is any blog's, and "24 membres" any
            # committee's).
            evidence = [f"counter:{c.measure}" for c in counters if _is_evidence(c) and not _in_prose(c)]
            cues = _action_cues(index)
            if evidence or cues:
                platform = "custom"
                space_url = _without_fragment(page_url)
                signals = custom_signals + cues[:3] + sorted(set(evidence))
            best = _pick(counters, min_score=1)
            source = "visible_counter"
        if platform is not None:
            items.append(
                ContributionPlatform(
                    page_url=page_url,
                    platform=platform,
                    platform_url=space_url,
                    title=_title(root, whole_site=platform != "custom" and _path(space_url) == "/"),
                    participants=best["participants"].value if "participants" in best else None,
                    contributions=best["contributions"].value if "contributions" in best else None,
                    votes=best["votes"].value if "votes" in best else None,
                    counts_source=source if best else None,
                    signals=signals,
                )
            )
    if not items:
        petition = _petition(index, root, page_url)
        if petition is not None:
            items.append(petition)
    skip = {page_host}
    items.extend(_linked_platforms(index, page_url, skip))
    return items


def extract_contribution_platforms(selector: Selector, page_url: str) -> list[ContributionPlatform]:
    """:func:`read_contribution_platforms` of the page parsed as ``selector`` at ``page_url`` (callers without a
    :class:`Page`; the spider builds one per response and calls the reader)."""
    from inbound_spiders.page.model import Page  # not at the top: the page model imports this package's helpers

    return read_contribution_platforms(Page(selector, page_url))


def _petition(index: _PageIndex, root: etree._Element, page_url: str) -> ContributionPlatform | None:
    """A petition page showing how many people signed ("4,288 Supporters", "1.234 firmas", "567 Unterschriften").

    The page invites to sign (a petition phrase in its title or main headings) and shows a counter labelled
    with a signature word that is not one of a list's items (an index of petitions with one count each) nor part of
    a sentence (news about a petition). The count is the page's own entity's, as ``participants``.
    """
    # One search over the headings together (already read for custom pages): most pages name no petition at all.
    headings = "\n".join(index.headings()).lower()
    if not any(stem in headings for stem in _PETITION_STEMS):
        return None
    phrases = [match.group(0) for match in _PETITION_PHRASE.finditer(headings)]
    if not phrases:
        return None
    signatures = [
        counter
        for counter in index.counters(root)
        if counter.measure == "participants"
        and counter.word in _SIGNATURE_WORDS
        and counter.score > 0
        and len(index.page.text(counter.holder).split()) <= _MAX_PETITION_COUNTER_WORDS
    ]
    if not signatures:
        return None
    best = _pick(signatures, min_score=1)["participants"]
    signals = [*(f"petition:{phrase}" for phrase in list(dict.fromkeys(phrases))[:3]), f"counter:{best.word}"]
    return ContributionPlatform(
        page_url=page_url,
        platform="petition",
        platform_url=_without_fragment(page_url),
        title=_title(root, whole_site=False),
        participants=best.value,
        counts_source="visible_counter",
        signals=signals,
    )
