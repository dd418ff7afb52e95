"""Site profiles: one declarative JSON file per site, each becoming a spider of its name.

``inbound_spiders/profiles/<name>.json`` declares a site (start URLs, allowed domains, render mode, crawl bounds,
hints and per-kind selector additions) and is checked against ``schemas/site_profile.schema.json``; the spider
module :mod:`inbound_spiders.spiders.profiles` turns each profile into a spider. Files are read with
:mod:`importlib.resources`, so they load the same from a checkout, a wheel or a Scrapyd egg. A profile that breaks
the schema fails at load with a :class:`ProfileError` naming the file, the field and the rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cssselect import SelectorError
from lxml import etree
from parsel.csstranslator import HTMLTranslator

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

PROFILE_PACKAGE = "inbound_spiders.profiles"
PROFILE_SCHEMA = "site_profile"
RENDER_MODES = ("never", "always", "auto")
#: A selector starting with one of these is XPath; anything else is CSS.
XPATH_PREFIXES = ("/", "(", "./")


class ProfileError(ValueError):
    """A profile file that cannot be used. The message names the file, the field (dotted path) and the rule."""

    def __init__(self, file: str, field: str, rule: str, message: str) -> None:
        self.file = file
        self.field = field
        self.rule = rule
        super().__init__(f"site profile {file}: field {field}: {message} [{rule}]")


@dataclass(frozen=True, kw_only=True)
class ContributionHint:
    """Where the site's contribution space is, and on which platform."""

    url: str
    """URL of the contribution space."""
    type: str | None = None
    """Its platform (``decidim``, ``cap_collectif``, ``custom``...); ``None`` when unknown."""


@dataclass(frozen=True, kw_only=True)
class ProfileHints:
    """What the profile's author already knows about the site."""

    team_page_url: str | None = None
    """The page presenting the team (always requested)."""
    contribution_platform: ContributionHint | None = None
    """The contribution space (always requested)."""
    skip: tuple[str, ...] = ()
    """Regular expressions searched in a link's path and query: matching links are not followed."""


@dataclass(frozen=True, kw_only=True)
class TeamPageSelectors:
    """How to recognise team pages and read their members when the extractor does not."""

    url_patterns: tuple[str, ...] = ()
    """Regular expressions searched in a page's path: matching pages are team pages."""
    member: str | None = None
    """Selector of one element per person."""
    member_name: str | None = None
    """Selector of the name, relative to a member element (default: the member's text)."""
    member_role: str | None = None
    """Selector of the role, relative to a member element."""


@dataclass(frozen=True, kw_only=True)
class ContributionSelectors:
    """How to recognise contribution spaces the extractor misses."""

    url_patterns: tuple[str, ...] = ()
    """Regular expressions searched in a page's path: matching pages are contribution spaces."""
    platform: str | None = None
    """Their platform (default: the hint's type, else ``custom``)."""


@dataclass(frozen=True, kw_only=True)
class ProfileSelectors:
    """Per-kind additions to what the extractors find (CSS, or XPath when starting with ``/``, ``(`` or ``./``)."""

    call_to_action: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Action (``donate``, ``newsletter``...) → selectors of elements that are calls to action for it."""
    share_widget: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Network → selectors of share links (share intents) or links to the site's profile on that network."""
    team_page: TeamPageSelectors | None = None
    """Team page recognition and member reading."""
    contribution_platform: ContributionSelectors | None = None
    """Contribution space recognition."""


