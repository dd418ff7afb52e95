"""Dutch words of calls to action, read by :mod:`inbound_spiders.knowledge.words.cta` (see :mod:`.fr` for the
conventions)."""

from __future__ import annotations

CTA: dict[str, tuple[str, ...]] = {
    "petition": (r"\b(?:teken|onderteken) (?:de|deze|onze|nu)\b", r"^(?:de )?petitie\W*$"),
    "app_download": (r"\bdownload (?:de|onze) app\b", r"^(?:onze|de) apps?\b"),
    "donate": (r"\bdoneer\w*", r"\bdoneren\b", r"\bsteun ons\b", r"\bgift geven\b", r"\bword donateur\b"),
    "newsletter": (r"\bnieuwsbrie[fv]\w*", r"\baanmelden voor (?:de|onze) nieuwsbrief\b"),
    "event": (r"\bevenementen\b", r"\bactiviteiten\b"),
    "volunteer": (r"\bword lid\b", r"\blid worden\b", r"\bdoe mee\b", r"\bvrijwilliger\w*", r"\bsluit je aan\b"),
    "download": (r"\bdownload(?:en|s)?\b",),
    "contact": (r"\bcontact\b", r"\bneem contact op\b", r"\bcontactformulier\b"),
}

CTA_TRIGGERS = (
    "teken onderteken petitie download app apps doneer doneren steun gift nieuwsbrie aanmelden evenement"
    " activiteit lid doe vrijwillig sluit contact"
)

#: Submit labels of a form that signs an e-mail address up (with an e-mail field: a mailing list).
SIGN_UP_BUTTONS: tuple[str, ...] = (
    r"\baanmelden\b",
    r"\binschrijven\b",
    r"\bverzenden\b",
    r"\bversturen\b",
)

#: Words of form fields, submit labels and markup (folded or lowercase), by what they reveal: a ``message`` box (a
#: contact form), an ``email`` field, a ``password`` (a log-in), an ``amount`` (a donation), ``volunteer`` questions
#: (availability, skills), and ``search`` or ``login`` forms (in their class, id or action).
FORM_WORDS: dict[str, str] = {
    "message": r"bericht|vraag|opmerking",
    "email": r"e-?mail",
    "password": r"wachtwoord",
    "amount": r"bedrag|donatie",
    "search": r"zoek",
    "login": r"inloggen",
    "volunteer": r"vrijwilliger|beschikbaar",
}

CTA_PATHS: dict[str, str] = {
    "donate": "doneren doneer steun-ons",
    "newsletter": "nieuwsbrief",
    "volunteer": "word-lid lid-worden vrijwilliger vrijwilligers doe-mee",
    "contact": "contact",
    "event": "evenementen agenda",
    "download": "downloads",
    "petition": "petitie",
}

NOT_CTA: dict[str, tuple[str, ...]] = {
    "read_more": (r"lees meer|lees verder|meer lezen|volgende|vorige",),
    "jobs": (r"\bvacatures?\b|\bwerken bij\b|\bbanen\b",),
    "accounts": (r"\binloggen\b|\bmijn account\b|\baccount aanmaken\b|\bregistreren\b",),
    "comments": (r"\breageer\b|\bdoe mee aan de discussie\b",),
    "not_donate": (),
}

NOT_CTA_TARGETS: dict[str, str] = {
    "jobs": "vacatures vacature",
    "accounts": "inloggen",
    "subscriptions": "abonnement abonnementen abonneren",
}
