"""The site audit's checks: pure functions over one run's documents, each giving pass, fail or unknown with evidence.

A check reads an :class:`AuditContext` (the documents stored for the site in that run, pages audited, the start URL,
the previous audit of the site, the thresholds) and returns an :class:`Outcome`; :func:`run_checks` turns outcomes
into :class:`CheckResult` with the check's titles, categories, weight and advice. ``unknown`` is not ``fail``: a
check that cannot be measured (no video length known, first audit for a growth) says so and weighs nothing.
Weights and categories are documented in ``docs/report.md``; the category scores are computed in ``builder.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from inbound_spiders.config import InboundConfig
from inbound_spiders.heuristics import (
    CONVERTING_ACTIONS,
    PROMINENT_PLACEMENTS,
    page_identity,
    participation_engagement,
    video_length_class,
)

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
#: Evidence URLs kept per check.
MAX_EVIDENCE = 10
#: Names kept in a check's details (e.g. members without a bio).
MAX_NAMES = 10
#: The calls to action a campaign site is expected to offer (``cta_kinds_coverage``).
EXPECTED_CTA_ACTIONS = ("newsletter", "donate", "volunteer", "event", "petition")
#: Seed-independent wording of what could not be measured.
UNKNOWN_ADVICE = (
    "Non mesuré sur ce crawl : vérifiez ce point à la main.",
    "Not measured in this crawl: check this point by hand.",
)


@dataclass(frozen=True, kw_only=True)
class AuditContext:
    """Everything one site audit is computed from."""

    site: str
    run_id: str
    start_url: str | None
    pages_audited: int
    documents: dict[str, list[dict[str, Any]]]
    """Documents of this run per item kind (``call_to_action``...): ``run_id`` == the run, ``site`` == the site."""
    previous: dict[str, Any] | None = None
    """The previous audit of the same site from the same source, in date order (for growth), ``None`` on a first
    audit."""
    config: InboundConfig = field(default_factory=InboundConfig)
    site_name: str | None = None
    """The site's name for people (its profile's title or what its start page calls it), ``None`` when unknown."""
    source: str = "live"
    """Where the site was read: ``live``, ``wayback`` (the Wayback Machine) or ``archive`` (WARC/WACZ files)."""
    as_of: str | None = None
    """For an archived audit, the date asked for (ISO 8601, UTC); ``None`` otherwise."""
    archived_at: str | None = None
    """For an archived audit, when the start page was captured (ISO 8601, UTC); ``None`` for the live site."""

    def of(self, kind: str) -> list[dict[str, Any]]:
        return self.documents.get(kind, [])


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What a check function measured."""

    result: str
    score: float | None
    evidence: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    """One check of the site audit, as stored (``checks.<id>`` of a ``site_audits`` document)."""

    id: str
    title_fr: str
    title_en: str
    categories: tuple[str, ...]
    weight: float
    result: str
    score: float | None
    evidence: list[str]
    details: dict[str, Any]
    advice_fr: str
    advice_en: str

    def as_document(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title_fr": self.title_fr,
            "title_en": self.title_en,
            "categories": list(self.categories),
            "weight": self.weight,
            "result": self.result,
            "score": self.score,
            "evidence": list(self.evidence),
            "details": self.details,
            "advice_fr": self.advice_fr,
            "advice_en": self.advice_en,
        }


@dataclass(frozen=True, kw_only=True)
class CheckSpec:
    """A check's identity, weight, categories and advice templates (formatted with the outcome's details)."""

    id: str
    title_fr: str
    title_en: str
    categories: tuple[str, ...]
    weight: float
    function: Callable[[AuditContext], Outcome]
    advice: dict[str, tuple[str, str]]


CHECKS: list[CheckSpec] = []


def check(
    id: str,
    *,
    title: tuple[str, str],
    categories: tuple[str, ...],
    weight: float,
    fail: tuple[str, str],
    passed: tuple[str, str],
    unknown: tuple[str, str] = UNKNOWN_ADVICE,
) -> Callable[[Callable[[AuditContext], Outcome]], Callable[[AuditContext], Outcome]]:
    """Register a check function with its metadata and its advice (French, English) per result."""

    def register(function: Callable[[AuditContext], Outcome]) -> Callable[[AuditContext], Outcome]:
        CHECKS.append(
            CheckSpec(
                id=id,
                title_fr=title[0],
                title_en=title[1],
                categories=categories,
                weight=weight,
                function=function,
                advice={FAIL: fail, PASS: passed, UNKNOWN: unknown},
            )
        )
        return function

    return register


