"""German words of calls to action, read by :mod:`inbound_spiders.knowledge.words.cta` (see :mod:`.fr` for the
conventions; folding turns "ß" into "ss" and drops umlauts: "unterstütze" is "unterstutze")."""

from __future__ import annotations

CTA: dict[str, tuple[str, ...]] = {
    "petition": (
        r"\bunterschreib\w*",
        r"\bunterzeichn\w*",
        r"^(?:zur |unsere |die )?petition\W*$",
    ),
    "app_download": (r"\b(?:unsere|die) apps?\b", r"\bapps? herunterladen\b", r"\bapp laden\b"),
    "donate": (
        r"\bspende(?:n)?\b",
        r"\bjetzt spenden\b",
        r"\bspendenkonto\b",
        r"\bunterstutze uns\b",
        r"\bunterstutzen sie uns\b",
        r"^jetzt unterstutzen\b",
        r"\bforder(?:mitglied|er) werden\b",
    ),
    "newsletter": (
        r"\babonnieren\b",
        r"\bnewsletter\w*",
        r"\be-?mail[- ]updates\b",
        r"\binfobrief\b",
    ),
    "event": (r"\bveranstaltungen\b", r"\btermine\b"),
    "volunteer": (
        r"\bmitmachen\b",
        r"\bmach mit\b",
        r"\bmitglied werden\b",
        r"\bwerde mitglied\b",
        r"\baktiv werden\b",
        r"\bwerde aktiv\b",
        r"\bengagier(?:e dich|en sie sich|en)\b",
        r"\bfreiwillige[nr]?\b",
        r"\bfreiwilligenarbeit\b",
        r"\behrenamt\w*",
    ),
    "download": (r"\bherunterladen\b", r"\bdownloads?\b"),
    "contact": (r"\bkontakt\w*", r"\bschreiben sie uns\b", r"\bschreib uns\b"),
}

CTA_TRIGGERS = (
    "unterschreib unterzeichn petition app apps laden spende unterstutz forder abonnier news mail"
    " email upd infobrief veranstalt termine mitmach mach mitglied aktiv engagier freiwillig ehrenamt"
    " herunter download kontakt schreib"
)

#: Submit labels of a form that signs an e-mail address up (with an e-mail field: a mailing list).
SIGN_UP_BUTTONS: tuple[str, ...] = (
    r"\banmelden\b",
    r"\beintragen\b",
    r"\babonnieren\b",
    r"\babsenden\b",
    r"\bsenden\b",
)

#: Words of form fields, submit labels and markup (folded or lowercase), by what they reveal: a ``message`` box (a
#: contact form), an ``email`` field, a ``password`` (a log-in), an ``amount`` (a donation), ``volunteer`` questions
#: (availability, skills), and ``search`` or ``login`` forms (in their class, id or action).
FORM_WORDS: dict[str, str] = {
    "message": r"nachricht|anliegen|anfrage",
    "email": r"e-?mail",
    "password": r"passwort|kennwort",
    "amount": r"betrag",
    "search": r"suche",
    "login": r"einloggen",
    "volunteer": r"ehrenamt|freiwilligenarbeit|verfugbar|zeit (?:die|fur)|stunden pro",
}

CTA_PATHS: dict[str, str] = {
    "donate": "spenden spende",
    "newsletter": "newsletter",
    "volunteer": "mitmachen mitglied-werden aktiv-werden",
    "contact": "kontakt",
    "event": "veranstaltungen termine",
    "download": "downloads",
    "petition": "petition",
}

NOT_CTA: dict[str, tuple[str, ...]] = {
    "read_more": (r"weiterlesen|mehr erfahren|mehr lesen|mehr|weiter|zuruck|nachste seite|vorherige seite",),
    "jobs": (r"\bjobs?\b|\bkarriere\b|\bstellen(?:angebote|anzeigen|ausschreibungen?)?\b|\bbewerb\w*",),
    "accounts": (r"\bkonto\b|\beinloggen\b|\bregistrieren\b|\bmein(?:e)? (?:konto|abos?)\b",),
    "comments": (r"\bdiskutier(?:en sie|) mit\b|\bkommentier\w*",),
    "not_donate": (r"\bschenkung\w*|\berbschaft\w*",),
}

NOT_CTA_TARGETS: dict[str, str] = {
    "jobs": "jobs karriere stellenangebote stellenanzeigen bewerbung",
    "accounts": "konto login",
    "subscriptions": "abo abos abonnement aboshop shop",
}
