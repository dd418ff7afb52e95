"""The services behind calls to action: form, donation, newsletter, petition, event and app-store vendors.

Each vendor is described once (:data:`VENDORS`): the hosts its pages and forms live on, the URL path shapes that tell
what a page of it asks for, the markup its embedded forms leave in the HTML, and the scripts that build its forms in
the browser. Read by the calls-to-action extractor (:func:`vendor_action`, :func:`form_vendor_of_markup`...) and by
the rendering decision (:data:`FORM_SCRIPTS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FormScript:
    """A vendor's script that builds its form in the browser: the static HTML shows at most an empty container."""

    where: str
    """``src``: ``pattern`` is looked for in script URLs; ``inline``: in the text of inline scripts."""
    pattern: str
    """A regex (case-insensitive) of the loader's URL or of the inline call that builds the form."""
    mount: str | None = None
    """XPath of the container the script fills, for loaders present site-wide that fill only pages holding one."""
    built: str | None = None
    """XPath of the form it builds: a page that already shows it needs no rendering."""


@dataclass(frozen=True)
class Vendor:
    """A service a call to action leads to or embeds."""

    name: str
    """The ``vendor`` of the calls to action it serves."""
    serves: str | None = None
    """The call-to-action kind a page on one of its :attr:`hosts` asks for (``donate``, ``newsletter``,
    ``petition``, ``event``, ``app_download``); ``None`` when only its :attr:`paths` tell (a form builder, a
    platform of several kinds). A vendor serving ``newsletter`` makes an e-mail form a mailing-list sign-up."""
    hosts: tuple[str, ...] = ()
    """Registrable domains (or hosts) where every page asks for :attr:`serves` unless a path rule says otherwise."""
    path_hosts: tuple[str, ...] = ()
    """Hosts where only a page matching a path rule asks for something: their home, about and search pages are cited
    in articles (a petition platform, an app store's web pages)."""
    paths: tuple[tuple[str, str | None], ...] = ()
    """``(regex on "path?query", kind)`` refinements, first match wins (``None``: asks for nothing, a shop)."""
    markup: str | None = None
    """A regex of the ids, classes and hidden input names its embedded forms carry."""
    scripts: tuple[FormScript, ...] = ()
    """Scripts that build its forms in the browser (read by the rendering decision)."""
    payments: bool = False
    """A payment service also used to buy: a "buy" label on it is a purchase, not a donation."""
    embeds_forms: bool = True
    """Whether an iframe of it is an embedded form (an app store's or a social network's iframe is not)."""


