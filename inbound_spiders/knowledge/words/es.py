"""Spanish words of calls to action, read by :mod:`inbound_spiders.knowledge.words.cta` (see :mod:`.fr` for the
conventions)."""

from __future__ import annotations

CTA: dict[str, tuple[str, ...]] = {
    "petition": (
        r"\bfirma(?:r)? (?:ahora|la|esta|nuestra|aqui)\b",
        r"^(?:la )?peticion\W*$",
        r"\bfirma la peticion\b",
    ),
    "app_download": (
        r"\b(?:descarga|instala)(?:r)? (?:la |nuestra )?app\b",
        r"\bapps? movil(?:es)?\b",
        r"^nuestra app\b",
    ),
    "donate": (
        r"^dona(?:r)?\b",
        r"\bdona ahora\b",
        r"\bdonacion\w*",
        r"\bdonativo\w*",
        r"\bhaz (?:un|tu) (?:donativo|donacion|aporte)\b",
        r"\bapoyanos\b",
    ),
    "newsletter": (r"\bsuscrib\w*", r"\bboletin(?:es)?\b", r"\bsuscribete al (?:boletin|newsletter)\b"),
    "event": (r"\beventos\b", r"\bagenda\b", r"\binscribete al (?:evento|taller|encuentro)\b"),
    "volunteer": (
        r"\bhazte socio\b",
        r"\bunete\b",
        r"\bvoluntari\w*",
        r"\bafiliate\b",
        r"\bhazte voluntari\w*",
        r"\bparticipa con nosotros\b",
    ),
    "download": (r"\bdescarga\w*",),
    "contact": (r"\bcontactanos\b", r"\bcontactenos\b", r"\bcontacto\b", r"\bcontacta(?:r|nos)?\b", r"\bescribenos\b"),
}

CTA_TRIGGERS = (
    "firma peticion descarg instala app apps dona donacion donativo apoyanos suscrib boletin evento"
    " agenda inscribete hazte unete voluntari afiliate participa contact escribenos"
)

#: Submit labels of a form that signs an e-mail address up (with an e-mail field: a mailing list).
SIGN_UP_BUTTONS: tuple[str, ...] = (
    r"\bsuscribirme\b",
    r"\bsuscribir\w*",
    r"\binscribirme\b",
    r"\benviar\b",
    r"\bapuntarme\b",
)

#: Words of form fields, submit labels and markup (folded or lowercase), by what they reveal: a ``message`` box (a
#: contact form), an ``email`` field, a ``password`` (a log-in), an ``amount`` (a donation), ``volunteer`` questions
#: (availability, skills), and ``search`` or ``login`` forms (in their class, id or action).
FORM_WORDS: dict[str, str] = {
    "message": r"mensaje|consulta",
    "email": r"correo",
    "password": r"contrasena",
    "amount": r"importe|cantidad|donativo|donacion",
    "search": r"busca",
    "login": r"iniciar-sesion|\bacceso\b",
    "volunteer": r"voluntari|disponibilidad|habilidades",
}

CTA_PATHS: dict[str, str] = {
    "donate": "donar dona donaciones",
    "newsletter": "boletin boletines",
    "volunteer": "voluntariado hazte-voluntario afiliate",
    "contact": "contacto contactanos",
    "event": "eventos agenda",
    "download": "descargas",
    "petition": "peticion",
}

NOT_CTA: dict[str, tuple[str, ...]] = {
    "read_more": (r"leer mas|ver mas|seguir leyendo|siguiente|anterior",),
    "jobs": (r"\btrabaja con nosotros\b|\bempleo\b|\bofertas? de (?:empleo|trabajo)\b",),
    "accounts": (r"\bcrear (?:una |tu )?cuenta\b|\bmi cuenta\b|\biniciar sesion\b|\bregistrate\b|\bentrar\b",),
    "comments": (r"\bunete a la (?:conversacion|discusion)\b|\bcomenta\w*",),
    "not_donate": (r"\bdonacion de (?:organos|sangre)\b|\bsucesion\w*",),
}

NOT_CTA_TARGETS: dict[str, str] = {
    "jobs": "empleo empleos trabaja",
    "accounts": "usuarios cuenta",
    "subscriptions": "suscripciones suscripcion suscriptores tienda",
}
