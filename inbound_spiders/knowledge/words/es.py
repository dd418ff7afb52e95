"""Spanish words the audit reads: calls to action (:mod:`.cta`), team pages (:mod:`.team`), participation counters
(:mod:`.participation`) and video lengths (:mod:`.video`) (see :mod:`.fr` for the conventions)."""

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
        r"\bhazte soci[oa]s?\b",
        r"^colabora(?: con nosotr[oa]s)?\W*$",
        r"\bunete\b",
        r"\bvoluntari\w*",
        r"\bafilia(?:te|rme|rse)\b",
        r"\bhazte afiliad[oa]\b",
        r"\bhazte voluntari\w*",
        r"\bparticipa con nosotros\b",
    ),
    "download": (r"\bdescarga\w*",),
    "contact": (r"\bcontactanos\b", r"\bcontactenos\b", r"\bcontacto\b", r"\bcontacta(?:r|nos)?\b", r"\bescribenos\b"),
}

CTA_TRIGGERS = (
    "firma peticion descarg instala app apps dona donacion donativo apoyanos suscrib boletin evento"
    " agenda inscribete hazte colabora unete voluntari afilia participa contact escribenos"
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
# --- team pages: read by :mod:`.team` --------------------------------------------------------------------------------

TEAM_TITLES: tuple[tuple[str, str], ...] = (
    (r"\bequipo\b", "equipo"),
    (r"\bquienes somos\b", "quiénes somos"),
    (r"\bjunta directiva\b|\bconsejo (?:directivo|de administracion|rector)\b|\bpatronato\b", "junta directiva"),
    (r"\borganigrama\b", "organigramme"),
)

LISTING_TITLES: str = r"diputad[oa]s|senador(?:es|as)|concejal(?:es|as)|miembros|integrantes|autoridades"

LISTING_LEADS: str = r"listado de|lista de|relacion de|los|las|nuestros|nuestras"

TEAM_TITLE_STEMS: str = (
    "equipo, somos, junta, consejo, patronato, organigr, diputad, senador, concejal, miembro, integrante, autoridad"
)

TEAM_URL_WORDS: str = "equipo diputados concejales organigrama directiva"

TEAM_URL_SEGMENTS: str = "quienes-somos quienessomos nosotros sobre-nosotros"

TEAM_NOT_NAME_WORDS: str = """
    nuestro nuestra nuestros equipo quienes somos presidente presidenta vicepresidente vicepresidenta secretario
    secretaria tesorero tesorera vocal vocales director directora coordinador coordinadora diputado diputada
    diputados senador senadora concejal concejala alcalde alcaldesa portavoz grupo partido parlamentario
    parlamentaria popular socialista junta directiva ejecutiva comision consejo provincia distrito circunscripcion
    entidad
    inicio contacto noticias agenda prensa afiliate dona colabora gerente responsable tecnico tecnica
    fundador fundadora miembro miembros integrantes legislatura congreso camara asamblea parlamento senado gobierno
    transparencia actividad pagina anterior siguiente
    """

HONORIFICS: str = "sr. sra. srta. d. dña. dna. lic. ing. dip. dr. dra."


# --- participation counters: read by :mod:`.participation` ------------------------------------------------------------

PARTICIPATION_COUNTERS: dict[str, str] = {
    "participants": (
        "participantes participante usuarios usuarias miembros ciudadanos ciudadanas firmantes personas firmas"
    ),
    "contributions": "contribuciones aportaciones aportes",
    "proposals": "propuestas propuesta ideas idea proyectos proyecto",
    "discussions": "debates debate mensajes mensaje",
    "topics": "temas tema",
    "comments": "comentarios comentario argumentos",
    "votes": "votos voto apoyos apoyo",
}

PARTICIPANT_EVIDENCE: str = "participante firmante"

COUNTER_LEAD_IN_WORDS: str = "número numero total de del los las"

COUNTER_TOTAL_WORDS: str = "total"

SIGNATURE_WORDS: str = "firmas firmantes firmado"

PETITION_PHRASES: str = r"petici[oó]n|firma (?:ya|ahora|aqu[ií])|firmar"

PETITION_STEMS: str = "petici firma"

PARTICIPATION_SPACE_PHRASES: str = (
    r"presupuestos? participativos?|buz[oó]n de (?:ideas|sugerencias)|consultas? ciudadanas?|"
    r"participaci[oó]n ciudadana|procesos? participativos?|plataforma (?:de participaci[oó]n|participativa)"
)

PARTICIPATION_SPACE_STEMS: str = "particip buz consulta"

PARTICIPATION_ACTION_CUES: str = r"proponer|votar|apoyar|env[ií]a tu (?:propuesta|idea)|crea una propuesta"

NUMBER_MULTIPLIERS: dict[str, int] = {"mil": 1_000, "millón": 1_000_000, "millon": 1_000_000, "millones": 1_000_000}


# --- video lengths: read by :mod:`.video` -----------------------------------------------------------------------------

VIDEO_LENGTH_LABELS: str = r"duración|duracion"

VIDEO_LENGTH_LINKS: str = r"del|de la"

VIDEO_HOUR_WORDS: str = r"horas|hora"

VIDEO_MINUTE_WORDS: str = r"minutos|minuto"

VIDEO_SECOND_WORDS: str = r"segundos|segundo|seg"

#: Words joining the parts of a length ("2 horas y 14 minutos", "1 Stunde und 5 Minuten").
VIDEO_UNIT_JOINERS: str = r"y"

#: Words just before a length that make it something else: a reading time, a relative age, a clock time.
VIDEO_NOT_LENGTH_BEFORE: str = r"lectura|hace|publicado|publicada|actualizado|a las|desde"

#: Words just after a length that make it something else: a reading time ("4 min de lectura"), a rate ("per meter").
VIDEO_NOT_LENGTH_AFTER: str = r"de lectura|a pie|andando|en coche|por"


# --- follow invitations: read by :mod:`.follow` ----------------------------------------------------------------------

FOLLOW_WORDING: str = r"síguenos|siguenos|síganos|siganos|sigue a|encuéntranos|encuentranos|únete a nuestra comunidad"

#: A link's label or a heading over profile links that invites to follow (folded: lowercase, no accents; each
#: alternative matched as whole words): the profile links under it are follow buttons.
FOLLOW_LABELS: str = r"siguenos"

# --- language identification: read by :mod:`.identification` ------------------------------------------------------

#: ISO 639-2 codes and names (folded) some pages declare instead of ``es``.
LANGUAGE_NAMES: str = "spa spanish espanol castellano"

#: The most frequent function words: text detected as this language must use them.
FUNCTION_WORDS: str = (
    "el la los las de del y que en un una es por con para no se al lo como más su sus pero este esta son le"
)
