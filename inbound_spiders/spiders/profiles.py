"""One spider per site profile: ``scrapy crawl hamon2017`` audits the site declared in ``profiles/hamon2017.json``.

At import, every packaged profile (:mod:`inbound_spiders.profiles`) becomes a :class:`ProfileSpider` subclass named
after it and placed in this module's globals, where Scrapy's spider loader finds it. A profile spider starts from the
profile's start URLs (``-a url=`` still replaces them, which is how the tests point ``hamon2017`` at the local
replica), follows links on the allowed domains minus the ``hints.skip`` patterns, requests the hinted team and
contribution pages, and completes the extractors' findings with the profile's selectors.

A site that truly needs custom parsing gets a thin subclass instead of a generated spider: set
``"spider_class": "inbound_spiders.spiders.<module>:<Class>"`` in its profile and write, in that module::

    class Fillon2017Spider(ProfileSpider, profile="fillon2017"):
        def findings(self, response):
            yield from super().findings(response)
            ...  # what the extractors and the profile's selectors cannot see

Everything declarative (URLs, bounds, hints, selectors, settings) still comes from the profile.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from parsel import Selector, SelectorList
from scrapy.http import HtmlResponse
from w3lib.url import canonicalize_url

from inbound_spiders.extractors.placement import placement_of
from inbound_spiders.identity import site_of, utc_now_iso
from inbound_spiders.items import CallToAction, ContributionPlatform, InboundItem, ShareWidget, TeamMember, TeamPage
from inbound_spiders.knowledge.social import share_intent
from inbound_spiders.page.tree import response_tree
from inbound_spiders.profiles import (
    RENDER_MODES,
    ContributionSelectors,
    ProfileHints,
    SiteProfile,
    TeamPageSelectors,
    get_profile,
    is_xpath,
    packaged_profiles,
)
from inbound_spiders.spiders.base import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_PAGES,
    InboundSpider,
    SpiderArgumentError,
    positive_int_argument,
)

logger = logging.getLogger(__name__)

MAX_LABEL_LENGTH = 500


def select(node: Selector | SelectorList | HtmlResponse, selector: str) -> SelectorList:
    """Apply a profile selector: XPath when it starts with ``/``, ``(`` or ``./``, CSS otherwise."""
    return node.xpath(selector) if is_xpath(selector) else node.css(selector)


def text_of(nodes: Iterable[Selector]) -> str:
    """Whitespace-normalised text of elements, text nodes or attribute values."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node.root, str):
            parts.append(node.root)
        else:
            parts.extend(node.xpath(".//text()").getall())
    return " ".join(" ".join(parts).split())


def path_and_query(url: str) -> str:
    """``/path?query`` of a URL: what ``hints.skip`` and ``url_patterns`` are searched in."""
    parts = urlsplit(url)
    return f"{parts.path or '/'}?{parts.query}" if parts.query else parts.path or "/"


def _tag(node: Selector) -> str:
    return (node.xpath("name()").get() or "").lower()


def _absolute(page_url: str, href: str | None) -> str | None:
    if not href or href.strip().lower().startswith(("javascript:", "#")):
        return None
    return urljoin(page_url, href.strip())


def profile_call_to_action(node: Selector, action: str, page_url: str) -> CallToAction:
    """A call to action for ``action`` from an element a profile selector matched (link, button or form; another
    element stands for the first link, form or button inside it)."""
    if _tag(node) not in ("a", "form", "button", "input"):
        inner = node.xpath("(.//a[@href] | .//form | .//button)[1]")
        node = inner[0] if inner else node
    tag = _tag(node)
    if tag == "a":
        element, target = "link", _absolute(page_url, node.attrib.get("href"))
        label = text_of([node]) or node.attrib.get("aria-label") or node.attrib.get("title") or ""
    elif tag == "form":
        element, target = "form", urljoin(page_url, node.attrib.get("action") or page_url)
        submit = node.xpath(".//button[not(@type='button')] | .//input[@type='submit']")
        label = (text_of(submit[:1]) or submit.xpath("@value").get("")) if submit else ""
    else:
        element, target = "button", _absolute(page_url, node.attrib.get("formaction"))
        label = text_of([node]) or node.attrib.get("value") or node.attrib.get("aria-label") or ""
    return CallToAction(
        page_url=page_url,
        action=action,
        label=(label or action)[:MAX_LABEL_LENGTH],
        element=element,
        target_url=target,
        placement=placement_of(node),
    )


def profile_share_widget(node: Selector, network: str, page_url: str) -> ShareWidget | None:
    """A share link or follow link on ``network`` from an element a profile selector matched: a share when its URL has
    the shape of a share intent (:func:`inbound_spiders.knowledge.social.share_intent`), a follow otherwise."""
    link = node if _tag(node) == "a" else next(iter(node.xpath(".//a[@href]")), None)
    href = _absolute(page_url, link.attrib.get("href")) if link is not None else None
    if not href:
        return None
    intent = share_intent(href, page_url)
    if intent is not None:
        return ShareWidget(page_url=page_url, role="share", network=network, href=href, shared_url=intent.shared_url)
    return ShareWidget(page_url=page_url, role="follow", network=network, href=href)


def profile_team_members(
    page: Selector | HtmlResponse, selectors: TeamPageSelectors, page_url: str
) -> list[TeamMember]:
    """The people a team page shows, read with the profile's ``member``/``member_name``/``member_role`` selectors."""
    if not selectors.member:
        return []
    members = []
    for node in select(page, selectors.member):
        name = text_of(select(node, selectors.member_name)) if selectors.member_name else text_of([node])
        if not name:
            continue
        role = text_of(select(node, selectors.member_role)) if selectors.member_role else ""
        links = [url for url in (_absolute(page_url, href) for href in node.xpath(".//a/@href").getall()) if url]
        members.append(
            TeamMember(name=name, role=role or None, has_photo=bool(node.xpath(".//img")), bio_length=0, links=links)
        )
    return members


def page_title(page: Selector | HtmlResponse) -> str | None:
    """The page's main heading, else its ``<title>``."""
    return text_of(page.xpath("(//h1)[1]")) or text_of(page.xpath("//title")) or None


class ProfileSpider(InboundSpider):
    """A spider configured by a site profile. Subclass with ``class X(ProfileSpider, profile="name")``; the
    generated spiders of this module are exactly that with no body."""

    profile: ClassVar[SiteProfile]
    """The profile this spider audits."""
    render_mode: str | None = None
    """``never``, ``always`` or ``auto``, from the profile: whether pages need a browser (the rendering layer reads
    it; ``-a render=`` overrides it for one crawl; ``None`` keeps ``INBOUND_RENDER_MODE``)."""
    hints: ProfileHints = ProfileHints()
    """What the profile says about the site (team page, contribution platform, pages to skip)."""

    def __init_subclass__(cls, profile: str | SiteProfile | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if profile is None:
            return
        profile = get_profile(profile) if isinstance(profile, str) else profile
        cls.profile = profile
        cls.name = profile.name
        cls.default_url = profile.start_urls[0]
        cls.render_mode = profile.render
        cls.default_as_of = profile.as_of
        cls.hints = profile.hints
        own_settings = cls.__dict__.get("custom_settings") or {}
        cls.custom_settings = {**profile.settings, **own_settings} or None

    def __init__(self, *args: Any, url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, url=url, **kwargs)
        profile = self.profile
        self.site_name = profile.title
        #: Whether ``-a url=`` replaced the profile's start URLs (then the crawl stays on that URL's site).
        self.url_overridden = bool(url)
        if not self.url_overridden:
            self.start_urls = list(profile.start_urls)
        self.max_pages = positive_int_argument(
            "max_pages", self.arguments.get("max_pages"), profile.max_pages or DEFAULT_MAX_PAGES
        )
        self.max_depth = positive_int_argument(
            "max_depth", self.arguments.get("max_depth"), profile.max_depth or DEFAULT_MAX_DEPTH
        )
        if self.render_mode is not None and self.render_mode not in RENDER_MODES:
            raise SpiderArgumentError(f"-a render_mode={self.render_mode!r}: expected one of {', '.join(RENDER_MODES)}")
        self.profile_sites = {site_of(start) for start in profile.start_urls} | {
            site_of(f"https://{domain}/") for domain in profile.allowed_domains
        }
        self.follow_domains = tuple(profile.allowed_domains) or tuple(sorted(self.profile_sites))
        self.skip_patterns = [re.compile(pattern) for pattern in self.hints.skip]
        contribution = self.hints.contribution_platform
        self.team_page_url = self.localize(self.hints.team_page_url)
        self.contribution_url = self.localize(contribution.url if contribution else None)
        for hinted in (self.team_page_url, self.contribution_url):
            if hinted and hinted not in self.start_urls:
                self.start_urls.append(hinted)

    def localize(self, url: str | None) -> str | None:
        """A profile URL as this crawl reaches it: itself, or, when ``-a url=`` moved the crawl to another origin,
        the same path on that origin (``None`` for a URL off the profile's sites, which is not requested then)."""
        if not url or not self.url_overridden:
            return url
        if site_of(url) not in self.profile_sites:
            return None
        origin = urlsplit(self.start_urls[0])
        return urlunsplit(urlsplit(url)._replace(scheme=origin.scheme, netloc=origin.netloc))

    def should_follow(self, url: str) -> bool:
        """Links on the allowed domains (on the ``-a url=`` site when overridden) not matching ``hints.skip``."""
        if self.url_overridden:
            if site_of(url) != self.site:
                return False
        else:
            host = (urlsplit(url).hostname or "").lower()
            if not any(host == domain or host.endswith(f".{domain}") for domain in self.follow_domains):
                return False
        target = path_and_query(url)
        return not any(pattern.search(target) for pattern in self.skip_patterns)

    def findings(self, response: HtmlResponse) -> Iterator[InboundItem | scrapy.Request]:
        """The extractors' findings, adjusted by the profile's hints and selectors, then what the profile's selectors
        find that the extractors did not (same key = same finding, reported once). Requests (platform lookups) made
        by the base spider pass through unchanged."""
        extracted: list[InboundItem] = []
        for output in super().findings(response):
            if isinstance(output, InboundItem):
                output = self.adjust(output, response)
                extracted.append(output)
            yield output
        seen = {item.key for item in extracted}
        crawled_at = next((item.crawled_at for item in extracted if item.crawled_at), None) or utc_now_iso()
        for item in self.profile_findings(response, extracted):
            stamped = self.stamp_finding(item, response, crawled_at=crawled_at)
            if stamped.key in seen:
                continue
            seen.add(stamped.key)
            self.crawler.stats.inc_value(f"inbound/profile/{stamped.kind}/added")
            yield stamped

    def _is_page(self, response: HtmlResponse, hinted: str | None, patterns: Iterable[str]) -> list[str]:
        """Signals saying ``response`` is the hinted page or matches one of ``patterns`` (empty when neither)."""
        signals = []
        if hinted and canonicalize_url(hinted) == canonicalize_url(response.url):
            signals.append("profile:hint")
        target = path_and_query(response.url)
        signals.extend(f"profile:url_pattern:{pattern}" for pattern in patterns if re.search(pattern, target))
        return signals

    def _team_signals(self, response: HtmlResponse) -> list[str]:
        team = self.profile.selectors.team_page or TeamPageSelectors()
        return self._is_page(response, self.team_page_url, team.url_patterns)

    def _contribution_signals(self, response: HtmlResponse) -> list[str]:
        selectors = self.profile.selectors.contribution_platform or ContributionSelectors()
        return self._is_page(response, self.contribution_url, selectors.url_patterns)

    def _contribution_platform(self) -> str | None:
        selectors = self.profile.selectors.contribution_platform
        hint = self.hints.contribution_platform
        return (selectors.platform if selectors else None) or (hint.type if hint else None)

    def adjust(self, item: InboundItem, response: HtmlResponse) -> InboundItem:
        """An extracted item corrected by the profile: hinted team pages and contribution spaces get the profile's
        signal, platform type and members (the profile's member selectors win when they find people)."""
        changes: dict[str, Any] = {}
        if isinstance(item, TeamPage):
            signals = self._team_signals(response)
            members = profile_team_members(
                response_tree(response), self.profile.selectors.team_page or TeamPageSelectors(), response.url
            )
            if members:
                changes["members"] = members
                signals.append("profile:member_selectors")
            if signals:
                changes["signals"] = [*item.signals, *(signal for signal in signals if signal not in item.signals)]
        elif isinstance(item, ContributionPlatform):
            hinted = self.contribution_url and canonicalize_url(item.platform_url) == canonicalize_url(
                self.contribution_url
            )
            signals = self._contribution_signals(response) if item.platform_url == response.url else []
            platform = self._contribution_platform()
            if (hinted or signals) and platform and platform != item.platform:
                changes["platform"] = platform
            if hinted and "profile:hint" not in signals:
                signals.append("profile:hint")
            new_signals = [signal for signal in signals if signal not in item.signals]
            if new_signals:
                changes["signals"] = [*item.signals, *new_signals]
        if not changes:
            return item
        self.crawler.stats.inc_value(f"inbound/profile/{item.kind}/adjusted")
        return dataclasses.replace(item, **changes)

    def profile_findings(self, response: HtmlResponse, extracted: list[InboundItem]) -> Iterator[InboundItem]:
        """What the profile's selectors and hints find on the page, unstamped."""
        selectors = self.profile.selectors
        # The tree the extractors read (parsed once per response), never Scrapy's ``response.selector``: a second
        # parse of every page.
        tree = response_tree(response)
        for action, action_selectors in selectors.call_to_action.items():
            for selector in action_selectors:
                for node in select(tree, selector):
                    yield profile_call_to_action(node, action, response.url)
        for network, network_selectors in selectors.share_widget.items():
            for selector in network_selectors:
                for node in select(tree, selector):
                    widget = profile_share_widget(node, network, response.url)
                    if widget is not None:
                        yield widget
        kinds = {item.kind for item in extracted}
        team_signals = self._team_signals(response)
        if team_signals and "team_page" not in kinds:
            members = profile_team_members(tree, selectors.team_page or TeamPageSelectors(), response.url)
            yield TeamPage(
                page_url=response.url,
                title=page_title(tree),
                presentation="list" if members else "prose",
                members=members,
                signals=team_signals,
            )
        contribution_signals = self._contribution_signals(response)
        if contribution_signals and not any(
            isinstance(item, ContributionPlatform) and item.platform_url == response.url for item in extracted
        ):
            yield ContributionPlatform(
                page_url=response.url,
                platform=self._contribution_platform() or "custom",
                platform_url=response.url,
                title=page_title(tree),
                signals=contribution_signals,
            )


def generate_spiders(profiles: Mapping[str, SiteProfile]) -> dict[str, type[ProfileSpider]]:
    """One :class:`ProfileSpider` subclass per profile without a hand-written ``spider_class``, by class name
    (``hamon2017`` → ``Hamon2017Spider``)."""
    spiders: dict[str, type[ProfileSpider]] = {}
    for profile in profiles.values():
        if profile.spider_class:
            continue
        class_name = "".join(part.capitalize() for part in profile.name.split("_")) + "Spider"
        namespace = {
            "__module__": __name__,
            "__qualname__": class_name,
            "__doc__": f"Audit {profile.title or profile.name} ({profile.start_urls[0]}), as declared in "
            f"profiles/{profile.file}.",
        }
        spiders[class_name] = type(class_name, (ProfileSpider,), namespace, profile=profile)
    return spiders


#: The generated spiders, also bound as module globals so that Scrapy's spider loader lists them.
PROFILE_SPIDERS: dict[str, type[ProfileSpider]] = generate_spiders(packaged_profiles())
globals().update(PROFILE_SPIDERS)
