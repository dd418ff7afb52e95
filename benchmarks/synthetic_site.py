"""A synthetic campaign site for benchmarks: WordPress-like pages in French and English, written to a folder.

Every page carries what the audit looks for on a real campaign site — a navigation menu, header and hero calls to
action, share buttons, a footer newsletter form, social profile links — and the sizes real WordPress pages have
(30–60 KB: inline global styles, JSON-LD, a long article, comments, a sidebar). About a third of the articles embed a
YouTube video (half of them declare its length in JSON-LD), and the site has one team page, one contribution page
(a hand-made "consultation citoyenne" with counters, linking to a Decidim instance), a video page, donation,
volunteer, newsletter and contact pages.

Links make every page reachable breadth-first from the home page within a few clicks: the home page and the blog
index list the latest articles, and article ``i`` links to its "related" articles ``6i+1 … 6i+6`` and to its
neighbours, so an 8,000-page site is about 7 clicks deep. No link leads to a page that does not exist, and no page
loads a script that would make the ``auto`` render mode open a browser.

The content is deterministic for a given seed: two runs (two versions of the project) crawl the same bytes.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

SITE_NAME = "Agir ensemble 2027"
SITE_HOST = "https://www.agir-ensemble-2027.fr"
DECIDIM_URL = "https://participez.agir-ensemble-2027.fr/processes/programme-citoyen"
#: Related articles linked from each article (the fan-out of the link tree).
FAN_OUT = 6
#: Articles listed on the home page and in every sidebar.
LATEST = 10
#: Articles listed on the blog index.
INDEX_SIZE = 20

_FR_SUBJECTS = (
    "La transition écologique", "Le revenu universel", "L'école publique", "Notre système de santé",
    "La démocratie locale", "Le logement abordable", "La jeunesse", "Le travail de demain", "L'agriculture paysanne",
    "La culture pour tous", "Le service public", "L'Europe sociale", "La recherche", "Le pouvoir d'achat",
    "La sécurité du quotidien", "Le numérique responsable", "Les territoires ruraux", "L'égalité femmes-hommes",
)  # fmt: skip
_FR_VERBS = (
    "doit devenir", "mérite", "exige", "appelle", "suppose", "reste", "peut devenir", "ne sera jamais",
    "deviendra", "passe par", "repose sur", "implique",
)  # fmt: skip
_FR_OBJECTS = (
    "une priorité nationale dès 2027", "un investissement massif et durable", "la mobilisation de chacune et chacun",
    "un débat ouvert avec les citoyennes et les citoyens", "une loi de programmation votée dans les cent jours",
    "des moyens nouveaux pour les collectivités", "une réforme juste et financée", "le cœur de notre projet",
    "une réponse concrète aux attentes des Français", "un chantier collectif que nous menons ensemble",
    "un engagement tenu, vérifiable et évalué chaque année", "la fin des inégalités territoriales",
)  # fmt: skip
_FR_TAILS = (
    "Nous l'avons entendu dans chaque réunion publique.", "Les chiffres sont sans appel.",
    "C'est un choix de société.", "Les propositions du conseil citoyen vont dans ce sens.",
    "Plus de 3 000 contributions ont été déposées sur ce thème.", "Rien ne se fera sans vous.",
    "Les économistes que nous avons consultés le confirment.", "Il faut agir maintenant.",
)  # fmt: skip
_EN_SUBJECTS = (
    "The climate transition", "Universal basic income", "Public schools", "Our health service", "Local democracy",
    "Affordable housing", "Young people", "The future of work", "Small-scale farming", "Culture for everyone",
    "Public services", "A social Europe", "Research", "Household incomes", "Everyday safety", "Responsible tech",
)  # fmt: skip
_EN_VERBS = ("must become", "deserves", "requires", "calls for", "depends on", "remains", "can become", "will need")
_EN_OBJECTS = (
    "a national priority from 2027", "sustained public investment", "everyone's involvement",
    "an open debate with citizens", "a law passed within the first hundred days", "new means for local councils",
    "a fair and fully funded reform", "the heart of our programme", "a concrete answer to what people ask for",
    "a shared project we build together", "commitments that are kept, checked and reviewed every year",
)  # fmt: skip
_EN_TAILS = (
    "We heard it at every public meeting.", "The figures speak for themselves.", "It is a choice of society.",
    "The citizens' council proposals point the same way.", "More than 3,000 contributions were made on this topic.",
    "Nothing will happen without you.", "The economists we consulted agree.", "We have to act now.",
)  # fmt: skip
_FIRST_NAMES = ("Camille", "Nadia", "Julien", "Sofia", "Mehdi", "Claire", "Thomas", "Aïcha", "Lucas", "Élise")
_LAST_NAMES = ("Martin", "Benali", "Durand", "Lefèvre", "Nguyen", "Moreau", "Garcia", "Diallo", "Fontaine", "Roux")
_ROLES = (
    "Directrice de campagne", "Porte-parole", "Responsable du programme", "Trésorier", "Responsable numérique",
    "Coordinatrice des bénévoles", "Responsable presse", "Directeur des événements", "Chargée des territoires",
    "Responsable des relations citoyennes",
)  # fmt: skip
_MENU: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("Le projet", "/le-projet/", (("Le programme", "/le-projet/"), ("La consultation", "/consultation-citoyenne/"))),
    ("Carnet de campagne", "/carnet-de-campagne/", (("Toutes les actualités", "/carnet-de-campagne/"),)),
    ("Vidéos", "/videos/", (("Toutes les vidéos", "/videos/"),)),
    ("L'équipe", "/equipe/", (("Qui sommes-nous ?", "/equipe/"), ("Nous contacter", "/contact/"))),
    ("S'engager", "/s-engager/", (("Devenir bénévole", "/s-engager/"), ("Recevoir la newsletter", "/newsletter/"))),
    ("Conseil citoyen", "/consultation-citoyenne/", (("Proposer une idée", "/consultation-citoyenne/"),)),
    ("English", "/en/", (("In English", "/en/"),)),
)
#: Pages that are not articles, in the order they are counted: (path, title, builder name).
STATIC_PAGES: tuple[tuple[str, str], ...] = (
    ("/", "Accueil"),
    ("/carnet-de-campagne/", "Carnet de campagne"),
    ("/le-projet/", "Le projet"),
    ("/s-engager/", "S'engager"),
    ("/don/", "Faire un don"),
    ("/equipe/", "L'équipe de campagne"),
    ("/consultation-citoyenne/", "Consultation citoyenne : la boîte à idées"),
    ("/videos/", "Vidéos"),
    ("/newsletter/", "Newsletter"),
    ("/contact/", "Contact"),
    ("/mentions-legales/", "Mentions légales"),
    ("/en/", "Acting together 2027 — in English"),
)


@dataclass(frozen=True)
class Article:
    """One generated blog post."""

    index: int
    path: str
    title: str
    english: bool
    video_id: str | None
    video_seconds: int | None
    """The length declared in JSON-LD, ``None`` when the page does not declare it."""


@dataclass(frozen=True)
class SyntheticSite:
    """A generated site: where it is, how many pages, their total size."""

    folder: Path
    pages: int
    articles: int
    total_bytes: int
    video_pages: int

    @property
    def mean_page_bytes(self) -> float:
        return self.total_bytes / self.pages if self.pages else 0.0


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:70]


def _sentence(rng: random.Random, english: bool) -> str:
    if english:
        return f"{rng.choice(_EN_SUBJECTS)} {rng.choice(_EN_VERBS)} {rng.choice(_EN_OBJECTS)}. {rng.choice(_EN_TAILS)}"
    return f"{rng.choice(_FR_SUBJECTS)} {rng.choice(_FR_VERBS)} {rng.choice(_FR_OBJECTS)}. {rng.choice(_FR_TAILS)}"


def _paragraph(rng: random.Random, english: bool, sentences: tuple[int, int] = (3, 6)) -> str:
    return " ".join(_sentence(rng, english) for _ in range(rng.randint(*sentences)))


def _video_id(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return "".join(rng.choice(alphabet) for _ in range(11))


def plan_articles(count: int, seed: int = 2017) -> list[Article]:
    """The articles of a site with ``count`` of them: paths, titles, language, video."""
    articles = []
    for index in range(count):
        rng = random.Random(f"{seed}:article:{index}")
        english = index % 4 == 3
        subject = rng.choice(_EN_SUBJECTS if english else _FR_SUBJECTS)
        obj = rng.choice(_EN_OBJECTS if english else _FR_OBJECTS)
        title = f"{subject}: {obj}" if english else f"{subject} : {obj}"
        prefix = "/en/news/" if english else "/carnet-de-campagne/"
        path = f"{prefix}{_slug(title)}-{index}/"
        has_video = index % 3 == 0
        video_id = _video_id(rng) if has_video else None
        seconds = rng.randint(45, 2400) if has_video and index % 2 == 0 else None
        articles.append(Article(index, path, title, english, video_id, seconds))
    return articles


# --- page parts ----------------------------------------------------------------------------------------------------

_GLOBAL_STYLES = "".join(
    f".has-{name}-color{{color:var(--wp--preset--color--{name}) !important;}}"
    f".has-{name}-background-color{{background-color:var(--wp--preset--color--{name}) !important;}}"
    f".has-{name}-border-color{{border-color:var(--wp--preset--color--{name}) !important;}}"
    for name in (
        "black", "cyan-bluish-gray", "white", "pale-pink", "vivid-red", "luminous-vivid-orange",
        "luminous-vivid-amber", "light-green-cyan", "vivid-green-cyan", "pale-cyan-blue", "vivid-cyan-blue",
        "vivid-purple", "campaign-rose", "campaign-green", "campaign-navy", "campaign-sand",
    )
) + "".join(
    f".has-{size}-font-size{{font-size:var(--wp--preset--font-size--{size}) !important;}}"
    f".wp-block-{block}{{margin-block-start:var(--wp--style--block-gap);box-sizing:border-box;}}"
    for size, block in zip(
        ("small", "medium", "large", "x-large", "xx-large", "huge", "normal", "tiny"),
        ("group", "columns", "column", "cover", "buttons", "button", "image", "embed"),
        strict=True,
    )
) * 6  # fmt: skip

_EMOJI_SCRIPT = (
    "window._wpemojiSettings = "
    + json.dumps(
        {
            "baseUrl": "https://s.w.org/images/core/emoji/14.0.0/72x72/",
            "ext": ".png",
            "svgUrl": "https://s.w.org/images/core/emoji/14.0.0/svg/",
            "svgExt": ".svg",
            "source": {"concatemoji": "/wp-includes/js/wp-emoji-release.min.js?ver=6.4.3"},
        }
    )
    + ";/*! This file is auto-generated */!function(i,n){var o,s,e;function c(e){try{var t={supportTests:e,"
    "timestamp:(new Date).valueOf()};sessionStorage.setItem(o,JSON.stringify(t))}catch(e){}}function p(e,t,n){"
    "e.clearRect(0,0,e.canvas.width,e.canvas.height),e.fillText(t,0,0);var t=new Uint32Array(e.getImageData(0,0,"
    "e.canvas.width,e.canvas.height).data),r=(e.clearRect(0,0,e.canvas.width,e.canvas.height),e.fillText(n,0,0),"
    "new Uint32Array(e.getImageData(0,0,e.canvas.width,e.canvas.height).data));return t.every(function(e,t){"
    "return e===r[t]})}}(window,document);"
)


def _head(title: str, path: str, description: str, english: bool, json_ld: list[dict]) -> str:
    url = SITE_HOST + path
    lang = "en-GB" if english else "fr-FR"
    graph = json.dumps({"@context": "https://schema.org", "@graph": json_ld}, ensure_ascii=False)
    return f"""<!DOCTYPE html>
