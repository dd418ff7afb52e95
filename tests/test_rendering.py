"""Rendering without a browser: the decision on many page variants (vendors, French/English, positive and negative),
its speed, the browser lookup, the scrapy-playwright settings, what rendered pages may load, and how measurements
land on items."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from parsel import Selector
from scrapy.settings import Settings

from inbound_spiders.config import InboundConfig
from inbound_spiders.items import CallToAction, Video
from inbound_spiders.rendering import (
    CHROMIUM_ARGS,
    DESKTOP_VIEWPORT,
    MOBILE_VIEWPORT,
    PLAYWRIGHT_HANDLER,
    Box,
    BrowserNotFound,
    MeasuredElement,
    MeasuredVideo,
    PageMeasurements,
    RenderModeError,
    ResourcePolicy,
    apply_measurements,
    check_render_mode,
    find_browser,
    needs_rendering,
    playwright_settings,
    resolve_render_mode,
)

DEMO_SITES = Path(__file__).parent.parent / "inbound_spiders" / "demo_sites"
URL = "https://www.example.org/page/"
ARTICLE_EN = (
    "<h1>Our campaign for clean rivers</h1><p>Every week our volunteers test the water of twelve rivers and publish "
    "what they find. This is why we ask the government to act now, and how you can help us do it.</p>"
)
ARTICLE_FR = (
    "<h1>Notre campagne pour des rivières propres</h1><p>Chaque semaine, nos bénévoles analysent l'eau de douze "
    "rivières et publient leurs résultats. Voici pourquoi nous demandons au gouvernement d'agir.</p>"
)


def page(body: str, head: str = "", lang: str = "en") -> str:
    """A page as sites serve them: a head with an analytics script, a header, ``body``."""
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Page</title>'
        f'<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>{head}</head><body>'
        f'<header><nav><a href="/">Home</a> <a href="/about/">About</a></nav></header>{body}</body></html>'
    )


# (case id, html, expected reason)
CASES: list[tuple[str, str, str | None]] = [
    # --- application shells
    (
        "cra_root_noscript_en",
        '<html><head><script defer src="/static/js/main.4f2a.js"></script></head><body><noscript>You need to enable '
        'JavaScript to run this app.</noscript><div id="root"></div></body></html>',
        "app_shell",
    ),
    (
        "vue_app_chargement_fr",
        '<html lang="fr"><body><div id="app">Chargement…</div><script src="/js/app.js"></script></body></html>',
        "app_shell",
    ),
    (
        "next_empty_mount",
        '<html><body><div id="__next"></div><script src="/_next/static/chunks/main.js"></script></body></html>',
        "app_shell",
    ),
    (
        "angular_app_root",
        '<html><body><app-root></app-root><script src="main.js" type="module"></script></body></html>',
        "app_shell",
    ),
    (
        "angular_app_root_loading",
        '<html><body><app-root><div class="spinner"></div> Loading...</app-root>'
        '<script src="main.js"></script></body></html>',
        "app_shell",
    ),
    (
        "noscript_fr_without_mount",
        '<html lang="fr"><body><noscript>Vous devez activer JavaScript pour utiliser ce site.</noscript>'
        '<div class="wrapper"></div><script src="/bundle.js"></script></body></html>',
        "app_shell",
    ),
    (
        "noscript_fr_desactive",
        '<html lang="fr"><body><noscript>JavaScript est désactivé dans votre navigateur.</noscript>'
        '<div class="page"></div><script src="/bundle.js"></script></body></html>',
        "app_shell",
    ),
    (
        "noscript_es",
        '<html lang="es"><body><noscript>Para usar esta aplicación, habilita JavaScript.</noscript>'
        '<div class="page"></div><script src="/bundle.js"></script></body></html>',
        "app_shell",
    ),
    (
        "bare_body_with_bundle",
        '<html><body><div class="container"><div class="main"></div></div>'
        '<script src="/bundle.js"></script></body></html>',
        "app_shell",
    ),
    (
        "mount_with_static_header",
        page('<div id="app"></div><footer><p>© Rivers 2024</p></footer><script src="/app.js"></script>'),
        "app_shell",
    ),
    # --- share widgets and timelines built by script
    (
        "addthis_empty_toolbox",
        page(
            ARTICLE_EN + '<div class="addthis_inline_share_toolbox"></div>'
            '<script src="//s7.addthis.com/js/300/addthis_widget.js#pubid=ra-123"></script>'
        ),
        "widget_loader:addthis",
    ),
    (
        "addthis_layers_without_markup_fr",
        page(
            ARTICLE_FR + '<script src="https://s7.addthis.com/js/300/addthis_widget.js#pubid=ra-1"></script>', lang="fr"
        ),
        "widget_loader:addthis",
    ),
    (
        "sharethis_inline_buttons",
        page(
            ARTICLE_EN + '<div class="sharethis-inline-share-buttons"></div>',
            '<script src="https://platform-api.sharethis.com/js/sharethis.js#property=abc&product=inline-share-buttons"'
            ' async="async"></script>',
        ),
        "widget_loader:sharethis",
    ),
    (
        "sharethis_local_copy",
        page(
            ARTICLE_EN
            + '<div class="sharethis-inline-share-buttons"></div><script src="/js/sharethis.min.js"></script>'
        ),
        "widget_loader:sharethis",
    ),
    (
        "addtoany_menu_only",
        page(
            ARTICLE_EN + '<div class="a2a_kit"><a class="a2a_dd" href="https://www.addtoany.com/share"></a></div>'
            '<script async src="https://static.addtoany.com/menu/page.js"></script>'
        ),
        "widget_loader:addtoany",
    ),
    (
        "shareaholic_canvas",
        page(
            ARTICLE_EN + '<div class="shareaholic-canvas" data-app="share_buttons"></div>'
            '<script src="https://cdn.shareaholic.net/assets/pub/shareaholic.js" data-shr-siteid="1"></script>'
        ),
        "widget_loader:shareaholic",
    ),
    (
        "sumo",
        page(ARTICLE_EN + '<script async src="//load.sumo.com/" data-sumo-site-id="abc"></script>'),
        "widget_loader:sumo",
    ),
    (
        "elfsight_feed",
        page(
            ARTICLE_EN + '<script src="https://static.elfsight.com/platform/platform.js" async></script>'
            '<div class="elfsight-app-1234-abcd" data-elfsight-app-lazy></div>'
        ),
        "widget_loader:elfsight",
    ),
    (
        "twitter_timeline_created_by_script_fr",
        page(
            ARTICLE_FR + '<div id="tl"></div><script src="https://platform.twitter.com/widgets.js"></script>'
            '<script>twttr.widgets.createTimeline({sourceType: "profile", screenName: "rivers"}, '
            'document.getElementById("tl"));</script>',
            lang="fr",
        ),
        "widget_loader:twitter",
    ),
    # --- forms built by script
    (
        "hubspot_v2_embed_fr",
        page(
            ARTICLE_FR + '<h2>Recevez notre lettre</h2><script charset="utf-8" type="text/javascript" '
            'src="//js.hsforms.net/forms/embed/v2.js"></script><script>hbspt.forms.create({region: "eu1", '
            'portalId: "123", formId: "abc"});</script>',
            lang="fr",
        ),
        "script_form:hubspot",
    ),
    (
        "hubspot_new_embed",
        page(
            ARTICLE_EN + '<script src="https://js-eu1.hsforms.net/forms/embed/123.js" defer></script>'
            '<div class="hs-form-frame" data-region="eu1" data-form-id="abc" data-portal-id="123"></div>'
        ),
        "script_form:hubspot",
    ),
    (
        "mailerlite_embed",
        page(
            ARTICLE_EN + '<div class="ml-embedded" data-form="Xy12"></div>',
            '<script src="https://assets.mailerlite.com/js/universal.js" async></script>',
        ),
        "script_form:mailerlite",
    ),
    (
        "convertkit_inline",
        page(ARTICLE_EN + '<script async data-uid="1a2b3c" src="https://rivers.ck.page/1a2b3c/index.js"></script>'),
        "script_form:convertkit",
    ),
    (
        "action_network_petition",
        page(
            ARTICLE_EN + '<script src="https://actionnetwork.org/widgets/v5/petition/clean-rivers?format=js&source='
            'widget"></script><div id="can-petition-area-clean-rivers"></div>'
        ),
        "script_form:action_network",
    ),
    (
        "everyaction_form",
        page(
            ARTICLE_EN + '<script src="https://static.everyaction.com/ea-actiontag/at.js"></script>'
            '<div class="ngp-form" data-form-url="https://secure.everyaction.com/v1/Forms/abc"></div>'
        ),
        "script_form:ngpvan",
    ),
    (
        "klaviyo_embed",
        page(
            ARTICLE_EN + '<div class="klaviyo-form-XyZ12"></div>',
            '<script async src="https://static.klaviyo.com/onsite/js/klaviyo.js?company_id=AB12"></script>',
        ),
        "script_form:klaviyo",
    ),
    (
        "typeform_widget",
        page(
            ARTICLE_EN + '<div data-tf-widget="aBc123"></div><script src="//embed.typeform.com/next/embed.js"></script>'
        ),
        "script_form:typeform",
    ),
    (
        "tally_lazy_iframe",
        page(
            ARTICLE_EN + '<iframe data-tally-src="https://tally.so/embed/w4x?alignLeft=1" width="100%"></iframe>'
            '<script src="https://tally.so/widgets/embed.js"></script>'
        ),
        "script_form:tally",
    ),
    (
        "jotform_script",
        page(ARTICLE_EN + '<script type="text/javascript" src="https://form.jotform.com/jsform/2301"></script>'),
        "script_form:jotform",
    ),
    (
        "donorbox_without_iframe",
        page(ARTICLE_EN + '<script src="https://donorbox.org/widget.js" paypalExpress="false"></script>'),
        "script_form:donorbox",
    ),
    # --- video players built by script, and lengths only the media can tell
    ("video_without_source", page(ARTICLE_EN + "<video controls></video>"), "video_container_without_source"),
    (
        "video_lazy_data_src_fr",
        page(ARTICLE_FR + '<video controls data-src="/media/clip.mp4"></video>', lang="fr"),
        "video_container_without_source",
    ),
    (
        "brightcove_video_js",
        page(
            ARTICLE_EN + '<video-js data-account="1" data-player="default" data-video-id="42" controls></video-js>'
            '<script src="https://players.brightcove.net/1/default_default/index.min.js"></script>'
        ),
        "video_container_without_source",
    ),
    (
        "jwplayer_setup",
        page(
            ARTICLE_EN + '<div id="player"></div><script src="https://cdn.jwplayer.com/libraries/abc.js"></script>'
            '<script>jwplayer("player").setup({file: "/media/launch.mp4"});</script>'
        ),
        "video_container_without_source",
    ),
    (
        "youtube_iframe_api",
        page(
            ARTICLE_EN + '<div id="yt"></div><script src="https://www.youtube.com/iframe_api"></script>'
            "<script>function onYouTubeIframeAPIReady() { new YT.Player('yt', {videoId: 'dQw4w9WgXcQ'}); }</script>"
        ),
        "video_container_without_source",
    ),
    (
        "wistia",
        page(
            ARTICLE_EN + '<script src="https://fast.wistia.com/assets/external/E-v1.js" async></script>'
            '<div class="wistia_embed wistia_async_abc123" style="height:360px;width:640px">&nbsp;</div>'
        ),
        "video_container_without_source",
    ),
    (
        "html5_video_length_unknown",
        page(ARTICLE_EN + '<video controls src="/media/launch.mp4"></video>'),
        "video_duration_unknown",
    ),
    (
        "autoplaying_video_with_controls",
        page(ARTICLE_EN + '<video autoplay muted controls src="/media/launch.mp4"></video>'),
        "video_duration_unknown",
    ),
    (
        "html5_video_source_element_fr",
        page(ARTICLE_FR + '<video controls><source src="/media/lancement.webm" type="video/webm"></video>', lang="fr"),
        "video_duration_unknown",
    ),
    # --- share buttons, follow links, forms and players written by inline scripts into empty containers
    (
        "inner_html_share_buttons",
        page(
            ARTICLE_EN + '<div id="share"></div><script>var u = encodeURIComponent(location.href);'
            "document.getElementById('share').innerHTML = '<a class=\"fb\" href=\"https://www.facebook.com/sharer/"
            "sharer.php?u=' + u + '\">Facebook</a><a href=\"https://twitter.com/intent/tweet?url=' + u + '\">X</a>';"
            "</script>"
        ),
        "script_filled_container",
    ),
    (
        "insert_adjacent_html_newsletter_placeholder",
        page(
            ARTICLE_EN + '<aside class="newsletter-slot"><span class="spinner"></span> Loading…</aside><script>'
            "document.querySelector('.newsletter-slot').insertAdjacentHTML('beforeend', '<form action=\"/subscribe\""
            ' method="post"><label>Your email <input type="email" name="email"></label>\' +\n'
            "  '<button type=\"submit\">Subscribe to our newsletter</button></form>');</script>"
        ),
        "script_filled_container",
    ),
    (
        "document_write_petition_form_fr",
        page(
            ARTICLE_FR + '<div class="petition"><script>document.write(\'<form action="/petition/signer" '
            'method="post"><input type="text" name="nom" placeholder="Nom"><input type="email" '
            'name="courriel"><button>Signer la pétition</button></form>\');</script></div>',
            lang="fr",
        ),
        "script_filled_container",
    ),
    (
        "create_element_append_child_share_intents",
        page(
            ARTICLE_EN + '<ul class="share-bar" id="share-bar"></ul><script>(function () {'
            "  var bar = document.querySelector('#share-bar');"
            "  var a = document.createElement('a');"
            "  a.href = 'https://twitter.com/intent/tweet?text=' + encodeURIComponent(document.title);"
            "  a.textContent = 'Tweet'; bar.appendChild(a);"
            "  var w = document.createElement('a');"
            "  w.setAttribute('href', 'https://api.whatsapp.com/send?text=' + encodeURIComponent(location.href));"
            "  bar.appendChild(w);"
            "})();</script>"
        ),
        "script_filled_container",
    ),
    (
        "template_literal_into_empty_div_fr",
        page(
            ARTICLE_FR + '<div class="partage"></div><script>const url = encodeURIComponent(location.href);'
            "document.getElementsByClassName('partage')[0].innerHTML = `"
            '<a href="https://www.linkedin.com/sharing/share-offsite/?url=${url}">LinkedIn</a>'
            '<a href="https://bsky.app/intent/compose?text=${url}">Bluesky</a>`;</script>',
            lang="fr",
        ),
        "script_filled_container",
    ),
    (
        "jquery_follow_links",
        page(
            ARTICLE_EN + '<footer><div id="follow-us"></div></footer><script>jQuery(function ($) {'
            "$('#follow-us').html('<a href=\"https://www.instagram.com/cleanrivers/\">Instagram</a> "
            '<a href="https://www.youtube.com/@cleanrivers">YouTube</a>\');});</script>'
        ),
        "script_filled_container",
    ),
    (
        "player_iframe_built_from_an_id",
        page(
            ARTICLE_EN + '<div id="player" data-video="dQw4w9WgXcQ"></div><script>var box = '
            "document.getElementById('player'); box.innerHTML = '<iframe src=\"https://www.youtube-nocookie.com/embed/'"
            " + box.dataset.video + '\" allowfullscreen></iframe>';</script>"
        ),
        "script_filled_container",
    ),
    (
        "escaped_markup_donate_form_at_end_of_body",
        page(
            ARTICLE_EN + '<script>document.body.insertAdjacentHTML(\'beforeend\', "<form class=\\"donation\\" '
            'action=\\"\\/donate\\/\\"><input name=\\"amount\\" value=\\"25\\"><button>Donate now<\\/button>'
            '<\\/form>");</script>'
        ),
        "script_filled_container",
    ),
    (
        "share_bar_after_a_fetch_accepting_anything",
        page(
            ARTICLE_EN + '<nav class="share-bar"></nav><script>fetch("/api/counts", {headers: {Accept: "*/*"}});'
            "fetch('/api/files/*');"
            "document.querySelector('nav.share-bar').insertAdjacentHTML('afterbegin', "
            "'<a href=\"https://t.me/share/url?url=' + encodeURIComponent(location.href) + '\">Telegram</a>');"
            "</script>"
        ),
        "script_filled_container",
    ),
    (
        "share_buttons_already_in_markup",
        page(
            ARTICLE_EN + '<div id="share"><a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fx.org">'
            'Facebook</a> <a href="https://twitter.com/intent/tweet?url=https%3A%2F%2Fx.org">X</a></div><script>'
            "var box = document.getElementById('share'); box.insertAdjacentHTML('beforeend', '<a href=\"https://www."
            "linkedin.com/sharing/share-offsite/?url=' + encodeURIComponent(location.href) + '\">LinkedIn</a>');"
            "</script>"
        ),
        None,
    ),
    (
        "share_urls_in_json_config",
        page(
            ARTICLE_EN + '<div id="menu-slot"></div><script>window.siteConfig = {"share": {"facebook": '
            '"https://www.facebook.com/sharer/sharer.php?u=", "twitter": "https:\\/\\/twitter.com\\/intent\\/tweet",'
            ' "profile": "https://www.instagram.com/cleanrivers/"}};'
            "document.getElementById('menu-slot').innerHTML = '<ul class=\"menu\"><li>' + siteConfig.title + "
            "'</li></ul>';</script>"
        ),
        None,
    ),
    (
        "analytics_pixels_and_tag_managers",
        page(
            ARTICLE_EN + "<script>(function(w,d,s,l,i){w[l]=w[l]||[];var f=d.getElementsByTagName(s)[0],"
            "j=d.createElement(s);j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i;"
            "f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-X1');</script>"
            "<script>!function(f,b,e,v,n,t,s){t=b.createElement(e);t.async=!0;"
            "t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,'script',"
            "'https://connect.facebook.net/en_US/fbevents.js');fbq('init', '123');</script>"
            "<script>(function(h,o,t,j,a,r){a=o.getElementsByTagName('head')[0];r=o.createElement('script');"
            "r.src='https://static.hotjar.com/c/hotjar-1.js?sv=6';a.appendChild(r);})(window,document);</script>"
            '<noscript><img height="1" width="1" src="https://www.facebook.com/tr?id=123&ev=PageView"></noscript>'
        ),
        None,
    ),
    (
        "script_writes_an_ad_into_an_empty_slot",
        page(
            ARTICLE_EN + '<div id="ad-slot"></div><script>document.getElementById("ad-slot").innerHTML = '
            '\'<a href="https://ads.example.net/click?c=42" rel="sponsored"><img src="https://ads.example.net/'
            'banner.png" alt="Ad"></a>\';</script>'
        ),
        None,
    ),
    (
        "share_url_in_comments",
        page(
            ARTICLE_EN + '<div id="share"></div><p>Updated <span id="clock"></span></p><script>'
            "// document.getElementById('share').innerHTML = '<a href=\"https://www.facebook.com/sharer/sharer.php"
            '?u=x">Facebook</a>\';\n/* old: <a href="https://twitter.com/intent/tweet?url=x">Tweet</a> */\n'
            "document.getElementById('clock').innerHTML = new Date().toLocaleDateString();</script>"
        ),
        None,
    ),
    (
        "search_form_written_by_script",
        page(
            ARTICLE_EN + '<div id="search-box"></div><script>document.getElementById("search-box").innerHTML = '
            '\'<form action="/search" role="search"><input type="search" name="q"><button>Search</button>'
            "</form>';</script>"
        ),
        None,
    ),
    (
        "linked_video_in_written_text_is_a_citation",
        page(
            ARTICLE_EN + '<p id="sources"></p><script>document.getElementById("sources").innerHTML = '
            "'Source: <a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">the hearing</a>';</script>"
        ),
        None,
    ),
    (
        "share_opened_on_click_without_writing",
        page(
            ARTICLE_EN + '<button id="share-fb">Share on Facebook</button><script>'
            "document.getElementById('share-fb').addEventListener('click', function () {"
            "window.open('https://www.facebook.com/sharer/sharer.php?u=' + encodeURIComponent(location.href));"
            "});</script>"
        ),
        None,
    ),
    (
        "share_opened_by_location_on_click",
        page(
            ARTICLE_EN + '<div id="share-tools"></div><button id="tweet">Tweet</button><script>'
            "document.getElementById('share-tools').innerHTML = '<span class=\"count\">12</span>';"
            "document.getElementById('tweet').onclick = function () { location.href = "
            "'https://twitter.com/intent/tweet?url=' + encodeURIComponent(location.href); };</script>"
        ),
        None,
    ),
    (
        "youtube_facade_played_on_click",
        page(
            ARTICLE_EN + '<div class="yt-facade" data-id="dQw4w9WgXcQ"><img src="/thumbs/dQw4w9WgXcQ.jpg" alt="">'
            '<span class="play"></span></div><script>document.querySelectorAll(".yt-facade").forEach(function (box) {'
            "box.addEventListener('click', function () { box.innerHTML = '<iframe src=\"https://www.youtube.com/"
            "embed/' + box.dataset.id + '?autoplay=1\" allow=\"autoplay\"></iframe>'; }); });</script>"
        ),
        None,
    ),
    (
        "written_markup_in_a_json_script",
        page(
            ARTICLE_EN + '<div id="share"></div><script type="application/json">{"snippet": "document.getElementById('
            "'share').innerHTML = '<a href=\\\"https://www.facebook.com/sharer.php?u=x\\\">f</a>'\"}</script>"
        ),
        None,
    ),
    (
        "document_write_share_link_already_in_markup",
        page(
            ARTICLE_EN + '<p class="share"><a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fx.org">'
            "Facebook</a></p><script>document.write('<a href=\"https://twitter.com/intent/tweet?url=' + "
            "encodeURIComponent(location.href) + '\">Tweet</a>');</script>"
        ),
        None,
    ),
    # --- static pages: no browser
    ("static_article_en", page(ARTICLE_EN + '<a class="button" href="/donate/">Donate</a>'), None),
    ("static_article_fr", page(ARTICLE_FR + '<a href="/don/">Faire un don</a>', lang="fr"), None),
    ("no_script_tiny_page", "<html><body><h1>Donate</h1></body></html>", None),
    (
        "thank_you_page_with_analytics_fr",
        '<html lang="fr"><body><h1>Merci !</h1><p>Votre don a bien été enregistré.</p>'
        '<script src="/analytics.js"></script></body></html>',
        None,
    ),
    (
        "next_server_rendered",
        '<html><body><div id="__next">' + ARTICLE_EN * 3 + '</div><script id="__NEXT_DATA__" '
        'type="application/json">{"props": {}}</script><script src="/_next/static/chunks/main.js"></script>'
        "</body></html>",
        None,
    ),
    (
        "empty_widget_mount_in_long_article",
        page(ARTICLE_EN * 12 + '<div id="app"></div><script src="/w.js"></script>'),
        None,
    ),
    (
        "noscript_for_comments_on_article",
        page(ARTICLE_EN * 6 + "<noscript>Please enable JavaScript to view the comments.</noscript>"),
        None,
    ),
    (
        "addtoany_buttons_in_markup",
        page(
            ARTICLE_EN + '<div class="a2a_kit a2a_default_style"><a class="a2a_button_facebook"></a>'
            '<a class="a2a_button_x"></a></div><script async src="https://static.addtoany.com/menu/page.js"></script>'
        ),
        None,
    ),
    (
        "addthis_buttons_in_markup",
        page(
            ARTICLE_EN + '<div class="addthis_toolbox"><a class="addthis_button_facebook"></a>'
            '<a class="addthis_button_twitter"></a></div><script src="//s7.addthis.com/js/300/addthis_widget.js">'
            "</script>"
        ),
        None,
    ),
    (
        "sharethis_with_intent_links",
        page(
            ARTICLE_EN + '<div class="share"><a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fx.org'
            '">Facebook</a></div><script src="https://platform-api.sharethis.com/js/sharethis.js#property=1"></script>'
        ),
        None,
    ),
    (
        "twitter_timeline_anchor_fr",
        page(
            ARTICLE_FR + '<a class="twitter-timeline" href="https://twitter.com/benoithamon">Tweets</a> '
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
            lang="fr",
        ),
        None,
    ),
    (
        "hubspot_loader_site_wide_without_form",
        page(ARTICLE_EN, '<script src="//js.hsforms.net/forms/embed/v2.js"></script>'),
        None,
    ),
    (
        "hubspot_form_already_in_markup",
        page(
            ARTICLE_EN + '<form class="hs-form" action="https://forms.hsforms.com/x"><input type="email" name="email">'
            '</form><script>hbspt.forms.create({portalId: "1", formId: "2"});</script>'
        ),
        None,
    ),
    (
        "hubspot_call_in_json_not_script",
        page(ARTICLE_EN + '<script type="application/json">{"snippet": "hbspt.forms.create({})"}</script>'),
        None,
    ),
    (
        "klaviyo_tracking_only",
        page(ARTICLE_EN, '<script src="https://static.klaviyo.com/onsite/js/klaviyo.js?company_id=AB12"></script>'),
        None,
    ),
    (
        "mailerlite_universal_without_mount",
        page(ARTICLE_EN, '<script src="https://assets.mailerlite.com/js/universal.js" async></script>'),
        None,
    ),
    (
        "typeform_iframe_present",
        page(
            ARTICLE_EN + '<div data-tf-widget="abc"><iframe src="https://form.typeform.com/to/abc"></iframe></div>'
            '<script src="//embed.typeform.com/next/embed.js"></script>'
        ),
        None,
    ),
    (
        "donorbox_with_iframe",
        page(
            ARTICLE_EN + '<script src="https://donorbox.org/widget.js"></script>'
            '<iframe src="https://donorbox.org/embed/rivers" name="donorbox"></iframe>'
        ),
        None,
    ),
    (
        "html5_video_json_ld_duration",
        page(
            ARTICLE_EN + '<video controls src="/media/launch.mp4"></video>',
            '<script type="application/ld+json">{"@type": "VideoObject", "duration": "PT1M30S"}</script>',
        ),
        None,
    ),
    (
        "html5_video_og_duration",
        page(
            ARTICLE_EN + '<video controls src="/media/launch.mp4"></video>',
            '<meta property="og:video:duration" content="90">',
        ),
        None,
    ),
    (
        "html5_video_itemprop_duration_fr",
        page(
            ARTICLE_FR + '<div itemscope itemtype="https://schema.org/VideoObject"><meta itemprop="duration" '
            'content="PT2M"><video controls src="/media/clip.mp4"></video></div>',
            lang="fr",
        ),
        None,
    ),
    (
        "background_video_loop",
        page(
            '<section class="hero"><video autoplay muted loop playsinline src="/media/bg.mp4"></video></section>'
            + ARTICLE_EN
        ),
        None,
    ),
    (
        "youtube_iframe_static",
        page(ARTICLE_EN + '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>'),
        None,
    ),
    (
        "youtube_api_with_iframe_present",
        page(
            ARTICLE_EN + '<iframe id="yt" src="https://www.youtube.com/embed/dQw4w9WgXcQ?enablejsapi=1"></iframe>'
            "<script>new YT.Player('yt');</script>"
        ),
        None,
    ),
]


@pytest.mark.parametrize(("html", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_decision(html: str, expected: str | None) -> None:
    assert needs_rendering(Selector(text=html), URL) == expected


def test_cases_cover_every_reason_and_both_outcomes() -> None:
    reasons = {case[2] for case in CASES}
    assert {"app_shell", "script_filled_container", "video_container_without_source", "video_duration_unknown"} <= (
        reasons
    )
    assert len({reason for reason in reasons if reason and reason.startswith("widget_loader:")}) >= 6
    assert len({reason for reason in reasons if reason and reason.startswith("script_form:")}) >= 8
    assert sum(case[2] is None for case in CASES) >= 20 and sum(case[2] is not None for case in CASES) >= 30


def _demo_pages() -> list[Path]:
    return sorted(DEMO_SITES.rglob("*.html"))


def test_demo_sites_need_no_browser() -> None:
    """The bundled replicas are static sites (their AddToAny, Twitter and Donorbox embeds are in the markup): an
    ``auto`` crawl of them renders nothing."""
    pages = _demo_pages()
    assert len(pages) > 40
    needing = {
        str(path.relative_to(DEMO_SITES)): needs_rendering(Selector(text=path.read_text(encoding="utf-8")), URL)
        for path in pages
    }
    assert {path: reason for path, reason in needing.items() if reason} == {}


def test_odd_input_never_raises() -> None:
    for text in ("", "<html></html>", "<p>no body", "<svg><script>x</script></svg>", "\x00\x01"):
        assert needs_rendering(Selector(text=text or " "), URL) in (None, "app_shell")
    assert needs_rendering(Selector(text='{"a": 1}', type="json"), URL) is None


def test_demo_pages_and_variants_decide_without_error() -> None:
    """Every demo page and variant gets a decision (its cost is a benchmark figure: ``benchmarks.bench``)."""
    selectors = [Selector(text=path.read_text(encoding="utf-8")) for path in _demo_pages()]
    selectors += [Selector(text=case[1]) for case in CASES]
    decisions = [needs_rendering(selector, URL) for selector in selectors]
    assert len(decisions) == len(selectors) and any(decisions) and not all(decisions)


def test_large_page_without_scripted_findings_is_not_rendered() -> None:
    blocks = "".join(
        f"<div class='c{i}'><p>Paragraph {i} of a long page.</p><a href='/x{i}'>x</a></div>" for i in range(3000)
    )
    selector = Selector(text=page(blocks + '<script src="/site.js"></script>'))
    assert needs_rendering(selector, URL) is None


def test_pages_full_of_inline_scripts_without_findings_are_not_rendered() -> None:
    """A large page whose inline scripts write (analytics loaders appending their scripts, a 20 kB bundle appending
    images) and hold share URLs in configuration: read and found wanting (its cost: ``benchmarks.bench``)."""
    loaders = "".join(
        f"<script>(function(d){{var s=d.createElement('script');s.src='https://cdn{i}.example.net/t.js?id={i}';"
        f"d.head.appendChild(s);}})(document);</script>"
        for i in range(8)
    )
    config = (
        '<script>window.shareConfig = {"facebook": "https://www.facebook.com/sharer/sharer.php?u=", '
        + ", ".join(f'"k{i}": "https://www.example.org/{i}"' for i in range(200))
        + "};</script>"
    )
    bundle = (
        "<script>"
        + "".join(
            f"function f{i}(el){{var img=document.createElement('img');img.src='/img/{i}.png';el.appendChild(img);}}"
            for i in range(200)
        )
        + "</script>"
    )
    blocks = "".join(f"<div class='c{i}'><p>Paragraph {i}.</p><a href='/x{i}'>x</a></div>" for i in range(3000))
    selector = Selector(text=page(blocks + loaders + config + bundle))
    assert needs_rendering(selector, URL) is None


# --- render modes ---------------------------------------------------------------------------------------------------


def test_render_mode_precedence_argument_then_site_then_crawl() -> None:
    assert resolve_render_mode("always", "never", "auto") == "always"
    assert resolve_render_mode(None, "never", "auto") == "never"
    assert resolve_render_mode("", None, "always") == "always"
    assert resolve_render_mode(None, None, "auto") == "auto"
    assert check_render_mode(" NEVER ", "-a render") == "never"


@pytest.mark.parametrize(("argument", "site", "crawl", "named"), [("sometimes", None, "auto", "-a render='sometimes'"),
    (None, "maybe", "auto", "render_mode='maybe'"), (None, None, "yes", "INBOUND_RENDER_MODE='yes'")])  # fmt: skip
def test_bad_render_mode_is_named(argument: str | None, site: str | None, crawl: str, named: str) -> None:
    with pytest.raises(RenderModeError, match=named.replace("(", r"\(")) as error:
        resolve_render_mode(argument, site, crawl)
    assert "never, always, auto" in str(error.value)


def test_config_reads_and_checks_render_settings() -> None:
    config = InboundConfig.from_settings(Settings())
    assert (config.render_mode, config.render_max_pages, config.render_browser_path) == ("auto", 4, "")
    assert InboundConfig.from_settings(Settings({"INBOUND_RENDER_MODE": "Never"})).render_mode == "never"
    with pytest.raises(ValueError, match="INBOUND_RENDER_MODE='sometimes'"):
        InboundConfig.from_settings(Settings({"INBOUND_RENDER_MODE": "sometimes"}))
    with pytest.raises(ValueError, match="INBOUND_RENDER_MAX_PAGES must be >= 1, got 0"):
        InboundConfig.from_settings(Settings({"INBOUND_RENDER_MAX_PAGES": 0}))


# --- the browser ----------------------------------------------------------------------------------------------------


def _fake_executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="ascii")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_find_browser_prefers_the_newest_playwright_managed_chromium(tmp_path: Path) -> None:
    browsers = tmp_path / "ms-playwright"
    _fake_executable(browsers / "chromium-1140" / "chrome-linux" / "chrome")
    newest = _fake_executable(browsers / "chromium-1200" / "chrome-linux64" / "chrome")
    system = _fake_executable(tmp_path / "usr" / "bin" / "chromium")
    env = {"PLAYWRIGHT_BROWSERS_PATH": str(browsers)}
    assert find_browser(env, system_paths=[system]) == str(newest)
    shell = _fake_executable(browsers / "chromium_headless_shell-1200" / "chrome-linux" / "headless_shell")
    assert find_browser(env, system_paths=[system]) == str(shell)


def test_find_browser_falls_back_to_the_system_chromium_then_path(tmp_path: Path) -> None:
    env = {"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "none")}
    system = _fake_executable(tmp_path / "usr" / "bin" / "chromium")
    assert find_browser(env, system_paths=[tmp_path / "missing", system]) == str(system)
    not_executable = tmp_path / "plain" / "chromium"
    not_executable.parent.mkdir()
    not_executable.write_text("", encoding="ascii")
    on_path = {"chromium-browser": "/opt/bin/chromium-browser"}
    assert find_browser(env, system_paths=[not_executable], which=on_path.get) == "/opt/bin/chromium-browser"
    assert find_browser(env, system_paths=[], which=lambda name: None) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the cache is elsewhere on macOS and Windows")
def test_find_browser_reads_the_default_playwright_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    managed = _fake_executable(tmp_path / ".cache" / "ms-playwright" / "chromium-1300" / "chrome-linux" / "chrome")
    assert find_browser({}, system_paths=[]) == str(managed)


def test_playwright_settings_enable_the_lean_bounded_handler() -> None:
    config = InboundConfig.from_settings(Settings({"INBOUND_RENDER_MAX_PAGES": 3}))
    policy = ResourcePolicy()
    settings = playwright_settings(
        config, policy, launch_options={"args": ["--lang=fr"], "slow_mo": 5}, browser_finder=lambda: "/bin/sh"
    )
    assert settings["DOWNLOAD_HANDLERS"] == {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER}
    options = settings["PLAYWRIGHT_LAUNCH_OPTIONS"]
    assert options["executable_path"] == "/bin/sh" and options["headless"] is True and options["slow_mo"] == 5
    assert options["args"] == [*CHROMIUM_ARGS, "--lang=fr"]
    for flag in ("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"):
        assert flag in options["args"]
    assert settings["PLAYWRIGHT_MAX_CONTEXTS"] == 1 and settings["PLAYWRIGHT_MAX_PAGES_PER_CONTEXT"] == 3
    assert settings["PLAYWRIGHT_ABORT_REQUEST"] == policy.should_abort
    # A browser given by the user is kept; a remote one needs no lookup.
    given = playwright_settings(config, launch_options={"executable_path": "/x/chrome"}, browser_finder=lambda: None)
    assert given["PLAYWRIGHT_LAUNCH_OPTIONS"]["executable_path"] == "/x/chrome"
    assert (
        "executable_path"
        not in playwright_settings(config, remote=True, browser_finder=lambda: None)["PLAYWRIGHT_LAUNCH_OPTIONS"]
    )


def test_no_browser_is_a_clear_error() -> None:
    config = InboundConfig.from_settings(Settings())
    with pytest.raises(BrowserNotFound, match=r"apt-get install chromium"):
        playwright_settings(config, browser_finder=lambda: None)
    missing = InboundConfig.from_settings(Settings({"INBOUND_RENDER_BROWSER_PATH": "/nowhere/chrome"}))
    with pytest.raises(BrowserNotFound, match="INBOUND_RENDER_BROWSER_PATH='/nowhere/chrome'"):
        playwright_settings(missing, browser_finder=lambda: "/bin/sh")


def test_resource_policy_blocks_heavy_resources_and_allows_measured_media() -> None:
    blocked: list[str] = []
    policy = ResourcePolicy(max_media=2, on_block=blocked.append)
    for resource_type in ("image", "font", "media", "texttrack", "websocket"):
        assert policy.block_reason("https://x.org/a", resource_type) == resource_type
    for resource_type in ("document", "script", "stylesheet", "xhr", "fetch"):
        assert policy.block_reason("https://x.org/a", resource_type) is None
    assert policy.block_reason("https://www.youtube.com/embed/x", "document", subframe_document=True) == "subframe"
    policy.allow_media("https://x.org/clip.wav#t=1")
    assert policy.block_reason("https://x.org/clip.wav", "media") is None
    assert policy.block_reason("https://x.org/clip.wav", "image") == "image"
    policy.allow_media("https://x.org/b.mp4")
    policy.allow_media("https://x.org/c.mp4")  # the allowlist is bounded: the oldest allowance goes
    assert not policy.media_allowed("https://x.org/clip.wav") and policy.media_allowed("https://x.org/c.mp4")
    policy.allow_media("blob:https://x.org/1")
    assert not policy.media_allowed("blob:https://x.org/1")


# --- measurements onto items ----------------------------------------------------------------------------------------

TOP = Box(20, 120, 160, 40, True)
FAR_DOWN = Box(20, 3120, 160, 40, True)
HIDDEN = Box(0, 0, 0, 0, False)


def _element(tag: str, target: str | None, label: str, desktop: Box, mobile: Box) -> MeasuredElement:
    return MeasuredElement(tag=tag, target=target, label=label, desktop=desktop, mobile=mobile)


def _cta(**fields: object) -> CallToAction:
    values: dict[str, object] = {"page_url": URL, "action": "donate", "label": "Donate", "element": "link"}
    return CallToAction(**{**values, **fields})  # type: ignore[arg-type]


def test_box_above_fold() -> None:
    assert TOP.above_fold(DESKTOP_VIEWPORT) and TOP.above_fold(MOBILE_VIEWPORT)
    assert not FAR_DOWN.above_fold(DESKTOP_VIEWPORT) and not FAR_DOWN.above_fold(MOBILE_VIEWPORT)
    assert Box(0, 800, 10, 10, True).above_fold(MOBILE_VIEWPORT) and not Box(0, 800, 10, 10, True).above_fold(
        DESKTOP_VIEWPORT
    )
    assert not HIDDEN.above_fold(DESKTOP_VIEWPORT)
    assert not Box(-400, 10, 300, 40, True).above_fold(MOBILE_VIEWPORT)  # an off-canvas menu


def test_first_screen_sets_visibility_and_hero_placement() -> None:
    measurements = PageMeasurements(
        page_url=URL,
        elements=[
            _element("a", "/donate/?utm_source=home#form", " Donate\n", TOP, TOP),
            _element("a", "/petition/", "Sign the petition", FAR_DOWN, FAR_DOWN),
            _element("a", "/volunteer/", "Volunteer with us", TOP, HIDDEN),
            _element("a", "/newsletter/", "Newsletter", FAR_DOWN, FAR_DOWN),
            _element("a", "/newsletter/", "Newsletter", TOP, FAR_DOWN),
        ],
    )
    top = apply_measurements(_cta(target_url="https://www.example.org/donate/"), measurements)
    assert (top.above_fold_desktop, top.above_fold_mobile, top.placement) == (True, True, "hero")
    bottom = apply_measurements(
        _cta(action="petition", label="Sign the petition", target_url="https://www.example.org/petition/"),
        measurements,
    )
    assert (bottom.above_fold_desktop, bottom.above_fold_mobile, bottom.placement) == (False, False, "body")
    desktop_only = apply_measurements(
        _cta(action="volunteer", label="Volunteer with us", target_url="https://www.example.org/volunteer/"),
        measurements,
    )
    assert (desktop_only.above_fold_desktop, desktop_only.above_fold_mobile) == (True, False)
    # Shown twice (header and footer): on the first screen if any occurrence is; a header stays a header.
    header = apply_measurements(
        _cta(
            action="newsletter",
            label="Newsletter",
            target_url="https://www.example.org/newsletter/",
            placement="header",
        ),
        measurements,
    )
    assert (header.above_fold_desktop, header.above_fold_mobile, header.placement) == (True, False, "header")


def test_forms_match_by_action_or_submit_label_and_unmatched_stay_unknown() -> None:
    measurements = PageMeasurements(
        page_url=URL,
        elements=[
            _element("form", "https://forms.hsforms.com/submit/1", "Subscribe", TOP, TOP),
            _element("form", None, "Je m'abonne", FAR_DOWN, FAR_DOWN),
            _element("a", "https://forms.hsforms.com/submit/1", "Subscribe", FAR_DOWN, FAR_DOWN),
        ],
    )
    posted = apply_measurements(
        _cta(action="newsletter", label="Subscribe", element="form", target_url="https://forms.hsforms.com/submit/1"),
        measurements,
    )
    assert (posted.above_fold_desktop, posted.placement) == (True, "hero")
    scripted = apply_measurements(_cta(action="newsletter", label="Je m’abonne", element="form"), measurements)
    assert scripted.above_fold_desktop is None  # typographic apostrophe: not the same label, not guessed
    scripted = apply_measurements(_cta(action="newsletter", label="Je m'abonne", element="form"), measurements)
    assert (scripted.above_fold_desktop, scripted.above_fold_mobile) == (False, False)
    unknown = apply_measurements(_cta(target_url="https://elsewhere.org/"), measurements)
    assert (unknown.above_fold_desktop, unknown.above_fold_mobile, unknown.placement) == (None, None, "body")
    not_rendered = apply_measurements(_cta(target_url="https://www.example.org/donate/"), None)
    assert not_rendered.above_fold_desktop is None


def test_html5_video_length_from_media_metadata() -> None:
    measurements = PageMeasurements(
        page_url=URL,
        videos=[
            MeasuredVideo(("https://www.example.org/media/clip.wav",), 2.5),
            MeasuredVideo(("https://www.example.org/media/broken.mp4",), None, error=4),
        ],
    )
    clip = apply_measurements(
        Video(page_url=URL, platform="html5", url="https://www.example.org/media/clip.wav"), measurements
    )
    assert (clip.duration_seconds, clip.duration_source) == (3, "media_metadata")
    broken = Video(page_url=URL, platform="html5", url="https://www.example.org/media/broken.mp4")
    assert apply_measurements(broken, measurements).duration_seconds is None
    youtube = Video(page_url=URL, platform="youtube", url="https://www.example.org/media/clip.wav")
    assert apply_measurements(youtube, measurements).duration_source is None


_HANDLER_LIFETIME_CHECK = """
import gc, weakref
from scrapy import Spider
from scrapy.utils.reactor import install_reactor
from scrapy.utils.test import get_crawler
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from inbound_spiders.rendering import _playwright_handler_class
handler_class = _playwright_handler_class()
crawler = get_crawler(Spider)
handler = handler_class.from_crawler(crawler)
assert handler_class.from_crawler(crawler) is handler, "http and https share one handler"
assert handler_class.from_crawler(get_crawler(Spider)) is not handler, "one handler per crawler"
gone = weakref.ref(crawler)
del crawler, handler
gc.collect()
print("alive" if gone() is not None else "collected")
"""


def test_the_download_handler_does_not_keep_its_crawler_alive() -> None:
    """One handler per crawler (http and https share it), gone with its crawler: a list of sites makes one crawler per
    site, and a registry keyed by the crawler (even weakly: the handler refers to it) kept every one of them. In a
    child process: the handler needs the asyncio reactor installed."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    checked = subprocess.run(
        [sys.executable, "-c", _HANDLER_LIFETIME_CHECK], env=env, capture_output=True, text=True, timeout=120
    )
    assert checked.stdout.strip() == "collected", checked.stderr[-2000:]
