"""Dutch words the audit reads: calls to action (:mod:`.cta`), team pages (:mod:`.team`), participation counters
(:mod:`.participation`) and video lengths (:mod:`.video`) (see :mod:`.fr` for the conventions)."""

from __future__ import annotations

CTA: dict[str, tuple[str, ...]] = {
    "petition": (r"\b(?:teken|onderteken) (?:de|deze|onze|nu)\b", r"^(?:de )?petitie\W*$"),
    "app_download": (r"\bdownload (?:de|onze) app\b", r"^(?:onze|de) apps?\b"),
    "donate": (
        r"\bdoneer\w*",
        r"\bdoneren\b",
        r"\bsteun ons\b",
        r"\bgift geven\b",
        r"\bword donateur\b",
        r"^geef(?: nu| vandaag| online| een gift)?\W*$",
        r"\bgeef (?:nu |vandaag )?een gift\b",
        r"\bperiodiek schenken\b",
        r"\bschenk (?:nu|vandaag|online)\b",
    ),
    "newsletter": (r"\bnieuwsbrie[fv]\w*", r"\baanmelden voor (?:de|onze) nieuwsbrief\b"),
    "event": (
        r"\bevenementen\b",
        r"\bactiviteiten\b",
        r"\bmeld je aan voor (?:de|het) (?:informatieavond|bijeenkomst|evenement|workshop|webinar|cursus|excursie)\b",
    ),
    "volunteer": (r"\bword lid\b", r"\blid worden\b", r"\bdoe mee\b", r"\bvrijwilliger\w*", r"\bsluit je aan\b"),
    "download": (r"\bdownload(?:en|s)?\b",),
    "contact": (r"\bcontact\b", r"\bneem contact op\b", r"\bcontactformulier\b"),
}

CTA_TRIGGERS = (
    "teken onderteken petitie download app apps doneer doneren steun gift geef periodiek schenk nieuwsbrie aanmelden"
    " evenement activiteit lid doe vrijwillig sluit contact meld"
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
    "donate": "doneren doneer steun-ons geef gift periodiek-schenken",
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
# --- team pages: read by :mod:`.team` --------------------------------------------------------------------------------

TEAM_TITLES: tuple[tuple[str, str], ...] = (
    (r"\bwie (?:zijn wij|we zijn)\b", "wie zijn wij"),
    (r"\bover ons\b", "over ons"),
    (r"\bons team\b", "team"),
    (r"\b(?:dagelijks )?bestuur\b|\braad van (?:bestuur|toezicht)\b|\bdirectie\b", "bestuur"),
    (r"\bmedewerkers\b", "medewerkers"),
    (r"\borganogram\b", "organigramme"),
    (r"\bonze fractie\b|^(?:de )?fractie$|\bfractieleden\b", "fractie"),
)

LISTING_TITLES: str = r"leden|kamerleden|raadsleden|volksvertegenwoordigers|gedeputeerden"

LISTING_LEADS: str = r"lijst van(?: de)?|overzicht van de|de|onze|alle"

TEAM_TITLE_STEMS: str = (
    "over ons, wie zijn, wie we, ons team, bestuur, raad van, directie, medewerker, organogr, leden,"
    " volksvertegenw, gedeputeerd, fractie"
)

TEAM_URL_WORDS: str = "bestuur medewerkers leden kamerleden"

TEAM_URL_SEGMENTS: str = "over-ons overons wie-zijn-wij wie-we-zijn"

TEAM_NOT_NAME_WORDS: str = """
    onze ons over wie zijn wij voorzitter ondervoorzitter secretaris penningmeester lid leden bestuurslid
    directeur directrice fractieleider fractievoorzitter woordvoerder medewerker medewerkster wethouder
    burgemeester raadslid kamerlid partij fractie kiesdistrict nieuws contact bestuur nationale democratische
    volkspartij vooruitstrevende hervormings alliantie assemblee staten provinciale gemeenteraad commissies vorige
    volgende pagina
    """

HONORIFICS: str = "dhr. mw. mevr. hr. drs. ir. mr. ing. dr. prof."


# --- participation counters: read by :mod:`.participation` ------------------------------------------------------------

PARTICIPATION_COUNTERS: dict[str, str] = {
    "participants": "deelnemers leden gebruikers burgers ondertekenaars ondersteuners handtekeningen",
    "contributions": "bijdragen bijdrage",
    "proposals": "voorstellen voorstel ideeën ideeen",
    "discussions": "berichten discussies",
    "topics": "onderwerpen",
    "comments": "reacties reactie",
    "votes": "stemmen steunbetuigingen",
}

PARTICIPANT_EVIDENCE: str = "deelnemer ondertekenaar"

COUNTER_LEAD_IN_WORDS: str = "aantal totaal totale het de"

COUNTER_TOTAL_WORDS: str = "totaal totale"

SIGNATURE_WORDS: str = "handtekeningen ondertekenaars ondertekend"

PETITION_PHRASES: str = r"petitie|teken (?:nu|hier|de)"

PETITION_STEMS: str = "petitie teken"

PARTICIPATION_SPACE_PHRASES: str = (
    r"burgerbegroting|participatiebegroting|burgerpanel|burgerparticipatie|idee[eë]nbus|"
    r"participatieplatform|inspraak|(?:buurt|wijk|bewoners|stads)(?:budget|begroting)|participatieve begroting"
)

PARTICIPATION_SPACE_STEMS: str = "begroting budget burger participatie idee inspraak"

PARTICIPATION_ACTION_CUES: str = r"stem (?:nu|mee|op)|dien (?:een|je) (?:voorstel|idee) in|doe mee"

NUMBER_MULTIPLIERS: dict[str, int] = {"mln": 1_000_000, "miljoen": 1_000_000}


# --- video lengths: read by :mod:`.video` -----------------------------------------------------------------------------

VIDEO_LENGTH_LABELS: str = r"duur|tijdsduur|speelduur|lengte|speeltijd"

VIDEO_LENGTH_LINKS: str = r"van de|van het"

VIDEO_HOUR_WORDS: str = r"uur|uren"

VIDEO_MINUTE_WORDS: str = r"minuten|minuut"

VIDEO_SECOND_WORDS: str = r"seconden|seconde|sec"

#: Words joining the parts of a length ("2 horas y 14 minutos", "1 Stunde und 5 Minuten").
VIDEO_UNIT_JOINERS: str = r"en"

#: Words just before a length that make it something else: a reading time, a relative age, a clock time.
VIDEO_NOT_LENGTH_BEFORE: str = r"leestijd|om|sinds|gepubliceerd|bijgewerkt"

#: Words just after a length that make it something else: a reading time ("4 min de lectura"), a rate ("per meter").
VIDEO_NOT_LENGTH_AFTER: str = r"leestijd|lezen|geleden|lopen|met de auto|per"


# --- follow invitations: read by :mod:`.follow` ----------------------------------------------------------------------

FOLLOW_WORDING: str = r"volg ons|volgen|vind ons|blijf op de hoogte"

#: A link's label or a heading over profile links that invites to follow (folded: lowercase, no accents; each
#: alternative matched as whole words): the profile links under it are follow buttons.
FOLLOW_LABELS: str = r"volg ons"

# --- language identification: read by :mod:`.identification` ------------------------------------------------------

#: ISO 639-2 codes and names (folded) some pages declare instead of ``nl``.
LANGUAGE_NAMES: str = "nld dut dutch nederlands"

#: The most frequent function words: text detected as this language must use them.
FUNCTION_WORDS: str = (
    "de het een en van in is dat op te voor met zijn niet er aan ook als bij door om wij we u naar maar die"
)