<html lang="{lang}" prefix="og: https://ogp.me/ns#">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} – {SITE_NAME}</title>
<meta name="description" content="{escape(description)}">
<link rel="canonical" href="{url}">
<meta property="og:locale" content="{lang.replace("-", "_")}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(title)}">
<meta property="og:description" content="{escape(description)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:image" content="{SITE_HOST}/wp-content/uploads/2026/09/partage-agir-2027.jpg">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:site" content="@agirensemble27">
<meta name="twitter:title" content="{escape(title)}">
<meta name="twitter:description" content="{escape(description)}">
<meta name="generator" content="WordPress 6.4.3">
<link rel="icon" href="/wp-content/uploads/2026/09/favicon-32x32.png" sizes="32x32">
<link rel="stylesheet" id="wp-block-library-css" href="/wp-includes/css/dist/block-library/style.min.css?ver=6.4.3">
<link rel="stylesheet" id="agir2027-style-css" href="/wp-content/themes/agir2027/style.css?ver=2.1.0">
<script>{_EMOJI_SCRIPT}</script>
<style id="global-styles-inline-css">body{{--wp--preset--color--black:#000000;--wp--preset--color--white:#ffffff;\
--wp--preset--color--campaign-rose:#e4007c;--wp--style--block-gap:24px;}}{_GLOBAL_STYLES}</style>
<script type="application/ld+json" class="yoast-schema-graph">{graph}</script>
<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
</head>
"""


def _header(english: bool) -> str:
    items = []
    for number, (label, href, children) in enumerate(_MENU, start=1):
        sub = "".join(
            f'<li class="menu-item menu-item-type-post_type menu-item-{number * 10 + k}"><a href="{child_href}">'
            f"{escape(child)}</a></li>"
            for k, (child, child_href) in enumerate(children)
        )
        items.append(
            f'<li id="menu-item-{number}" class="menu-item menu-item-type-post_type menu-item-object-page '
            f'menu-item-has-children menu-item-{number}"><a href="{href}">{escape(label)}</a>'
            f'<ul class="sub-menu">{sub}</ul></li>'
        )
    engage, donate = ("Get involved", "Donate") if english else ("S'engager", "Faire un don")
    return f"""<body class="wp-singular page-template-default wp-theme-agir2027">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">{"Skip to content" if english else "Aller au contenu"}</a>
<header id="masthead" class="site-header" role="banner">
 <div class="site-branding">
  <a href="/" class="custom-logo-link" rel="home"><img width="220" height="60" \
src="/wp-content/uploads/2026/09/logo-agir-2027.png" class="custom-logo" alt="{SITE_NAME}"></a>
  <p class="site-title"><a href="/" rel="home">{SITE_NAME}</a></p>
 </div>
 <nav id="site-navigation" class="main-navigation" aria-label="{"Main menu" if english else "Menu principal"}">
  <button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
  <ul id="primary-menu" class="menu nav-menu">{"".join(items)}</ul>
 </nav>
 <div class="header-cta">
  <a class="button button-engager" href="/s-engager/">{engage}</a>
  <a class="button button-don" href="/don/">{donate}</a>
 </div>
 <div class="language-switcher"><a href="/" hreflang="fr">FR</a> <a href="/en/" hreflang="en">EN</a></div>
</header>
<div id="content" class="site-content">
"""


def _hero(english: bool) -> str:
    if english:
        title, text = "Let's build 2027 together", "Sign the call and join 48,000 supporters."
        button = "Sign the call"
    else:
        title, text, button = (
            "Construisons 2027 ensemble",
            "Signez l'appel et rejoignez les 48 000 soutiens.",
            "Je signe l'appel",
        )
    return f"""<section class="wp-block-cover hero alignfull">
 <div class="wp-block-cover__inner-container">
  <h2 class="hero-title">{escape(title)}</h2>
  <p class="hero-text">{escape(text)}</p>
  <div class="wp-block-buttons"><div class="wp-block-button is-style-fill"><a class="wp-block-button__link \
wp-element-button hero-cta" href="/s-engager/">{escape(button)}</a></div></div>
 </div>
</section>
"""


def _share_buttons(path: str, title: str, english: bool) -> str:
    url = (SITE_HOST + path).replace(":", "%3A").replace("/", "%2F")
    text = escape(title.replace(" ", "%20"))
    label = "Share:" if english else "Partager :"
    return f"""<div class="share-buttons sharedaddy sd-sharing-enabled">
 <h3 class="sd-title">{label}</h3>
 <ul>
  <li class="share-twitter"><a class="share-button share-twitter" href="https://twitter.com/intent/tweet?text={text}\
&amp;url={url}&amp;via=agirensemble27" target="_blank" rel="nofollow noopener" title="Twitter">Twitter</a></li>
  <li class="share-facebook"><a class="share-button share-facebook" href="https://www.facebook.com/sharer/sharer.php?u=\
{url}" target="_blank" rel="nofollow noopener" title="Facebook">Facebook</a></li>
  <li class="share-linkedin"><a class="share-button share-linkedin" href="https://www.linkedin.com/sharing/\
share-offsite/?url={url}" target="_blank" rel="nofollow noopener" title="LinkedIn">LinkedIn</a></li>
  <li class="share-whatsapp"><a class="share-button share-whatsapp" href="https://api.whatsapp.com/send?text={text}%20\
{url}" target="_blank" rel="nofollow noopener" title="WhatsApp">WhatsApp</a></li>
  <li class="share-email"><a class="share-button share-email" href="mailto:?subject={text}&amp;body={url}" \
title="E-mail">E-mail</a></li>
 </ul>
</div>
"""


def _video_embed(video_id: str, caption: str) -> str:
    return f"""<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube \
wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">
<iframe loading="lazy" title="{escape(caption)}" width="640" height="360" \
src="https://www.youtube.com/embed/{video_id}?feature=oembed" frameborder="0" allow="accelerometer; autoplay; \
clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" allowfullscreen></iframe>
</div><figcaption class="wp-element-caption">{escape(caption)}</figcaption></figure>
"""


def _video_json_ld(video_id: str, title: str, seconds: int) -> dict:
    minutes, rest = divmod(seconds, 60)
    return {
        "@type": "VideoObject",
        "name": title,
        "description": f"{title} — {SITE_NAME}",
        "thumbnailUrl": f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg",
        "uploadDate": "2026-10-02T18:00:00+02:00",
        "duration": f"PT{minutes}M{rest}S",
        "embedUrl": f"https://www.youtube.com/embed/{video_id}",
    }


def _sidebar(latest: list[Article], english: bool) -> str:
    posts = "".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in latest)
    heading, text, button = (
        ("Fund the campaign", "Every donation counts: 66% of it is tax-deductible.", "Donate")
        if english
        else ("Financez la campagne", "Chaque don compte : 66 % de son montant est déductible.", "Faire un don")
    )
    return f"""<aside id="secondary" class="widget-area" role="complementary">
 <section id="agir-don-2" class="widget widget_agir_don">
  <h2 class="widget-title">{escape(heading)}</h2>
  <p>{escape(text)}</p>
  <a class="button button-don" href="/don/">{escape(button)}</a>
 </section>
 <section id="recent-posts-2" class="widget widget_recent_entries">
  <h2 class="widget-title">{"Latest posts" if english else "Derniers articles"}</h2>
  <ul>{posts}</ul>
 </section>
 <section id="categories-2" class="widget widget_categories">
  <h2 class="widget-title">{"Sections" if english else "Rubriques"}</h2>
  <ul><li class="cat-item"><a href="/carnet-de-campagne/">Carnet de campagne</a></li>
  <li class="cat-item"><a href="/videos/">Vidéos</a></li><li class="cat-item"><a href="/le-projet/">Le projet</a></li>
  <li class="cat-item"><a href="/consultation-citoyenne/">Consultation citoyenne</a></li></ul>
 </section>
</aside>
"""


def _footer(english: bool) -> str:
    heading, text, placeholder, button = (
        ("Get the newsletter", "Sign up to receive campaign news.", "Your email address", "Subscribe")
        if english
        else (
            "Recevez la newsletter",
            "Inscrivez-vous gratuitement pour recevoir les informations de la campagne.",
            "Votre adresse e-mail",
            "Je m'inscris à la newsletter",
        )
    )
    return f"""</div><!-- #content -->
<footer id="colophon" class="site-footer" role="contentinfo">
 <div id="footer-widgets" class="footer-widgets widget-area">
  <section id="agir-newsletter-2" class="widget widget_agir_newsletter">
   <h2 class="widget-title">{escape(heading)}</h2>
   <p>{escape(text)}</p>
   <form class="newsletter newsletter-footer" action="/newsletter/" method="post">
    <label for="newsletter-email-footer" class="screen-reader-text">E-mail</label>
    <input type="email" id="newsletter-email-footer" name="email" placeholder="{escape(placeholder)}" required>
    <label for="newsletter-cp-footer" class="screen-reader-text">Code postal</label>
    <input type="text" id="newsletter-cp-footer" name="code_postal" placeholder="Code postal" maxlength="5">
    <input type="hidden" name="source" value="footer">
    <button type="submit" class="button button-newsletter">{escape(button)}</button>
   </form>
  </section>
  <section id="agir-social-2" class="widget widget_agir_social">
   <h2 class="widget-title">{"Follow the campaign" if english else "Suivez la campagne"}</h2>
   <ul class="social-links">
    <li class="social-facebook"><a href="https://www.facebook.com/agirensemble2027" target="_blank" rel="noopener" \
title="Facebook">Facebook</a></li>
    <li class="social-twitter"><a href="https://twitter.com/agirensemble27" target="_blank" rel="noopener" \
title="Twitter">Twitter</a></li>
    <li class="social-instagram"><a href="https://www.instagram.com/agirensemble2027/" target="_blank" rel="noopener" \
title="Instagram">Instagram</a></li>
    <li class="social-youtube"><a href="https://www.youtube.com/@agirensemble2027" target="_blank" rel="noopener" \
title="YouTube">YouTube</a></li>
   </ul>
  </section>
  <section id="nav_menu-3" class="widget widget_nav_menu">
   <ul id="menu-pied-de-page" class="menu">
    <li class="menu-item"><a href="/contact/">Contact</a></li>
    <li class="menu-item"><a href="/mentions-legales/">Mentions légales</a></li>
    <li class="menu-item"><a href="/don/">Faire un don</a></li>
    <li class="menu-item"><a href="/newsletter/">Newsletter</a></li>
   </ul>
  </section>
 </div>
 <div class="site-info"><p>© 2026 {SITE_NAME}. Site édité par l'association de financement de la campagne.</p></div>
</footer>
</div><!-- #page -->
<script id="wp-embed-js-extra">var agir2027 = {{"ajaxurl":"\\/wp-admin\\/admin-ajax.php","lang":"\
{"en" if english else "fr"}","nonce":"8d1f0c2b7a"}};</script>
<script src="/wp-content/themes/agir2027/js/navigation.js?ver=2.1.0" id="agir2027-navigation-js"></script>
</body>
</html>
"""


def _comments(rng: random.Random, english: bool) -> str:
    comments = []
    for number in range(rng.randint(2, 6)):
        name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)[0]}."
        comments.append(
            f'<li id="comment-{number}" class="comment even depth-1"><article class="comment-body">'
            f'<footer class="comment-meta"><b class="fn">{escape(name)}</b> <time datetime="2026-10-0{number + 1}">'
            f"{number + 1} octobre 2026</time></footer>"
            f'<div class="comment-content"><p>{escape(_paragraph(rng, english, (1, 3)))}</p></div></article></li>'
        )
    reply = "Leave a reply" if english else "Laisser un commentaire"
    return f"""<div id="comments" class="comments-area">
 <h2 class="comments-title">{len(comments)} {"comments" if english else "commentaires"}</h2>
 <ol class="comment-list">{"".join(comments)}</ol>
 <div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">{reply}</h3>
 <form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
  <p class="comment-form-comment"><label for="comment">Commentaire</label><textarea id="comment" name="comment" \
cols="45" rows="8" maxlength="65525" required></textarea></p>
  <p class="comment-form-author"><label for="author">Nom</label><input id="author" name="author" type="text"></p>
  <p class="comment-form-email"><label for="email">E-mail</label><input id="email" name="email" type="email"></p>
  <p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="{reply}"></p>
 </form></div>
</div>
"""


def _page(path: str, title: str, description: str, english: bool, main: str, latest: list[Article], **kw) -> str:
    json_ld = [
        {"@type": "WebPage", "@id": SITE_HOST + path, "url": SITE_HOST + path, "name": title},
        {"@type": "Organization", "name": SITE_NAME, "url": SITE_HOST + "/"},
        *kw.get("json_ld", []),
    ]
    hero = _hero(english) if kw.get("hero") else ""
    return (
        _head(title, path, description, english, json_ld)
        + _header(english)
        + hero
        + '<div id="primary" class="content-area"><main id="main" class="site-main" role="main">\n'
        + main
        + "</main></div>\n"
        + _sidebar(latest, english)
        + _footer(english)
    )


def _body(rng: random.Random, english: bool, paragraphs: tuple[int, int]) -> str:
    parts = []
    for number in range(rng.randint(*paragraphs)):
        if number and number % 4 == 0:
            parts.append(f"<h2>{escape(_sentence(rng, english).split('.')[0])}</h2>")
        parts.append(f"<p>{escape(_paragraph(rng, english))}</p>")
        if number == 2:
            parts.append(f'<blockquote class="wp-block-quote"><p>{escape(_sentence(rng, english))}</p></blockquote>')
        if number == 5:
            items = "".join(f"<li>{escape(_sentence(rng, english).split('.')[0])}</li>" for _ in range(5))
            parts.append(f'<ul class="wp-block-list">{items}</ul>')
    return "\n".join(parts)


def article_page(article: Article, articles: list[Article], seed: int = 2017) -> str:
    """The HTML of one article: body, maybe a video, share buttons, related articles, comments."""
    rng = random.Random(f"{seed}:body:{article.index}")
    english = article.english
    latest = articles[:LATEST]
    video = ""
    json_ld: list[dict] = [{"@type": "Article", "headline": article.title, "inLanguage": "en" if english else "fr"}]
    if article.video_id:
        caption = f"{'Video' if english else 'Vidéo'} : {article.title}"
        video = _video_embed(article.video_id, caption)
        if article.video_seconds is not None:
            json_ld.append(_video_json_ld(article.video_id, caption, article.video_seconds))
    children = articles[FAN_OUT * article.index + 1 : FAN_OUT * article.index + 1 + FAN_OUT]
    related = "".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in children)
    previous = articles[article.index - 1] if article.index else None
    following = articles[article.index + 1] if article.index + 1 < len(articles) else None
    navigation = "".join(
        f'<div class="nav-{side}"><a href="{a.path}" rel="{rel}">{escape(a.title)}</a></div>'
        for side, rel, a in (("previous", "prev", previous), ("next", "next", following))
        if a is not None
    )
    body = _body(rng, english, (8, 22))
    main = f"""<article id="post-{1000 + article.index}" class="post type-post status-publish format-standard hentry">
<header class="entry-header"><h1 class="entry-title">{escape(article.title)}</h1>
<div class="entry-meta"><time class="entry-date published" datetime="2026-10-01T10:00:00+02:00">1er octobre 2026</time>
<span class="cat-links"><a href="/carnet-de-campagne/" rel="category tag">Carnet de campagne</a></span></div></header>
<div class="entry-content">
{body}
{video}
<p>{escape(_paragraph(rng, english))}</p>
</div>
<footer class="entry-footer">
{_share_buttons(article.path, article.title, english)}
<section class="related-posts"><h2>{"Read also" if english else "À lire aussi"}</h2><ul>{related}</ul></section>
</footer>
</article>
<nav class="navigation post-navigation" aria-label="Articles"><div class="nav-links">{navigation}</div></nav>
{_comments(rng, english)}"""
    description = _sentence(rng, english)
    return _page(article.path, article.title, description, english, main, latest, json_ld=json_ld)


def _team_page(latest: list[Article], rng: random.Random) -> str:
    members = []
    for number in range(10):
        name = f"{_FIRST_NAMES[number]} {_LAST_NAMES[number]}"
        slug = _slug(name)
        members.append(f"""<article class="team-member wp-block-group" id="{slug}">
 <figure class="wp-block-image team-photo"><img src="/wp-content/uploads/equipe/{slug}.jpg" alt="Portrait de {name}" \
width="240" height="240" loading="lazy"></figure>
 <h3 class="team-name">{escape(name)}</h3>
 <p class="team-role">{escape(_ROLES[number])}</p>
 <p class="team-bio">{escape(_paragraph(rng, False, (2, 3)))}</p>
 <ul class="team-links"><li><a class="team-twitter" href="https://twitter.com/{slug.replace("-", "")}" \
target="_blank" rel="noopener">Twitter</a></li><li><a class="team-linkedin" href="https://www.linkedin.com/in/{slug}/" \
target="_blank" rel="noopener">LinkedIn</a></li></ul>
</article>""")
    main = f"""<article class="page type-page status-publish hentry"><header class="entry-header">
<h1 class="entry-title">L'équipe de campagne</h1><p class="lede">Dix personnes font vivre la campagne au quotidien.</p>
</header><div class="entry-content"><div class="team-grid wp-block-columns">{"".join(members)}</div>
<p>{escape(_paragraph(rng, False))}</p></div></article>"""
    return _page("/equipe/", "L'équipe de campagne", "Qui fait la campagne.", False, main, latest)


def _contribution_page(latest: list[Article], rng: random.Random) -> str:
    ideas = "".join(
        f"""<li class="idea-card"><h3><a href="/consultation-citoyenne/">{escape(_sentence(rng, False).split(".")[0])}\
</a></h3><p>{escape(_paragraph(rng, False, (1, 2)))}</p><span class="idea-votes">{rng.randint(10, 900)} votes</span>\
</li>"""
        for _ in range(12)
    )
    main = f"""<article class="page type-page status-publish hentry"><header class="entry-header">
<h1 class="entry-title">Consultation citoyenne : la boîte à idées</h1>
<p class="lede">Proposez vos idées pour le programme, votez pour celles des autres.</p></header>
<div class="entry-content">
<div class="stats consultation-stats"><div class="stat"><span class="stat-number">12 480</span> \
<span class="stat-label">participants</span></div><div class="stat"><span class="stat-number">3 215</span> \
<span class="stat-label">propositions</span></div><div class="stat"><span class="stat-number">48 902</span> \
<span class="stat-label">votes</span></div></div>
<div class="wp-block-buttons"><div class="wp-block-button"><a class="wp-block-button__link" \
href="{DECIDIM_URL}/f/12/proposals/new">Proposer une idée</a></div><div class="wp-block-button">\
<a class="wp-block-button__link" href="{DECIDIM_URL}/f/12/proposals">Voter pour les propositions</a></div></div>
<p>{escape(_paragraph(rng, False))}</p>
<h2>Les idées les plus soutenues</h2><ul class="idea-list">{ideas}</ul>
<p>La consultation se déroule sur notre plateforme <a href="{DECIDIM_URL}">Decidim</a>.</p>
</div></article>"""
    return _page("/consultation-citoyenne/", "Consultation citoyenne : la boîte à idées", "Boîte à idées.", False,
                 main, latest)  # fmt: skip


def _videos_page(latest: list[Article], articles: list[Article]) -> str:
    with_video = [a for a in articles if a.video_id][:6]
    embeds = "".join(_video_embed(a.video_id or "", a.title) for a in with_video)
    json_ld = [
        _video_json_ld(a.video_id or "", a.title, a.video_seconds) for a in with_video if a.video_seconds is not None
    ]
    main = f"""<article class="page"><header class="entry-header"><h1 class="entry-title">Vidéos</h1></header>
<div class="entry-content">{embeds}</div></article>"""
    return _page("/videos/", "Vidéos", "Les vidéos de la campagne.", False, main, latest, json_ld=json_ld)


def _form_page(path: str, title: str, latest: list[Article], rng: random.Random, form: str, hero: bool) -> str:
    main = f"""<article class="page"><header class="entry-header"><h1 class="entry-title">{escape(title)}</h1></header>
<div class="entry-content"><p>{escape(_paragraph(rng, False))}</p>{form}<p>{escape(_paragraph(rng, False))}</p></div>
</article>"""
    return _page(path, title, title, False, main, latest, hero=hero)


_VOLUNTEER_FORM = """<form class="volunteer-form" action="/s-engager/" method="post"><h2>Devenir bénévole</h2>
<p>Tractage, porte-à-porte, événements, appels : choisissez comment vous voulez aider, nous vous recontactons sous
48 heures pour vous présenter l'équipe locale la plus proche de chez vous.</p>
<label for="v-prenom">Prénom</label><input id="v-prenom" name="prenom" type="text" required>
<label for="v-email">E-mail</label><input id="v-email" name="email" type="email" required>
<label for="v-cp">Code postal</label><input id="v-cp" name="code_postal" type="text">
<button type="submit" class="button">Je deviens bénévole</button></form>"""
_DONATION_FORM = """<form class="donation-form" action="/don/" method="post"><h2>Faire un don</h2>
<fieldset><legend>Montant</legend><label><input type="radio" name="montant" value="10"> 10 €</label>
<label><input type="radio" name="montant" value="50"> 50 €</label><label><input type="radio" name="montant"
value="100"> 100 €</label></fieldset><button type="submit" class="button button-don">Je donne</button></form>"""
_CONTACT_FORM = """<form class="contact-form" action="/contact/" method="post"><label for="c-nom">Nom</label>
<input id="c-nom" name="nom" type="text"><label for="c-email">E-mail</label><input id="c-email" name="email"
type="email"><label for="c-message">Message</label><textarea id="c-message" name="message"></textarea>
<button type="submit">Envoyer</button></form>"""


def static_page(path: str, title: str, articles: list[Article], seed: int = 2017) -> str:
    """The HTML of one of :data:`STATIC_PAGES`."""
    rng = random.Random(f"{seed}:static:{path}")
    latest = articles[:LATEST]
    listing = "".join(
        f'<article class="post-card"><h2><a href="{a.path}">{escape(a.title)}</a></h2>'
        f"<p>{escape(_paragraph(rng, a.english, (1, 2)))}</p></article>"
        for a in articles[:INDEX_SIZE]
    )
    builders: dict[str, Callable[[], str]] = {
        "/": lambda: _page(
            "/", "Accueil", "Le site de campagne.", False,
            f'<section class="latest-posts"><h1>Construisons 2027 ensemble</h1>{listing}</section>'
            + (_video_embed(articles[0].video_id, articles[0].title) if articles and articles[0].video_id else ""),
            latest, hero=True,
        ),
        "/carnet-de-campagne/": lambda: _page(
            path, title, "Les actualités de la campagne.", False, f"<h1>{escape(title)}</h1>{listing}", latest
        ),
        "/en/": lambda: _page(
            path, title, "The campaign in English.", True,
            f"<h1>{escape(title)}</h1><p>{escape(_paragraph(rng, True))}</p>{listing}", latest, hero=True,
        ),
        "/equipe/": lambda: _team_page(latest, rng),
        "/consultation-citoyenne/": lambda: _contribution_page(latest, rng),
        "/videos/": lambda: _videos_page(latest, articles),
        "/s-engager/": lambda: _form_page(path, title, latest, rng, _VOLUNTEER_FORM, hero=True),
        "/don/": lambda: _form_page(path, title, latest, rng, _DONATION_FORM, hero=False),
        "/contact/": lambda: _form_page(path, title, latest, rng, _CONTACT_FORM, hero=False),
        "/newsletter/": lambda: _form_page(path, title, latest, rng, "", hero=False),
    }  # fmt: skip
    build = builders.get(path) or (lambda: _form_page(path, title, latest, rng, "", hero=False))
    return build()


def write_site(folder: Path, pages: int, seed: int = 2017) -> SyntheticSite:
    """Write a site of ``pages`` HTML pages (at least the static ones) under ``folder``, with a ``robots.txt``."""
    if pages < len(STATIC_PAGES) + 1:
        raise ValueError(f"a synthetic site has at least {len(STATIC_PAGES) + 1} pages, not {pages}")
    articles = plan_articles(pages - len(STATIC_PAGES), seed)
    total = 0

    def write(path: str, html: str) -> None:
        nonlocal total
        target = folder / path.strip("/") / "index.html" if path != "/" else folder / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = html.encode("utf-8")
        target.write_bytes(data)
        total += len(data)

    for path, title in STATIC_PAGES:
        write(path, static_page(path, title, articles, seed))
    for article in articles:
        write(article.path, article_page(article, articles, seed))
    (folder / "robots.txt").write_text(
        f"User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: {SITE_HOST}/sitemap.xml\n",
        encoding="utf-8",
    )
    return SyntheticSite(
        folder=folder,
        pages=len(STATIC_PAGES) + len(articles),
        articles=len(articles),
        total_bytes=total,
        video_pages=sum(1 for a in articles if a.video_id),
    )


def page_paths(pages: int, seed: int = 2017) -> list[str]:
    """The paths of a site of ``pages`` pages, static pages first."""
    return [path for path, _ in STATIC_PAGES] + [a.path for a in plan_articles(pages - len(STATIC_PAGES), seed)]