class _Details(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def run_checks(context: AuditContext, specs: Iterable[CheckSpec] | None = None) -> list[CheckResult]:
    """Every registered check (or ``specs``) run on ``context``, in registration order."""
    results = []
    for spec in CHECKS if specs is None else specs:
        outcome = spec.function(context)
        advice_fr, advice_en = spec.advice[outcome.result]
        details = _Details(outcome.details)
        results.append(
            CheckResult(
                id=spec.id,
                title_fr=spec.title_fr,
                title_en=spec.title_en,
                categories=spec.categories,
                weight=spec.weight,
                result=outcome.result,
                score=None if outcome.score is None else round(outcome.score, 3),
                evidence=_unique(outcome.evidence)[:MAX_EVIDENCE],
                details=dict(outcome.details),
                advice_fr=advice_fr.format_map(details),
                advice_en=advice_en.format_map(details),
            )
        )
    return results


# --- helpers -----------------------------------------------------------------------------------------------------


def _unique(urls: Iterable[str | None]) -> list[str]:
    seen: list[str] = []
    for url in urls:
        if url and url.startswith(("http://", "https://")) and url not in seen:
            seen.append(url)
    return seen


def pages_of(document: dict[str, Any]) -> list[str]:
    """Pages where a finding was seen in the run (its ``pages`` sample, else its ``page_url``)."""
    return list(document.get("pages") or [document.get("page_url")])


def _binary(found: list[dict[str, Any]], **details: Any) -> Outcome:
    if not found:
        return Outcome(result=FAIL, score=0.0, details={"found": 0, **details})
    evidence = [url for document in found for url in pages_of(document)]
    return Outcome(result=PASS, score=1.0, evidence=evidence, details={"found": len(found), **details})


def _ctas(context: AuditContext, *actions: str) -> list[dict[str, Any]]:
    return [document for document in context.of("call_to_action") if document.get("action") in actions]


def _assessment(document: dict[str, Any], name: str, default: Any) -> Any:
    """A field of the document's enrichment assessment, or ``default`` computed now (enrichment off)."""
    assessment = document.get("assessment") or {}
    return assessment.get(name, default)


def _is_prominent(document: dict[str, Any]) -> bool:
    return bool(_assessment(document, "prominent", document.get("placement") in PROMINENT_PLACEMENTS))


def _page_share(document: dict[str, Any], context: AuditContext) -> float:
    if context.pages_audited <= 0:
        return 0.0
    return min(1.0, (document.get("page_count") or len(pages_of(document))) / context.pages_audited)


def _is_home(url: str | None, context: AuditContext) -> bool:
    return bool(url and context.start_url and page_identity(url) == page_identity(context.start_url))


def _network_of(document: dict[str, Any]) -> str | None:
    return document.get("network") or document.get("vendor")


def format_duration(seconds: int | None) -> str:
    """``3012`` → ``50:12``; ``4000`` → ``1:06:40``; ``None`` → ``?``."""
    if seconds is None:
        return "?"
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


# --- convert / resource generation ------------------------------------------------------------------------------


@check(
    "newsletter_offered",
    title=("Inscription à la newsletter proposée", "Newsletter signup offered"),
    categories=("convert", "resource_generation"),
    weight=3,
    fail=(
        "Proposez une inscription à la newsletter, visible sur chaque page, pour garder le contact avec les visiteurs.",
        "Offer a newsletter signup, visible on every page, to keep in touch with visitors.",
    ),
    passed=(
        "L'inscription à la newsletter est proposée : gardez-la visible et dites ce que les abonnés recevront.",
        "A newsletter signup is offered: keep it visible and say what subscribers will receive.",
    ),
)
def newsletter_offered(context: AuditContext) -> Outcome:
    """Pass when any call to action asks for a newsletter signup (the seed: "une inscription gratuite à la
    newsletter")."""
    return _binary(_ctas(context, "newsletter"))


@check(
    "donate_offered",
    title=("Appel au don proposé", "Donate call to action offered"),
    categories=("convert", "resource_generation"),
    weight=3,
    fail=(
        "Ajoutez un appel au don clair, avec un formulaire de paiement sécurisé.",
        "Add a clear donate call to action with a secure payment form.",
    ),
    passed=(
        "Le site appelle à financer la campagne : montrez à quoi servent les dons.",
        "The site asks visitors to fund the campaign: show what donations pay for.",
    ),
)
def donate_offered(context: AuditContext) -> Outcome:
    """Pass when any call to action asks for a donation."""
    return _binary(_ctas(context, "donate"))


@check(
    "donate_prominent",
    title=("Appel au don mis en avant", "Donate call to action prominent"),
    categories=("convert", "resource_generation"),
    weight=2,
    fail=(
        "Placez le bouton « Faire un don » dans l'en-tête ou la première vue, sur toutes les pages.",
        "Put the donate button in the header or the first screen, on every page.",
    ),
    passed=(
        "Le don est visible partout (en-tête, première vue ou toutes les pages) : gardez-le ainsi.",
        "Donating is visible everywhere (header, first screen or every page): keep it that way.",
    ),
)
def donate_prominent(context: AuditContext) -> Outcome:
    """Pass when a donate CTA sits in the header, navigation or hero, or is repeated site-wide (seen on at least
    ``INBOUND_CTA_SITE_WIDE_MIN_SHARE`` of audited pages)."""
    donate = _ctas(context, "donate")
    prominent = [
        document
        for document in donate
        if _is_prominent(document) or _page_share(document, context) >= context.config.cta_site_wide_min_share
    ]
    if not prominent:
        return Outcome(result=FAIL, score=0.0, details={"donate_ctas": len(donate)})
    return Outcome(
        result=PASS,
        score=1.0,
        evidence=[url for document in prominent for url in pages_of(document)[:2]],
        details={"placements": sorted({str(document.get("placement")) for document in prominent})},
    )


@check(
    "volunteer_offered",
    title=("Appel à s'engager proposé", "Volunteer call to action offered"),
    categories=("convert", "campaigning", "resource_generation"),
    weight=3,
    fail=(
        "Invitez les visiteurs à s'engager (bénévolat, militantisme) avec un bouton dédié.",
        "Invite visitors to get involved (volunteering, canvassing) with a dedicated button.",
    ),
    passed=(
        "Le site appelle à militer : proposez des actions concrètes et variées.",
        "The site asks visitors to volunteer: offer concrete and varied actions.",
    ),
)
def volunteer_offered(context: AuditContext) -> Outcome:
    """Pass when any call to action asks visitors to volunteer or join the campaign ("il appelle aussi à militer")."""
    return _binary(_ctas(context, "volunteer"))


@check(
    "engagement_form_explained",
    title=("Formulaire d'engagement expliqué aux novices", "Volunteer form explained for newcomers"),
    categories=("convert", "campaigning", "participation", "resource_generation"),
    weight=2,
    fail=(
        "Expliquez au-dessus du formulaire d'engagement le rôle attendu et ce que chaque action implique, pour "
        "séduire les novices et pas seulement les adhérents ({description_length} caractères d'explication).",
        "Explain above the volunteer form what each role involves, so that newcomers and not only party members "
        "feel able to join ({description_length} characters of explanation).",
    ),
    passed=(
        "Le formulaire d'engagement explique le rôle attendu : gardez ce ton accueillant pour les novices.",
        "The volunteer form explains the expected role: keep that welcoming tone for newcomers.",
    ),
    unknown=(
        "Aucun formulaire d'engagement mesurable : vérifiez qu'il explique le rôle attendu aux novices.",
        "No measurable volunteer form: check that it explains the expected role to newcomers.",
    ),
)
def engagement_form_explained(context: AuditContext) -> Outcome:
    """Fail when the best-explained volunteer form has fewer than ``INBOUND_CTA_FORM_MIN_DESCRIPTION_CHARS``
    characters of explanation (the seed: "adapté pour des adhérents du PS [...] pas efficace pour des béotiens";
    "cela manque d'explication"); unknown without a volunteer form whose explanation was measured."""
    forms = [
        document
        for document in _ctas(context, "volunteer")
        if document.get("element") == "form" and document.get("description_length") is not None
    ]
    if not forms:
        volunteer = _ctas(context, "volunteer")
        details = {
            "volunteer_ctas": len(volunteer),
            "volunteer_forms": sum(1 for document in volunteer if document.get("element") == "form"),
        }
        return Outcome(result=UNKNOWN, score=None, details=details)
    best = max(forms, key=lambda document: document["description_length"])
    minimum = context.config.cta_form_min_description_chars
    length = int(best["description_length"])
    details = {"description_length": length, "minimum": minimum, "form_page": best.get("page_url")}
    score = min(1.0, length / minimum) if minimum else 1.0
    return Outcome(result=PASS if length >= minimum else FAIL, score=score, evidence=pages_of(best), details=details)


@check(
    "cta_kinds_coverage",
    title=("Variété des appels à l'action", "Calls to action kinds coverage"),
    categories=("convert", "campaigning"),
    weight=2,
    fail=(
        "Complétez les appels à l'action : il manque {missing}.",
        "Complete the calls to action: {missing} missing.",
    ),
    passed=(
        "Les principaux appels à l'action sont présents (manquants : {missing}).",
        "The main calls to action are present (missing: {missing}).",
    ),
)
def cta_kinds_coverage(context: AuditContext) -> Outcome:
    """Share of the expected actions (newsletter, donate, volunteer, event, petition) offered; passes from 60 %."""
    found = {document.get("action") for document in context.of("call_to_action")}
    present = [action for action in EXPECTED_CTA_ACTIONS if action in found]
    missing = [action for action in EXPECTED_CTA_ACTIONS if action not in found]
    score = len(present) / len(EXPECTED_CTA_ACTIONS)
    evidence = [pages_of(document)[0] for document in context.of("call_to_action") if document.get("action") in present]
    return Outcome(
        result=PASS if score >= 0.6 else FAIL,
        score=score,
        evidence=evidence,
        details={"present": present, "missing": ", ".join(missing) or "—"},
    )


def _on_first_screen(document: dict[str, Any]) -> tuple[bool, str]:
    """Whether a CTA shows without scrolling, and how that is known: measured in a rendered page (desktop or
    mobile viewport) when the page was rendered, else from its placement (header, navigation, hero)."""
    measured = [document.get("above_fold_desktop"), document.get("above_fold_mobile")]
    if any(value is not None for value in measured):
        return any(measured), "rendering"
    return _is_prominent(document), "placement"


@check(
    "cta_first_screen",
    title=("Appel à l'action dès la première vue de l'accueil", "Call to action on the home page's first screen"),
    categories=("convert",),
    weight=2,
    fail=(
        "Placez un appel à l'action (newsletter, don, engagement) dans la première vue de la page d'accueil.",
        "Put a call to action (newsletter, donation, volunteering) in the first screen of the home page.",
    ),
    passed=(
        "L'accueil propose d'agir dès la première vue : gardez un seul appel principal, bien contrasté.",
        "The home page asks for action in its first screen: keep one main, high-contrast call.",
    ),
)
def cta_first_screen(context: AuditContext) -> Outcome:
    """Pass when a converting CTA (newsletter, donate, volunteer...) is on the first screen of the home page (the
    start URL): visible without scrolling when the page was rendered, else placed in its header, navigation or
    hero. Unknown when the start URL is not known."""
    if not context.start_url:
        return Outcome(result=UNKNOWN, score=None)
    on_home = [
        document
        for document in context.of("call_to_action")
        if document.get("action") in CONVERTING_ACTIONS
        and (document.get("depth") == 0 or any(_is_home(url, context) for url in pages_of(document)))
    ]
    found = [(document, _on_first_screen(document)[1]) for document in on_home if _on_first_screen(document)[0]]
    if not found:
        return Outcome(result=FAIL, score=0.0, evidence=[context.start_url], details={"converting_ctas": len(on_home)})
    return Outcome(
        result=PASS,
        score=1.0,
        evidence=[context.start_url],
        details={
            "ctas": sorted({f"{document.get('action')}: {document.get('label')}" for document, _ in found}),
            "measured_by": sorted({how for _, how in found}),
        },
    )


@check(
    "cta_site_wide",
    title=("Appel à l'action répété sur tout le site", "Call to action repeated site-wide"),
    categories=("convert", "campaigning"),
    weight=2,
    fail=(
        "Répétez un appel à l'action majeur sur toutes les pages (en-tête ou pied de page).",
        "Repeat a major call to action on every page (header or footer).",
    ),
    passed=(
        "Un appel à l'action majeur est répété sur tout le site : bonne pratique.",
        "A major call to action is repeated across the site: good practice.",
    ),
)
def cta_site_wide(context: AuditContext) -> Outcome:
    """Pass when a converting CTA is seen on at least ``INBOUND_CTA_SITE_WIDE_MIN_SHARE`` of audited pages (its
    ``page_count``); unknown when no page count is known."""
    if context.pages_audited <= 0:
        return Outcome(result=UNKNOWN, score=None)
    converting = [document for document in context.of("call_to_action") if document.get("action") in CONVERTING_ACTIONS]
    best = max((_page_share(document, context) for document in converting), default=0.0)
    site_wide = [
        document for document in converting if _page_share(document, context) >= context.config.cta_site_wide_min_share
    ]
    minimum = context.config.cta_site_wide_min_share
    return Outcome(
        result=PASS if site_wide else FAIL,
        score=min(1.0, best / minimum),
        evidence=[pages_of(document)[0] for document in site_wide],
        details={
            "best_page_share": round(best, 3),
            "site_wide": sorted({f"{document.get('action')}: {document.get('label')}" for document in site_wide}),
        },
    )


# --- campaigning / attract --------------------------------------------------------------------------------------


@check(
    "downloads_offered",
    title=("Outils militants à télécharger", "Downloadable campaign tools"),
    categories=("campaigning", "attract"),
    weight=2,
    fail=(
        "Proposez des outils à télécharger (tracts, visuels, kit réseaux sociaux) pour que les soutiens relaient "
        "la campagne.",
        "Offer downloadable tools (leaflets, visuals, a social media kit) so that supporters spread the campaign.",
    ),
    passed=(
        "{found} outils à télécharger : s'ils sont utilisés massivement, ils viraliseront la campagne ; proposez "
        "aussi d'autres actions que le téléchargement.",
        "{found} downloadable tools: used widely they will make the campaign spread; offer actions beyond "
        "downloading too.",
    ),
)
def downloads_offered(context: AuditContext) -> Outcome:
    """Pass when the site offers downloads (leaflets, social media kit: "retrouver les outils pour militer")."""
    downloads = _ctas(context, "download")
    outcome = _binary(downloads)
    targets = [document.get("target_url") for document in downloads]
    return Outcome(
        result=outcome.result,
        score=outcome.score,
        evidence=outcome.evidence + [url for url in targets if url],
        details=outcome.details,
    )


def _share_documents(context: AuditContext) -> list[dict[str, Any]]:
    return [document for document in context.of("share_widget") if document.get("role") == "share"]


def documents_count(documents: Iterable[dict[str, Any]]) -> int:
    """How many stored documents ``documents`` stand for (a merged share intent stands for ``merged`` of them)."""
    return sum(int(document.get("merged") or 1) for document in documents)


def merge_share_intents(documents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Share-widget documents with the share intents (``role`` ``share``: one per page and network on most sites)
    merged into one document per network, vendor, hashtags and whether a link is stated, holding what the share
    checks read: the union of their ``pages`` (in order), the largest ``page_count``, the first ``href`` and
    ``page_url``, and ``merged``, how many documents it stands for. Follow links and feeds are kept as they are."""
    kept: list[dict[str, Any]] = []
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    page_urls: dict[str, str] = {}  # one string per page URL, however many intents name it
    for document in documents:
        if document.get("role") != "share":
            kept.append(document)
            continue
        has_hashtags = (document.get("assessment") or {}).get("has_hashtags")
        hashtags = tuple(document.get("hashtags") or ())
        signature = (
            document.get("network"),
            document.get("vendor"),
            bool(document.get("href")),
            hashtags,
            has_hashtags,
        )
        group = merged.get(signature)
        if group is None:
            group = merged[signature] = {
                "_id": document.get("_id"),
                "kind": document.get("kind"),
                "site": document.get("site"),
                "run_id": document.get("run_id"),
                "role": "share",
                "network": document.get("network"),
                "vendor": document.get("vendor"),
                "href": document.get("href"),
                "hashtags": list(hashtags),
                "assessment": None if has_hashtags is None else {"has_hashtags": has_hashtags},
                "page_url": document.get("page_url"),
                "pages": {},
                "page_count": 0,
                "merged": 0,
            }
        for url in pages_of(document):
            if isinstance(url, str):
                group["pages"].setdefault(page_urls.setdefault(url, url), None)
        group["page_count"] = max(group["page_count"], int(document.get("page_count") or 0))
        group["merged"] += 1
    for group in merged.values():
        group["pages"] = list(group["pages"])
    return kept + list(merged.values())


@check(
    "share_on_content",
    title=("Boutons de partage sur les contenus", "Share buttons on content pages"),
    categories=("networking", "campaigning", "attract"),
    weight=3,
    fail=(
        "Ajoutez des boutons de partage sur chaque article et chaque proposition ({coverage_percent} % des pages "
        "en ont).",
        "Add share buttons to every article and proposal ({coverage_percent}% of pages have them).",
    ),
    passed=(
        "Les articles et propositions peuvent être relayés ({coverage_percent} % des pages) : c'est bien.",
        "Articles and proposals can be shared ({coverage_percent}% of pages): good.",
    ),
)
def share_on_content(context: AuditContext) -> Outcome:
    """Share coverage: pages with a share button over pages audited (the score); passes from
    ``INBOUND_SHARE_COVERAGE_MIN`` (the seed: "chaque article peut être relayé", each action shareable with its
    hashtag). Unknown without a page count."""
    if context.pages_audited <= 0:
        return Outcome(result=UNKNOWN, score=None)
    shares = _share_documents(context)
    pages = _unique(url for document in shares for url in pages_of(document))
    # A script widget on every page is one document whose page sample is truncated: trust its count then.
    with_share = max([len(pages), *(int(document.get("page_count") or 0) for document in shares)])
    coverage = min(1.0, with_share / context.pages_audited)
    minimum = context.config.share_coverage_min
    return Outcome(
        result=PASS if coverage >= minimum else FAIL,
        score=coverage,
        evidence=pages,
        details={
            "pages_with_share": with_share,
            "pages_audited": context.pages_audited,
            "coverage_percent": round(100 * coverage),
        },
    )


@check(
    "share_networks",
    title=("Réseaux proposés au partage", "Share networks offered"),
    categories=("networking", "attract"),
    weight=1,
    fail=(
        "Proposez le partage sur au moins {minimum} réseaux (Facebook, X, WhatsApp, e-mail…) ; aujourd'hui : "
        "{networks_text}.",
        "Offer sharing on at least {minimum} networks (Facebook, X, WhatsApp, e-mail...); today: {networks_text}.",
    ),
    passed=(
        "Partage proposé sur {networks_text} : adaptez la liste aux réseaux de votre public.",
        "Sharing offered on {networks_text}: adapt the list to your audience's networks.",
    ),
)
def share_networks(context: AuditContext) -> Outcome:
    """Networks offered by share buttons; passes from ``INBOUND_SHARE_MIN_NETWORKS``, full score from twice as
    many (a third-party widget whose networks are chosen by script counts as the minimum)."""
    shares = _share_documents(context)
    networks = sorted({str(document.get("network")) for document in shares if document.get("network")})
    minimum = context.config.share_min_networks
    count = max(len(networks), minimum) if "multiple" in networks else len(networks)
    score = min(1.0, count / (2 * minimum)) if minimum else 1.0
    return Outcome(
        result=PASS if count >= minimum and networks else FAIL,
        score=score,
        evidence=[pages_of(document)[0] for document in shares],
        details={"networks": networks, "networks_text": ", ".join(networks) or "—", "minimum": minimum},
    )


@check(
    "share_hashtags",
    title=("Hashtags dans les liens de partage", "Hashtags in share intents"),
    categories=("campaigning", "attract"),
    weight=1,
    fail=(
        "Ajoutez les hashtags de campagne aux liens de partage Twitter/X pour fédérer les conversations.",
        "Add the campaign hashtags to the Twitter/X share links so that conversations gather.",
    ),
    passed=(
        "Les liens de partage portent des hashtags ({hashtags_text}) : chaque partage diffuse la campagne.",
        "Share links carry hashtags ({hashtags_text}): every share spreads the campaign.",
    ),
    unknown=(
        "Aucun lien de partage lisible (pas de partage, ou widget rempli par script) : vérifiez les hashtags à la "
        "main.",
        "No readable share link (no sharing, or a widget filled by script): check hashtags by hand.",
    ),
)
def share_hashtags(context: AuditContext) -> Outcome:
    """Pass when a share intent carries hashtags; unknown when no share intent states what it shares."""
    intents = [document for document in _share_documents(context) if document.get("href")]
    if not intents:
        return Outcome(result=UNKNOWN, score=None)
    tagged = [document for document in intents if _assessment(document, "has_hashtags", bool(document.get("hashtags")))]
    hashtags = sorted({tag for document in tagged for tag in document.get("hashtags") or []})
    return Outcome(
        result=PASS if tagged else FAIL,
        score=1.0 if tagged else 0.0,
        evidence=[pages_of(document)[0] for document in tagged],
        details={
            "intents": documents_count(intents),
            "with_hashtags": documents_count(tagged),
            "hashtags": hashtags[:MAX_NAMES],
            "hashtags_text": ", ".join(f"#{tag}" for tag in hashtags[:5]) or "—",
        },
    )


# --- networking / engage ----------------------------------------------------------------------------------------


@check(
    "social_profiles",
    title=("Comptes sociaux mis en avant", "Social profiles linked"),
    categories=("networking", "engage"),
    weight=2,
    fail=(
        "Mettez en avant les comptes de la campagne sur les réseaux sociaux, dans l'en-tête ou le pied de page.",
        "Link the campaign's social media accounts from the header or footer.",
    ),
    passed=(
        "Les comptes sociaux sont mis en avant ({networks_text}) : animez-les et répondez aux débats.",
        "Social accounts are linked ({networks_text}): keep them lively and take part in the debates.",
    ),
)
def social_profiles(context: AuditContext) -> Outcome:
    """Networks whose profile the site links (follow links, social-follow CTAs); passes with one, full score
    from three."""
    found = [document for document in context.of("share_widget") if document.get("role") == "follow"]
    found += _ctas(context, "social_follow")
    networks = sorted({str(_network_of(document)) for document in found if _network_of(document)})
    return Outcome(
        result=PASS if networks else FAIL,
        score=min(1.0, len(networks) / 3),
        evidence=[document.get("href") or document.get("target_url") for document in found],
        details={"networks": networks, "networks_text": ", ".join(networks) or "—"},
    )


@check(
    "social_feeds",
    title=("Fils sociaux intégrés", "Embedded social feeds"),
    categories=("networking", "engage"),
    weight=1,
    fail=(
        "Intégrez un fil social (X, Facebook, Mastodon) pour montrer une campagne vivante.",
        "Embed a social feed (X, Facebook, Mastodon) to show a lively campaign.",
    ),
    passed=(
        "Des fils sociaux sont intégrés ({networks_text}) : prenez part aux échanges qu'ils suscitent.",
        "Social feeds are embedded ({networks_text}): take part in the conversations they start.",
    ),
)
def social_feeds(context: AuditContext) -> Outcome:
    """Pass when an embedded timeline, page plugin or channel is found (the seed: "dès la home page, le fil
    Twitter du candidat [...] ainsi que ses posts sur sa page Facebook")."""
    feeds = [document for document in context.of("share_widget") if document.get("role") == "feed"]
    networks = sorted({str(document.get("network")) for document in feeds})
    outcome = _binary(feeds, networks=networks, networks_text=", ".join(networks) or "—")
    return outcome


# --- information ------------------------------------------------------------------------------------------------


@check(
    "videos_present",
    title=("Vidéos publiées", "Videos present"),
    categories=("information", "attract"),
    weight=2,
    fail=(
        "Publiez des vidéos courtes qui présentent le projet et les personnes.",
        "Publish short videos presenting the programme and the people.",
    ),
    passed=(
        "{found} vidéos publiées : sous-titrez-les et gardez-les courtes.",
        "{found} videos published: subtitle them and keep them short.",
    ),
)
def videos_present(context: AuditContext) -> Outcome:
    """Pass when the site shows videos."""
    return _binary(context.of("video"))


def _video_assessment(document: dict[str, Any], config: InboundConfig) -> tuple[str, bool]:
    seconds = document.get("duration_seconds")
    length_class = _assessment(
        document,
        "length_class",
        video_length_class(
            seconds, short_max_seconds=config.video_short_max_seconds, long_min_seconds=config.video_long_min_seconds
        ),
    )
    split = _assessment(document, "split_advised", seconds is not None and seconds >= config.video_split_min_seconds)
    return str(length_class), bool(split)


@check(
    "video_length",
    title=("Longueur des vidéos", "Video length"),
    categories=("information", "attract"),
    weight=2,
    fail=(
        "La vidéo « {longest_title} » dure {longest} : découpez-la en plusieurs parties thématiques de quelques "
        "minutes.",
        "The video “{longest_title}” runs {longest}: cut it into several thematic parts of a few minutes.",
    ),
    passed=(
        "Les vidéos restent digestes (la plus longue dure {longest}).",
        "Videos stay digestible (the longest runs {longest}).",
    ),
    unknown=(
        "Aucune durée de vidéo connue : vérifiez qu'aucune ne dépasse une quinzaine de minutes.",
        "No video length known: check that none runs longer than about fifteen minutes.",
    ),
)
def video_length(context: AuditContext) -> Outcome:
    """Fail when a video is long enough that splitting it is advised (from ``INBOUND_VIDEO_SPLIT_MIN_SECONDS``;
    the seed's 50-minute press conference: "il aurait fallu la couper en plusieurs parties thématiques"); evidence
    is the pages showing those videos. Unknown when no length is known."""
    known = [document for document in context.of("video") if document.get("duration_seconds") is not None]
    if not known:
        return Outcome(result=UNKNOWN, score=None, details={"videos": len(context.of("video"))})
    known.sort(key=lambda document: -int(document["duration_seconds"]))
    too_long = [document for document in known if _video_assessment(document, context.config)[1]]
    longest = too_long[0] if too_long else known[0]
    details = {
        "longest": format_duration(longest["duration_seconds"]),
        "longest_seconds": longest["duration_seconds"],
        "longest_title": longest.get("title") or longest.get("url"),
        "length_classes": {
            length_class: sum(1 for document in known if _video_assessment(document, context.config)[0] == length_class)
            for length_class in ("short", "medium", "long")
        },
        "split_advised": [document.get("url") for document in too_long][:MAX_NAMES],
    }
    if not too_long:
        return Outcome(result=PASS, score=1.0, evidence=pages_of(longest)[:3], details=details)
    # The page the length was read on first, then every page showing the video.
    evidence = [document.get("page_url") for document in too_long] + [
        url for document in too_long for url in pages_of(document)
    ]
    return Outcome(result=FAIL, score=0.0, evidence=evidence, details=details)


def _team_pages(context: AuditContext) -> list[dict[str, Any]]:
    return context.of("team_page")


@check(
    "team_page_present",
    title=("Page équipe", "Team page present"),
    categories=("information",),
    weight=2,
    fail=(
        "Créez une page « Équipe » qui présente les personnes qui font la campagne.",
        "Create a “Team” page presenting the people running the campaign.",
    ),
    passed=(
        "Une page présente l'équipe : valorisez le parcours et les idées de chacun.",
        "A page presents the team: highlight each person's background and ideas.",
    ),
)
def team_page_present(context: AuditContext) -> Outcome:
    """Pass when a page presents the people behind the site."""
    return _binary(_team_pages(context))


@check(
    "team_findable",
    title=("Équipe facile à trouver", "Team easy to find"),
    categories=("information",),
    weight=2,
    fail=(
        "Difficile de voir qui travaille avec le candidat : la page équipe est à {depth} clics de l'accueil, "
        "mettez-la dans le menu.",
        "Hard to see who works with the candidate: the team page is {depth} clicks from the home page, put it in "
        "the menu.",
    ),
    passed=(
        "L'équipe est accessible en {depth} clic(s) depuis l'accueil.",
        "The team is {depth} click(s) away from the home page.",
    ),
    unknown=(
        "La profondeur de la page équipe n'est pas connue : vérifiez qu'elle est liée depuis le menu.",
        "The team page's depth is unknown: check that the menu links to it.",
    ),
)
def team_findable(context: AuditContext) -> Outcome:
    """Pass when a team page is at most ``INBOUND_TEAM_MAX_DEPTH`` clicks from the start page (the seed's team is
    only in a "Carnet de campagne" article: depth 2, "difficile de voir qui travaille avec le candidat"). Fail
    without a team page; unknown when no team page's depth is known."""
    teams = _team_pages(context)
    if not teams:
        return Outcome(result=FAIL, score=0.0, details={"depth": "∞", "team_pages": 0})
    known = [document for document in teams if document.get("depth") is not None]
    if not known:
        return Outcome(result=UNKNOWN, score=None, evidence=[document["page_url"] for document in teams])
    nearest = min(known, key=lambda document: document["depth"])
    depth = int(nearest["depth"])
    maximum = context.config.team_max_depth
    return Outcome(
        result=PASS if depth <= maximum else FAIL,
        score=1.0 if depth <= maximum else max(0.0, 1 - (depth - maximum) / 3),
        evidence=[nearest["page_url"]],
        details={"depth": depth, "max_depth": maximum},
    )


def _team_assessment(document: dict[str, Any], config: InboundConfig) -> dict[str, Any]:
    members = document.get("members") or []
    stored = document.get("assessment")
    if stored:
        return dict(stored)
    if not members:
        return {"member_count": 0, "photo_share": None, "bio_share": None, "completeness": "empty"}
    photo = sum(1 for member in members if member.get("has_photo")) / len(members)
    bio = sum(1 for member in members if (member.get("bio_length") or 0) >= config.team_bio_min_chars) / len(members)
    minimum = config.team_complete_min_share
    completeness = "complete" if photo >= minimum and bio >= minimum else "bare" if photo == bio == 0 else "partial"
    return {"member_count": len(members), "photo_share": photo, "bio_share": bio, "completeness": completeness}


@check(
    "team_photos_bios",
    title=("Équipe présentée avec photos et biographies", "Team presented with photos and bios"),
    categories=("information", "engage"),
    weight=2,
    fail=(
        "Présentez chaque membre avec une photo et une courte biographie, pas seulement un organigramme de noms "
        "({members} membres, {photo_percent} % avec photo, {bio_percent} % avec bio).",
        "Present each member with a photo and a short bio, not just an organisation chart of names ({members} "
        "members, {photo_percent}% with a photo, {bio_percent}% with a bio).",
    ),
    passed=(
        "L'équipe est présentée avec photos et biographies : elle incarne la campagne.",
        "The team is presented with photos and bios: it embodies the campaign.",
    ),
    unknown=(
        "Aucun membre d'équipe détecté : vérifiez à la main comment l'équipe est présentée.",
        "No team member detected: check by hand how the team is presented.",
    ),
)
def team_photos_bios(context: AuditContext) -> Outcome:
    """Pass when the best team page is ``complete`` (most members with photo and bio); the seed's "organigramme
    sans illustration ni bio" fails. Unknown without a team page or members."""
    assessed = [(document, _team_assessment(document, context.config)) for document in _team_pages(context)]
    assessed = [(document, assessment) for document, assessment in assessed if assessment["member_count"]]
    if not assessed:
        return Outcome(result=UNKNOWN, score=None)
    document, assessment = max(
        assessed,
        key=lambda pair: ((pair[1]["photo_share"] or 0) + (pair[1]["bio_share"] or 0), pair[1]["member_count"]),
    )
    photo, bio = assessment["photo_share"] or 0.0, assessment["bio_share"] or 0.0
    minimum = context.config.team_bio_min_chars
    members = document.get("members") or []
    without_bio = [member.get("name") for member in members if (member.get("bio_length") or 0) < minimum]
    return Outcome(
        result=PASS if assessment["completeness"] == "complete" else FAIL,
        score=(photo + bio) / 2,
        evidence=[document["page_url"]],
        details={
            "members": assessment["member_count"],
            "presentation": document.get("presentation"),
            "completeness": assessment["completeness"],
            "photo_percent": round(100 * photo),
            "bio_percent": round(100 * bio),
            "members_without_bio": [name for name in without_bio if name][:MAX_NAMES],
        },
    )


# --- participation ----------------------------------------------------------------------------------------------


def _best_platform(context: AuditContext) -> dict[str, Any] | None:
    counted = [document for document in context.of("contribution_platform") if document.get("participants") is not None]
    return max(counted, key=lambda document: document["participants"], default=None)


@check(
    "contribution_platform",
    title=("Espace de contribution citoyenne", "Contribution platform present"),
    categories=("participation", "engage"),
    weight=3,
    fail=(
        "Ouvrez un espace où les visiteurs proposent des idées et votent pour celles des autres.",
        "Open a space where visitors propose ideas and vote for other people's.",
    ),
    passed=(
        "Les visiteurs peuvent proposer et voter : montrez ce que deviennent leurs contributions.",
        "Visitors can propose and vote: show what becomes of their contributions.",
    ),
)
def contribution_platform(context: AuditContext) -> Outcome:
    """Pass when the site hosts or links a space for ideas, proposals or votes (the seed's "Conseil citoyen")."""
    platforms = context.of("contribution_platform")
    outcome = _binary(platforms)
    return Outcome(
        result=outcome.result,
        score=outcome.score,
        evidence=[document.get("platform_url") for document in platforms] + outcome.evidence,
        details={**outcome.details, "platforms": sorted({str(document.get("platform")) for document in platforms})},
    )


@check(
    "contribution_engagement",
    title=("Succès de la participation", "Contribution engagement"),
    categories=("participation", "engage"),
    weight=3,
    fail=(
        "Peu de succès : {participants} participants pour {contributions} contributions et {votes} votes ; "
        "donnez de la visibilité à la démarche et montrez l'utilité réelle des contributions.",
        "Little success: {participants} participants for {contributions} contributions and {votes} votes; promote "
        "the space and show what contributions are really used for.",
    ),
    passed=(
        "La participation prend ({participants} participants) : rendez compte régulièrement des idées retenues.",
        "Participation is taking off ({participants} participants): report regularly on the ideas adopted.",
    ),
    unknown=(
        "Pas de compteur de participation visible : affichez le nombre de participants pour montrer l'élan.",
        "No participation counter shown: display how many take part to show momentum.",
    ),
)
def contribution_engagement(context: AuditContext) -> Outcome:
    """Engagement of the busiest participation space: fail below ``INBOUND_PARTICIPATION_LOW_PARTICIPANTS`` (the
    seed's 221 participants: "peu de succès"), full score from ``INBOUND_PARTICIPATION_HIGH_PARTICIPANTS``.
    Unknown without a platform showing counts."""
    best = _best_platform(context)
    if best is None:
        return Outcome(result=UNKNOWN, score=None)
    config = context.config
    low, high = config.participation_low_participants, config.participation_high_participants
    participants = int(best["participants"])
    engagement = _assessment(
        best, "engagement", participation_engagement(participants, low_participants=low, high_participants=high)
    )
    if participants < low:
        score = 0.5 * participants / low
    elif participants < high:
        score = 0.5 + 0.5 * (participants - low) / (high - low)
    else:
        score = 1.0
    return Outcome(
        result=FAIL if engagement == "low" else PASS,
        score=score,
        evidence=[best.get("platform_url"), *pages_of(best)],
        details={
            "participants": participants,
            "contributions": best.get("contributions"),
            "votes": best.get("votes"),
            "engagement": engagement,
            "contributions_per_participant": _assessment(best, "contributions_per_participant", None),
            "votes_per_contribution": _assessment(best, "votes_per_contribution", None),
        },
    )


@check(
    "participation_growth",
    title=("Croissance de la participation", "Participation growth"),
    categories=("participation", "engage"),
    weight=2,
    fail=(
        "La participation stagne ({previous_participants} → {participants}) : relancez l'espace de contribution "
        "par la newsletter et les réseaux.",
        "Participation is flat ({previous_participants} → {participants}): relaunch the contribution space through "
        "the newsletter and social media.",
    ),
    passed=(
        "La participation progresse ({previous_participants} → {participants}) : continuez à la faire connaître.",
        "Participation is growing ({previous_participants} → {participants}): keep promoting it.",
    ),
    unknown=(
        "Croissance mesurable à partir du deuxième audit, si un compteur de participants est visible.",
        "Growth can be measured from the second audit, when a participant counter is shown.",
    ),
)
def participation_growth(context: AuditContext) -> Outcome:
    """Relative growth of participants since the previous audit of the site; passes from
    ``INBOUND_PARTICIPATION_GROWTH_MIN``. Unknown on a first audit or without counts."""
    best = _best_platform(context)
    previous = (context.previous or {}).get("metrics", {}).get("participants")
    if best is None or previous is None:
        return Outcome(
            result=UNKNOWN,
            score=None,
            details={"previous_run_id": (context.previous or {}).get("run_id")},
        )
    participants = int(best["participants"])
    growth = (participants - previous) / previous if previous else (1.0 if participants else 0.0)
    minimum = context.config.participation_growth_min
    score = max(0.0, min(1.0, growth / minimum)) if minimum > 0 else (1.0 if growth >= 0 else 0.0)
    return Outcome(
        result=PASS if growth >= minimum else FAIL,
        score=score,
        evidence=[best.get("platform_url")],
        details={
            "previous_run_id": context.previous.get("run_id") if context.previous else None,
            "previous_participants": previous,
            "participants": participants,
            "growth_percent": round(100 * growth, 1),
        },
    )