@dataclass(frozen=True, kw_only=True)
class SiteProfile:
    """One validated site profile."""

    name: str
    """Spider name; equals the file name without ``.json``."""
    file: str
    """The file it was read from (``hamon2017.json``), for messages."""
    start_urls: tuple[str, ...]
    """Where crawls start; the first one names the audited site."""
    title: str | None = None
    """Human name of the site."""
    allowed_domains: tuple[str, ...] = ()
    """Domains whose links are followed (subdomains included); empty means the start URLs' sites."""
    render: str | None = None
    """``never``, ``always`` or ``auto``: whether pages need a browser; ``None`` keeps ``INBOUND_RENDER_MODE``."""
    max_pages: int | None = None
    """Default page budget; ``None`` keeps the project default."""
    max_depth: int | None = None
    """Default link depth; ``None`` keeps the project default."""
    as_of: str | None = None
    """Audit the site as the Wayback Machine archived it nearest this date (``2017-02-20``) unless ``-a as_of=`` says
    otherwise (``-a as_of=live``: the live site); ``None`` audits the live site."""
    hints: ProfileHints = field(default_factory=ProfileHints)
    """What the author knows about the site."""
    selectors: ProfileSelectors = field(default_factory=ProfileSelectors)
    """Per-kind selector additions."""
    settings: Mapping[str, Any] = field(default_factory=dict)
    """Scrapy settings for this site only (the spider's ``custom_settings``)."""
    spider_class: str | None = None
    """``module:Class`` of a hand-written subclass handling this profile; no spider is generated for it."""


@cache
def profile_validator() -> Draft202012Validator:
    """The draft 2020-12 validator of ``schemas/site_profile.schema.json``, formats (``uri``, ``regex``) checked."""
    # Imported here: jsonschema's format checkers take seconds to import, and listing profile names needs none.
    from jsonschema import Draft202012Validator, FormatChecker

    from inbound_spiders.contracts import load_schema

    schema = load_schema(PROFILE_SCHEMA)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _dotted(path: Iterable[Any]) -> str:
    return ".".join(str(part) for part in path) or "(profile)"


def error_field(error: ValidationError) -> str:
    """The dotted path of the field a schema violation is about, down to an unexpected or misnamed key."""
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        declared = set(error.schema.get("properties", {}))
        path += sorted(key for key in error.instance if key not in declared)[:1]
    elif "propertyNames" in error.absolute_schema_path:
        path.append(error.instance)
    return _dotted(path)


def _error_order(error: ValidationError) -> tuple[int, str, str]:
    # Deepest first: "hints.skip.0 is not a regex" says more than "hints is invalid"; then a stable order.
    return (-len(error.absolute_path), error_field(error), str(error.validator))


def is_xpath(selector: str) -> bool:
    """Whether a profile selector is XPath (starts with ``/``, ``(`` or ``./``) rather than CSS."""
    return selector.startswith(XPATH_PREFIXES)


def _selector_problem(selector: str) -> tuple[str, str] | None:
    """``(rule, message)`` when ``selector`` does not compile, else ``None``."""
    try:
        if is_xpath(selector):
            etree.XPath(selector)
        else:
            HTMLTranslator().css_to_xpath(selector)
    except etree.XPathSyntaxError as error:
        return "xpath", f"{selector!r} is not a valid XPath expression ({error})"
    except SelectorError as error:
        return "css", f"{selector!r} is not a valid CSS selector ({error})"
    return None


