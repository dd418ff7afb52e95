"""Italian words of calls to action, read by :mod:`inbound_spiders.knowledge.words.cta` (see :mod:`.fr` for the
conventions)."""

from __future__ import annotations

CTA: dict[str, tuple[str, ...]] = {
    "petition": (
        r"\bfirma (?:la|questa|la nostra) petizione\b",
        r"\bfirma (?:ora|anche tu)\b",
        r"^(?:la )?petizione\W*$",
    ),
    "app_download": (r"\bscarica (?:l'|la nostra )?app\b", r"^(?:la nostra|le nostre) app\b"),
    "donate": (
        r"^dona(?: ora| adesso)?\W*$",
        r"\bfai una donazione\b",
        r"\bdonazion[ei]\b",
        r"\bsostienici\b",
        r"\bcinque per mille\b",
    ),
    "newsletter": (r"\biscriviti alla newsletter\b", r"\bnewsletter\b"),
    "event": (r"\beventi\b", r"\bappuntamenti\b"),
    "volunteer": (
        r"\bdiventa (?:volontari[oa]|socio|socia|attivista)\b",
        r"\bvolontariato\b",
        r"\bunisciti\b",
        r"\btesseramento\b",
        r"\btesserati\b",
        r"\bpartecipa con noi\b",
    ),
    "download": (r"\bscarica\w*",),
    "contact": (r"\bcontatt(?:i|aci|ateci|are)\b", r"\bscrivi(?:ci| alla redazione)\b", r"\bscriveteci\b"),
}

CTA_TRIGGERS = (
    "firma petizione scarica app dona donazion sostienici cinque iscriviti news eventi appuntamenti diventa"
    " volontari unisciti tesser partecipa contatt scrivi scriveteci"
)

#: Submit labels of a form that signs an e-mail address up (with an e-mail field: a mailing list).
SIGN_UP_BUTTONS: tuple[str, ...] = (
    r"\biscriviti\b",
    r"\biscrivimi\b",
    r"\binvia\b",
)

#: Words of form fields, submit labels and markup (folded or lowercase), by what they reveal: a ``message`` box (a
#: contact form), an ``email`` field, a ``password`` (a log-in), an ``amount`` (a donation), ``volunteer`` questions
#: (availability, skills), and ``search`` or ``login`` forms (in their class, id or action).
FORM_WORDS: dict[str, str] = {
    "message": r"messaggio|richiesta|domanda",
    "email": r"e-?mail",
    "password": r"password",
    "amount": r"importo|donazione",
    "search": r"cerca",
    "login": r"\baccedi\b|\baccesso\b",
    "volunteer": r"volontari|disponibilita|competenze",
}

CTA_PATHS: dict[str, str] = {
    "donate": "donazioni sostienici",
    "newsletter": "newsletter",
    "volunteer": "volontariato diventa-volontario tesseramento",
    "contact": "contatti contattaci",
    "event": "eventi",
    "download": "download",
    "petition": "petizione",
}

NOT_CTA: dict[str, tuple[str, ...]] = {
    "read_more": (r"leggi (?:tutto|di piu|l'articolo)|continua a leggere|scopri di piu|successivo|precedente",),
    "jobs": (r"\blavora con noi\b|\bofferte di lavoro\b|\bcarriere?\b",),
    "accounts": (r"\baccedi\b|\bregistrati\b|\bcrea (?:un )?account\b|\bil mio account\b",),
    "comments": (r"\bpartecipa alla discussione\b|\bcommenta\b",),
    "not_donate": (r"\bsuccession\w*",),
}

NOT_CTA_TARGETS: dict[str, str] = {
    "jobs": "lavora carriere lavoro",
    "accounts": "accedi",
    "subscriptions": "abbonamenti abbonamento abbonati",
}
