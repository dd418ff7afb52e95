"""Italian words the audit reads: calls to action (:mod:`.cta`), team pages (:mod:`.team`), participation counters
(:mod:`.participation`) and video lengths (:mod:`.video`) (see :mod:`.fr` for the conventions)."""

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
        r"\bsostieni (?:la campagna|il partito|il progetto|la nostra|il nostro|l'associazione)\b",
    ),
    "newsletter": (r"\biscriviti alla newsletter\b", r"\bnewsletter\b"),
    "event": (
        r"\beventi\b",
        r"\bappuntamenti\b",
        r"\biscriviti (?:all'|al |alla )(?:evento|incontro|assemblea|corso|laboratorio|webinar|convegno|workshop)\b",
        r"\bprenota (?:il tuo|un) posto\b",
    ),
    "volunteer": (
        r"\bdiventa (?:volontari[oa]|socio|socia|attivista)\b",
        r"\bvolontariato\b",
        r"\bunisciti\b",
        r"\btesseramento\b",
        r"\btesserati\b",
        r"\bpartecipa con noi\b",
        r"\baderisci\b",
        r"\b(?:fai|prendi) la tessera\b",
        r"\biscriviti al partito\b",
    ),
    "download": (r"\bscarica\w*",),
    "contact": (r"\bcontatt(?:i|aci|ateci|are)\b", r"\bscrivi(?:ci| alla redazione)\b", r"\bscriveteci\b"),
}

CTA_TRIGGERS = (
    "firma petizione scarica app dona donazion sostienici cinque iscriviti news eventi appuntamenti diventa"
    " volontari unisciti tesser partecipa contatt scrivi scriveteci sostieni aderisci fai prendi prenota"
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
    "donate": "donazioni sostienici sostieni dona",
    "newsletter": "newsletter",
    "volunteer": "volontariato diventa-volontario tesseramento aderisci adesione",
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
# --- team pages: read by :mod:`.team` --------------------------------------------------------------------------------

TEAM_TITLES: tuple[tuple[str, str], ...] = (
    (r"\bchi siamo\b", "chi siamo"),
    (r"\bsquadra\b", "squadra"),
    (r"\bconsiglio (?:direttivo|di amministrazione)\b|\bdirettivo\b", "consiglio direttivo"),
    (r"\borganigramma\b", "organigramme"),
    (r"\bgiunta (?:comunale|regionale|provinciale|esecutiva)\b|^la giunta$", "giunta"),
    (r"\borgani (?:sociali|statutari|dirigenti)\b", "organi sociali"),
    (r"\bsegreteria (?:nazionale|regionale|provinciale|cittadina|politica)\b", "segreteria"),
)

LISTING_TITLES: str = r"consiglieri|deputati|senatori|membri|componenti|assessori"

LISTING_LEADS: str = r"elenco(?: dei| delle)?|lista dei|i|gli|le|i nostri"

TEAM_TITLE_STEMS: str = (
    "chi siamo, squadra, consigli, direttivo, organigr, deputat, senator, membri, componenti, assessor, giunta, organi,"
    " segreteria"
)

TEAM_URL_WORDS: str = "consiglieri deputati organigramma direttivo squadra"

TEAM_URL_SEGMENTS: str = "chi-siamo chisiamo"

TEAM_NOT_NAME_WORDS: str = """
    nostro nostra nostri chi siamo squadra presidente vicepresidente segretario segretaria tesoriere consigliere
    consigliera consiglieri capitano capitani reggente reggenti direttore direttrice responsabile coordinatore
    coordinatrice portavoce deputato deputata senatore senatrice sindaco assessore assessora gruppo partito
    movimento consiglio giunta contatti notizie eventi elenco componenti membri socialisti democratici repubblica
    futura civico sinistra destra lega fondatore fondatrice amministratore delegato testi coordinati gruppi
    consiliari lavori archivio leggi decreti regolamenti bollettino ufficiale organismi istituzionali commissioni
    segreteria foto galleria pagina precedente successiva successivo sindaca vicesindaco vicesindaca
    """

HONORIFICS: str = "sig. sig.ra dott. dott.ssa avv. ing. on. prof.ssa arch. geom. rag."


# --- participation counters: read by :mod:`.participation` ------------------------------------------------------------

PARTICIPATION_COUNTERS: dict[str, str] = {
    "participants": "partecipanti iscritti utenti membri cittadini firmatari sostenitori firme",
    "contributions": "contributi",
    "proposals": "proposte proposta idee",
    "discussions": "dibattiti messaggi discussioni",
    "topics": "argomenti",
    "comments": "commenti commento",
    "votes": "voti sostegni",
}

PARTICIPANT_EVIDENCE: str = "partecipanti firmatari"

COUNTER_LEAD_IN_WORDS: str = "numero totale di dei delle gli le"

COUNTER_TOTAL_WORDS: str = "totale totali"

SIGNATURE_WORDS: str = "firme firmatari sostenitori firmato"

PETITION_PHRASES: str = r"petizione|firma (?:ora|subito|qui)"

PETITION_STEMS: str = "petizion firma"

PARTICIPATION_SPACE_PHRASES: str = (
    r"bilanci[oa] partecipativ[oi]|consultazion[ei] (?:pubblic[ah]e?|cittadin[ae])|"
    r"partecipazione (?:civica|dei cittadini)|piattaforma (?:di partecipazione|partecipativa)|cassetta delle idee"
)

PARTICIPATION_SPACE_STEMS: str = "partecipa consultazion idee"

PARTICIPATION_ACTION_CUES: str = r"vota|proponi|invia (?:la tua|una) (?:proposta|idea)|sostieni"

NUMBER_MULTIPLIERS: dict[str, int] = {"mila": 1_000, "mln": 1_000_000, "milioni": 1_000_000, "milione": 1_000_000}


# --- video lengths: read by :mod:`.video` -----------------------------------------------------------------------------

VIDEO_LENGTH_LABELS: str = r"durata"

VIDEO_LENGTH_LINKS: str = r"del|della|dello"

VIDEO_HOUR_WORDS: str = r"ore|ora"

VIDEO_MINUTE_WORDS: str = r"minuti|minuto"

VIDEO_SECOND_WORDS: str = r"secondi|secondo"

#: Words joining the parts of a length ("2 horas y 14 minutos", "1 Stunde und 5 Minuten").
VIDEO_UNIT_JOINERS: str = r"e"

#: Words just before a length that make it something else: a reading time, a relative age, a clock time.
VIDEO_NOT_LENGTH_BEFORE: str = r"lettura|pubblicato|aggiornato|alle|dalle|da"

#: Words just after a length that make it something else: a reading time ("4 min de lectura"), a rate ("per meter").
VIDEO_NOT_LENGTH_AFTER: str = r"di lettura|fa|a piedi|in auto|per|al"


# --- follow invitations: read by :mod:`.follow` ----------------------------------------------------------------------

FOLLOW_WORDING: str = r"seguici|seguiteci|trovaci|resta in contatto"

#: A link's label or a heading over profile links that invites to follow (folded: lowercase, no accents; each
#: alternative matched as whole words): the profile links under it are follow buttons.
FOLLOW_LABELS: str = r"seguici|seguiteci"

# --- language identification: read by :mod:`.identification` ------------------------------------------------------

#: ISO 639-2 codes and names (folded) some pages declare instead of ``it``.
LANGUAGE_NAMES: str = "ita italian italiano"

#: The most frequent function words: text detected as this language must use them.
FUNCTION_WORDS: str = (
    "il lo la le gli di del della che e è un una per non con sono da dei nel alla si anche come più ma questo al in"
)