def _selector_fields(document: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    """``(dotted field, selector)`` for every selector of a (schema-valid) profile."""
    selectors = document.get("selectors", {})
    for kind in ("call_to_action", "share_widget"):
        for key, values in selectors.get(kind, {}).items():
            for index, value in enumerate(values):
                yield f"selectors.{kind}.{key}.{index}", value
    for key in ("member", "member_name", "member_role"):
        if key in selectors.get("team_page", {}):
            yield f"selectors.team_page.{key}", selectors["team_page"][key]


def parse_profile(document: Any, file: str) -> SiteProfile:
    """Validate a profile document read from ``file`` and build its :class:`SiteProfile`.

    Raises :class:`ProfileError` for the first problem found: a schema violation (deepest field first), a name that
    differs from the file name, or a selector that does not compile.
    """
    errors = sorted(profile_validator().iter_errors(document), key=_error_order)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise ProfileError(file, error_field(first), str(first.validator), first.message + more)
    stem = file.rsplit("/", 1)[-1].removesuffix(".json")
    if document["name"] != stem:
        raise ProfileError(file, "name", "file_name", f"{document['name']!r} differs from the file name {stem!r}")
    for dotted, selector in _selector_fields(document):
        problem = _selector_problem(selector)
        if problem:
            raise ProfileError(file, dotted, *problem)

    hints = document.get("hints", {})
    contribution = hints.get("contribution_platform")
    selectors = document.get("selectors", {})
    team = selectors.get("team_page")
    contribution_selectors = selectors.get("contribution_platform")
    return SiteProfile(
        name=document["name"],
        file=file,
        title=document.get("title"),
        start_urls=tuple(document["start_urls"]),
        allowed_domains=tuple(document.get("allowed_domains", ())),
        render=document.get("render"),
        max_pages=document.get("max_pages"),
        max_depth=document.get("max_depth"),
        as_of=document.get("as_of"),
        hints=ProfileHints(
            team_page_url=hints.get("team_page_url"),
            contribution_platform=ContributionHint(**contribution) if contribution else None,
            skip=tuple(hints.get("skip", ())),
        ),
        selectors=ProfileSelectors(
            call_to_action={key: tuple(value) for key, value in selectors.get("call_to_action", {}).items()},
            share_widget={key: tuple(value) for key, value in selectors.get("share_widget", {}).items()},
            team_page=TeamPageSelectors(
                url_patterns=tuple(team.get("url_patterns", ())),
                member=team.get("member"),
                member_name=team.get("member_name"),
                member_role=team.get("member_role"),
            )
            if team
            else None,
            contribution_platform=ContributionSelectors(
                url_patterns=tuple(contribution_selectors.get("url_patterns", ())),
                platform=contribution_selectors.get("platform"),
            )
            if contribution_selectors
            else None,
        ),
        settings=dict(document.get("settings", {})),
        spider_class=document.get("spider_class"),
    )


def read_profile(resource: Traversable | Path, file: str | None = None) -> SiteProfile:
    """Read, validate and build the profile stored in ``resource`` (a package resource or a path)."""
    file = file or resource.name
    try:
        document = json.loads(resource.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ProfileError(file, "(file)", "json", f"not valid JSON: {error}") from None
    return parse_profile(document, file)


def load_profiles(folder: Traversable | Path | None = None) -> dict[str, SiteProfile]:
    """Every ``*.json`` profile of ``folder`` (default: the packaged profiles), by name, in name order."""
    root = folder if folder is not None else files(PROFILE_PACKAGE)
    profiles = {}
    for resource in sorted(root.iterdir(), key=lambda entry: entry.name):
        if resource.name.endswith(".json") and resource.is_file():
            profile = read_profile(resource)
            profiles[profile.name] = profile
    return profiles


def profile_names(folder: Traversable | Path | None = None) -> list[str]:
    """Names of the profiles of ``folder`` (default: the packaged ones) from their file names, without reading them."""
    root = folder if folder is not None else files(PROFILE_PACKAGE)
    return sorted(entry.name.removesuffix(".json") for entry in root.iterdir() if entry.name.endswith(".json"))


@cache
def packaged_profiles() -> dict[str, SiteProfile]:
    """The profiles shipped with the project (read once per process)."""
    return load_profiles()


def get_profile(name: str) -> SiteProfile:
    """The packaged profile ``name``; a :class:`KeyError` listing the known names otherwise."""
    profiles = packaged_profiles()
    try:
        return profiles[name]
    except KeyError:
        raise KeyError(f"no site profile {name!r} (known: {', '.join(profiles) or 'none'})") from None


__all__ = [
    "RENDER_MODES",
    "ContributionHint",
    "ContributionSelectors",
    "ProfileError",
    "ProfileHints",
    "ProfileSelectors",
    "SiteProfile",
    "TeamPageSelectors",
    "get_profile",
    "is_xpath",
    "load_profiles",
    "packaged_profiles",
    "parse_profile",
    "profile_names",
    "read_profile",
]
