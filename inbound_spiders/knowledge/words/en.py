"""English words of calls to action, read by :mod:`inbound_spiders.knowledge.words.cta` (see :mod:`.fr` for the
conventions)."""

from __future__ import annotations

_EVENT_NOUNS = r"(?:meeting|event|rally|town hall|webinar|conference|workshop|forum|canvass)"

CTA: dict[str, tuple[str, ...]] = {
    "petition": (
        r"^(?:the |our )?petition\W*$",
        r"\bsign(?:ing)?\s+(?:our |the |this |my )?(?:petition|pledge|open letter)\b",
        r"\bsign now\b",
        r"\badd your name\b",
    ),
    "app_download": (
        r"\bapp ?store\b",
        r"\bgoogle play\b",
        r"\bplay store\b",
        r"\bget it on\b",
        r"\b(?:download|install|get)\s+(?:the |our |the free )?(?:app|application)\b",
        r"\bmobile apps?\b",
        r"^our apps?\b",
    ),
    "donate": (
        r"\bdonat(?:e|es|ion|ions)\b",
        r"\bchip in\b",
        r"\bgive (?:now|today|monthly|once|online)\b",
        r"\bmake a (?:gift|donation|contribution)\b",
        r"^contribute(?: now| today| here)?$",
        r"\bcontribute (?:now|today|here|online|\$)",
        r"\bways to (?:give|support us)\b",
        r"^support us\b",
    ),
    "newsletter": (
        r"\bnews ?letters?\b",
        r"\bmailing ?list\b",
        r"\be-?mail[- ](?:list|updates|alerts)\b",
        r"\bsubscribe\b",
        r"\bsign up (?:for|to) (?:our |email |the )?(?:updates|emails|news|newsletter|mailing)",
        r"\bget (?:email |our )?updates\b",
        r"\bstay (?:informed|updated|in the loop)\b",
        r"\bkeep me (?:informed|updated|posted)\b",
    ),
    "event": (
        r"\bevents?\b",
        r"\bmeetings\b",
        r"\brsvp\b",
        rf"\b(?:register|sign up|join us)\b[^.]{{0,25}}\b{_EVENT_NOUNS}s?\b",
        r"\bregister (?:now|here|to attend)\b",
        r"\bget (?:your )?tickets?\b",
        r"\bbook (?:your|a) (?:seat|place|ticket)\b",
    ),
    "volunteer": (
        r"\bjoin\b",
        r"\bget involved\b",
        r"^volunteer",
        r"\bto volunteer\b",
        r"\bvolunteering\b",
        r"\bvolunteer (?:with|for|now|today|here|sign|form|role|opportunit)",
        r"\bbecome a (?:member|volunteer|supporter)\b",
        r"\btake action\b",
    ),
    "download": (r"\bdownload(?:s|able)?\b", r"\bdownload (?:the|our|your|a|it|here|now)\b"),
    "contact": (
        r"\bcontacts?\b",
        r"\bwrite to (?:us|the editors?)\b",
        r"\bget in touch\b",
        r"\bemail us\b",
    ),
}

CTA_TRIGGERS = (
    "petition sign add app google play get download install mobile donat chip give make contribut ways support"
    " news mail email upd subscri stay keep event meeting rsvp regist join ticket book involv volunt become action"
    " contact write touch"
)

#: Submit labels of a form that signs an e-mail address up (with an e-mail field: a mailing list).
SIGN_UP_BUTTONS: tuple[str, ...] = (
    r"\bsign ?up\b",
    r"\bsign me up\b",
    r"\bregister\b",
    r"\bgo\b",
    r"\bsend\b",
    r"\bsubmit\b",
    r"\bjoin\b",
    r"\bok\b",
)

#: Words of form fields, submit labels and markup (folded or lowercase), by what they reveal: a ``message`` box (a
#: contact form), an ``email`` field, a ``password`` (a log-in), an ``amount`` (a donation), ``volunteer`` questions
#: (availability, skills), and ``search`` or ``login`` forms (in their class, id or action).
FORM_WORDS: dict[str, str] = {
    "message": r"message|question|request|enquir|inquir",
    "email": r"e-?mail|\bmail\b",
    "password": r"password",
    "amount": r"amount|donation|\bgift\b",
    "search": r"search",
    "login": r"login|log-in|signin|sign-in",
    "volunteer": (
        r"availability|available|skill|volunt|\bactions?\b|time (?:you|to give)|hours? (?:per|a) "
        r"|door ?knock|phone ?bank"
    ),
}

CTA_PATHS: dict[str, str] = {
    "donate": "donate donation donations give",
    "newsletter": "newsletter newsletters subscribe",
    "volunteer": "volunteer volunteers join join-us get-involved take-action",
    "contact": "contact contacts contact-us contactus",
    "event": "events meetings rsvp",
    "download": "downloads download",
    "petition": "petition petitions sign-the-petition",
}

NOT_CTA: dict[str, tuple[str, ...]] = {
    "read_more": (
        r"read more|read the rest|continue reading|learn more|see more|more|more info|details?|next|previous"
        r"|older (?:posts|entries)|newer (?:posts|entries)|(?:previous|next) (?:post|article|story|entry)",
    ),
    "jobs": (
        r"\bjobs?\b|\bcareers?\b|\bwork (?:with|for) us\b|\bjoin (?:our|the) (?:team|staff)\b|\bvacanc\w*",
        r"\binterns?hips?\b",
    ),
    "accounts": (
        r"\bcreate (?:an |your )?account\b|\byour account\b|\bmy account\b|\blog ?in\b|\bsign ?in\b|^sign ?up\W*$"
        r"|^register\W*$",
    ),
    "comments": (r"\bjoin (?:the|this) (?:discussion|conversation|debate)\b|\bleave a (?:comment|reply)\b",),
    "not_donate": (r"\borgan donation\b",),
}

NOT_CTA_TARGETS: dict[str, str] = {
    "jobs": "jobs job careers career vacancies hiring recruitment employment internships",
    "accounts": "account accounts login signin myaccount",
    "subscriptions": "subscriptions premium shop store",
}