#: The vendors. Markup is tried in this order (the first vendor whose markup a form shows is its vendor), and so are
#: form scripts (the first one a page needs rendering for is its reason).
VENDORS: tuple[Vendor, ...] = (
    # Mailing lists.
    Vendor(
        "mailchimp",
        "newsletter",
        hosts=("list-manage.com", "eepurl.com", "mailchi.mp"),
        markup=r"mc-embedded|mc_embed|mc4wp|mailchimp|list-manage",
    ),
    Vendor(
        "brevo",
        "newsletter",
        hosts=("sibforms.com", "sendinblue.com", "brevo.com"),
        markup=r"sib-form|sib_signup|sendinblue|sibforms|brevo",
    ),
    Vendor("mailjet", "newsletter", hosts=("mailjet.com", "mjt.lu"), markup=r"mailjet|mj-"),
    Vendor(
        "mailerlite",
        "newsletter",
        hosts=("mailerlite.com", "mlsend.com"),
        markup=r"mailerlite|ml-subscribe|ml-block-form",
        scripts=(
            FormScript(
                "src",
                r"mailerlite\.com/js/universal\.js|/mailerlite(?:\.min)?\.js",
                "//div[contains(@class, 'ml-embedded') or contains(@class, 'ml-form-embed')]",
                "//form[contains(@class, 'ml-block-form')]",
            ),
        ),
    ),
    Vendor(
        "hubspot",
        hosts=("hsforms.com", "hsforms.net"),
        markup=r"hs-form|hbspt|hsforms",
        scripts=(
            FormScript("inline", r"hbspt\.forms\.create\s*\(", None, "//form[contains(@class, 'hs-')]"),
            FormScript(
                "src",
                r"hsforms\.(?:net|com)/forms/embed/",
                "//*[contains(@class, 'hs-form-frame')]",
                "//form[contains(@class, 'hs-form')] | //iframe[contains(@src, 'hsforms')]",
            ),
        ),
    ),
    Vendor(
        "convertkit",
        "newsletter",
        hosts=("ck.page", "convertkit.com", "kit.com"),
        markup=r"formkit|convertkit|seva-form",
        scripts=(
            FormScript(
                "src",
                r"\.ck\.page/[0-9a-f]+/index\.js|kit\.com/[0-9a-f]+/index\.js|convertkit\.com/[^\s]*index\.js",
                None,
                "//form[contains(@class, 'formkit-form')]",
            ),
        ),
    ),
    Vendor("mailpoet", "newsletter", markup=r"mailpoet"),
    Vendor(
        "klaviyo",
        "newsletter",
        markup=r"klaviyo",
        scripts=(
            FormScript(
                "src",
                r"static\.klaviyo\.com/onsite/js",
                "//div[contains(@class, 'klaviyo-form-')]",
                "//form[contains(@class, 'klaviyo')]",
            ),
        ),
    ),
    Vendor("substack", "newsletter", hosts=("substack.com",), markup=r"substack"),
    # Campaign platforms: what a page asks for is in its path.
    Vendor(
        "action_network",
        path_hosts=("actionnetwork.org",),
        paths=((r"^/events?/", "event"), (r"^/petitions?/", "petition"), (r"^/(?:fundraising|donate)/", "donate")),
        markup=r"can_embed_form|action_network|actionnetwork",
        scripts=(
            FormScript(
                "src",
                r"actionnetwork\.org/widgets/v\d",
                None,
                "id('can_embed_form') | //form[contains(@action, 'actionnetwork.org')]",
            ),
        ),
    ),
    Vendor(
        "ngpvan",
        hosts=("ngpvan.com", "everyaction.com"),
        markup=r"ngp-form|ngpvan|everyaction|at-form",
        scripts=(
            FormScript(
                "src",
                r"everyaction\.com/ea-actiontag|actiontag/at\.js|ngpvan\.com/[^\s]*at\.js",
                "//div[contains(@class, 'ngp-form')]",
                "//form[contains(@class, 'at-form')]",
            ),
        ),
    ),
    Vendor("givewp", "donate", markup=r"give-form|givewp"),
    Vendor(
        "helloasso",
        path_hosts=("helloasso.com",),
        paths=(
            (r"/evenements?/", "event"),
            (r"/adhesions?/", "volunteer"),
            (r"/(?:formulaires|collectes|dons?|campagnes)/", "donate"),
            (r"/boutiques?/", None),
        ),
        markup=r"helloasso",
    ),
    Vendor(
        "donorbox",
        "donate",
        hosts=("donorbox.org",),
        markup=r"donorbox",
        scripts=(FormScript("src", r"donorbox\.org/widget\.js", None, "//iframe[contains(@src, 'donorbox')]"),),
    ),
    Vendor("emailoctopus", "newsletter", hosts=("emailoctopus.com",), markup=r"emailoctopus"),
    Vendor("buttondown", "newsletter", hosts=("buttondown.email", "buttondown.com")),
    Vendor("tinyletter", "newsletter", hosts=("tinyletter.com",)),
    Vendor("beehiiv", "newsletter", hosts=("beehiiv.com",)),
    # Donations and crowdfunding.
    Vendor("actblue", "donate", hosts=("actblue.com",)),
    Vendor("givebutter", "donate", hosts=("givebutter.com",)),
    Vendor("winred", "donate", hosts=("winred.com",)),
    Vendor("anedot", "donate", hosts=("anedot.com",)),
    Vendor("gofundme", "donate", hosts=("gofundme.com",)),
    Vendor("leetchi", "donate", hosts=("leetchi.com",)),
    Vendor("kisskissbankbank", "donate", hosts=("kisskissbankbank.com",)),
    Vendor("ulule", "donate", hosts=("ulule.com",)),
    Vendor("tipeee", "donate", hosts=("tipeee.com",)),
    Vendor("liberapay", "donate", hosts=("liberapay.com",)),
    Vendor("kofi", "donate", hosts=("ko-fi.com",)),
    Vendor("every_org", "donate", hosts=("every.org",)),
    Vendor(
        "zeffy",
        path_hosts=("zeffy.com",),
        paths=((r"/(?:donation-form|peer-to-peer|fundraising)", "donate"), (r"/ticketing/", "event")),
    ),
    Vendor("patreon", "donate", hosts=("patreon.com",)),
    Vendor("payasso", "donate", hosts=("payasso.fr",)),
    Vendor("iraiser", "donate", hosts=("iraiser.eu",)),
    Vendor("paypal", "donate", hosts=("paypal.com", "paypal.me"), payments=True),
    Vendor("stripe", "donate", hosts=("buy.stripe.com", "donate.stripe.com", "checkout.stripe.com"), payments=True),
    Vendor("lydia", "donate", hosts=("lydia-app.com", "lydia.me"), payments=True),
    # Petitions. The platforms' home, about and search pages are cited in articles: only a petition's page asks.
    Vendor("change_org", "petition", path_hosts=("change.org",), paths=((r"^/p/", "petition"),)),
    Vendor("mesopinions", "petition", path_hosts=("mesopinions.com",), paths=((r"^/petition/", "petition"),)),
    Vendor("avaaz", "petition", path_hosts=("avaaz.org",), paths=((r"/(?:campaign|page|petition)s?/", "petition"),)),
    Vendor("openpetition", "petition", hosts=("openpetition.eu", "openpetition.de")),
    Vendor("assemblee_nationale", "petition", hosts=("petitions.assemblee-nationale.fr",)),
    Vendor("senat", "petition", hosts=("petitions.senat.fr",)),
    Vendor("moveon", "petition", hosts=("moveon.org",)),
    # Membership and campaign sites.
    Vendor("nationbuilder", hosts=("nationbuilder.com",)),
    Vendor("assoconnect", hosts=("assoconnect.com",)),
    # Events.
    Vendor(
        "eventbrite",
        "event",
        hosts=tuple(
            f"eventbrite.{suffix}" for suffix in ("com", "fr", "co.uk", "de", "es", "ca", "be", "ie", "com.au")
        ),
    ),
    Vendor("meetup", "event", hosts=("meetup.com",)),
    Vendor("mobilize", "event", hosts=("mobilize.us",)),
    Vendor("weezevent", "event", hosts=("weezevent.com",)),
    Vendor("billetweb", "event", hosts=("billetweb.fr",)),
    Vendor("luma", "event", hosts=("lu.ma",)),
    Vendor("facebook", "event", path_hosts=("facebook.com",), paths=((r"^/events?/", "event"),), embeds_forms=False),
    Vendor(
        "zoom",
        "event",
        path_hosts=("zoom.us",),
        paths=((r"/webinar/register|/meeting/register", "event"),),
        embeds_forms=False,
    ),
    # Form builders: the form's own words tell what it asks.
    Vendor(
        "typeform",
        hosts=("typeform.com",),
        scripts=(
            FormScript(
                "src",
                r"embed\.typeform\.com/",
                "//*[@data-tf-widget or @data-tf-live or @data-tf-popup]",
                "//iframe[contains(@src, 'typeform.com')]",
            ),
        ),
    ),
    Vendor(
        "jotform",
        hosts=("jotform.com",),
        scripts=(FormScript("src", r"jotform\.\w+/jsform/", None, "//iframe[contains(@src, 'jotform')]"),),
    ),
    Vendor("framaforms", hosts=("framaforms.org",)),
    Vendor("google_forms", hosts=("forms.gle",)),
    Vendor(
        "tally",
        scripts=(
            FormScript(
                "src",
                r"tally\.so/widgets/embed\.js",
                "//iframe[@data-tally-src]",
                "//iframe[contains(@src, 'tally.so')]",
            ),
        ),
    ),
    # App stores, and mobile measurement links that send the visitor to the app's store page.
    Vendor(
        "app_store",
        "app_download",
        hosts=("apps.apple.com",),
        path_hosts=("itunes.apple.com",),
        paths=((r"/app/", "app_download"),),
        embeds_forms=False,
    ),
    Vendor(
        "google_play",
        "app_download",
        path_hosts=("play.google.com",),
        paths=((r"^/store/apps", "app_download"),),
        embeds_forms=False,
    ),
    Vendor(
        "f_droid",
        "app_download",
        path_hosts=("f-droid.org",),
        paths=((r"^/(?:[a-z]{2}(?:_[a-z]{2})?/)?packages/", "app_download"),),
    ),
    Vendor(
        "huawei_appgallery", "app_download", path_hosts=("appgallery.huawei.com",), paths=((r"/app/", "app_download"),)
    ),
    Vendor("adjust", "app_download", hosts=("app.adjust.com",)),
    Vendor("appsflyer", "app_download", hosts=("onelink.me",)),
    Vendor("branch", "app_download", hosts=("app.link",)),
)

#: Podcast and music apps: "Subscribe on Spotify" follows a show there, it is no mailing list.
LISTENING_HOSTS = frozenset(
    {"podcasts.apple.com", "open.spotify.com", "spotify.com", "deezer.com", "pca.st", "pocketcasts.com"}
    | {"podcasts.google.com", "overcast.fm", "castbox.fm", "podcastaddict.com", "castro.fm", "music.amazon.com"}
    | {"music.youtube.com", "podcloud.fr", "ausha.co"}
)

_Refinements = tuple[tuple[re.Pattern[str], str | None], ...]


def _host_rules() -> dict[str, tuple[str, _Refinements, str | None]]:
    """host -> (vendor, compiled path refinements, kind when no refinement matches)."""
    rules: dict[str, tuple[str, _Refinements, str | None]] = {}
    for vendor in VENDORS:
        refinements = tuple((re.compile(pattern), kind) for pattern, kind in vendor.paths)
        for host in vendor.hosts:
            rules[host] = (vendor.name, refinements, vendor.serves)
        for host in vendor.path_hosts:
            rules[host] = (vendor.name, refinements, None)
    return rules


_HOST_RULES = _host_rules()
#: A host such as don.example.org or soutenir.example.org is a fundraising platform (iRaiser, Kentaa...).
_DONATE_SUBDOMAIN = re.compile(r"^(?:don|dons|donate|donation|donner|give|soutenir|spenden)\.")
_GOOGLE_DOCS = "docs.google.com"

NEWSLETTER_VENDORS = frozenset(vendor.name for vendor in VENDORS if vendor.serves == "newsletter")
PAYMENT_VENDORS = frozenset(vendor.name for vendor in VENDORS if vendor.payments)
NON_FORM_EMBED_VENDORS = frozenset(vendor.name for vendor in VENDORS if not vendor.embeds_forms)
#: ``(markup regex, vendor)`` of the vendors whose embedded forms are told by their markup, in :data:`VENDORS` order.
FORM_MARKUP: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(vendor.markup), vendor.name) for vendor in VENDORS if vendor.markup
)
#: One regex of the markup of the newsletter vendors' forms (a form showing it is a mailing-list form).
NEWSLETTER_MARKUP = "|".join(vendor.markup for vendor in VENDORS if vendor.serves == "newsletter" and vendor.markup)
#: ``(vendor, script)`` of the forms built by script, in :data:`VENDORS` order.
FORM_SCRIPTS: tuple[tuple[str, FormScript], ...] = tuple(
    (vendor.name, script) for vendor in VENDORS for script in vendor.scripts
)


def vendor_action(host: str, domains: tuple[str, ...], path: str, query: str) -> tuple[str | None, str | None]:
    """``(kind, vendor)`` of a URL on a known service, else ``(None, None)``: the host table (path rules first, then
    the vendor's kind), GiveWP's forms served from the site itself, Google Forms (vendor only), Mobilizon (event),
    ``don.``-like hosts (donate). ``host`` is lowercase without ``www.``; ``domains`` is ``host`` then each parent
    domain; ``path`` and ``query`` are lowercase."""
    if not host:
        return None, None
    for domain in domains:
        rule = _HOST_RULES.get(domain)
        if rule is None:
            continue
        vendor, refinements, default = rule
        target = f"{path}?{query}"
        for pattern, kind in refinements:
            if pattern.search(target):
                return kind, vendor
        return default, vendor
    if "givewp-route=donation-form" in query:
        return "donate", "givewp"  # GiveWP 3 forms are served from the site itself, in an iframe
    if host == _GOOGLE_DOCS and path.startswith("/forms/"):
        return None, "google_forms"
    if "mobilizon" in host:
        return "event", "mobilizon"
    if _DONATE_SUBDOMAIN.match(host):
        return "donate", None
    return None, None


def is_vendor_host(host: str, domains: tuple[str, ...]) -> bool:
    """Whether ``host`` (with its parent ``domains``) may be a service's: a URL on it may be a call to action."""
    if "mobilizon" in host or host == _GOOGLE_DOCS or _DONATE_SUBDOMAIN.match(host):
        return True
    return any(domain in _HOST_RULES for domain in domains)


def is_listening_host(domains: tuple[str, ...]) -> bool:
    """Whether a host (given as itself then its parent domains) is a podcast or music app's."""
    return not LISTENING_HOSTS.isdisjoint(domains)


def form_vendor_of_markup(markup: str) -> str | None:
    """The vendor whose form markup ``markup`` (lowercase ids, classes, hidden input names) shows, else ``None``."""
    for pattern, name in FORM_MARKUP:
        if pattern.search(markup):
            return name
    return None
