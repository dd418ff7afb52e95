"""German words the audit reads: calls to action (:mod:`.cta`), team pages (:mod:`.team`), participation counters
(:mod:`.participation`) and video lengths (:mod:`.video`) (see :mod:`.fr` for the conventions; folding turns "ß" into
"ss" and drops umlauts: "unterstütze" is "unterstutze")."""

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
# --- team pages: read by :mod:`.team` --------------------------------------------------------------------------------

TEAM_TITLES: tuple[tuple[str, str], ...] = (
    (r"\bvorstand\b", "Vorstand"),
    (r"\b(?:unser |das )?team\b", "team"),
    (r"\buber uns\b|\bueber uns\b", "Über uns"),
    (r"\bwer wir sind\b", "wer wir sind"),
    (r"\bgeschaftsfuhrung\b|\bgeschaftsstelle\b", "Geschäftsführung"),
    (r"\bmitarbeiter(?:innen)?\b|\bmitarbeitende\b", "Mitarbeiter"),
    (r"\bansprechpartner(?:innen)?\b|\bansprechpersonen\b", "Ansprechpartner"),
    (r"\b(?:prasidium|aufsichtsrat|kuratorium|beirat|gremien)\b", "Gremien"),
    (r"\borganigramm\b", "organigramme"),
)

LISTING_TITLES: str = r"abgeordneten?|mitglieder|landtagsabgeordnete|bundestagsabgeordnete|gemeinderate|stadtrate"

LISTING_LEADS: str = r"liste der|verzeichnis der|die|unsere|alle"

TEAM_TITLE_STEMS: str = (
    "vorstand, team, über uns, uber uns, ueber uns, wer wir, geschäftsf, geschaftsf, mitarbeit, ansprech,"
    " präsidium, prasidium, aufsichtsrat, kuratorium, beirat, gremien, abgeordnete, mitglieder, gemeinderä,"
    " gemeindera, stadträ, stadtra, organigramm"
)

TEAM_URL_WORDS: str = "vorstand mitarbeiter mitarbeitende abgeordnete ansprechpartner geschaeftsfuehrung gremien"

TEAM_URL_SEGMENTS: str = "ueber-uns uber-uns ueberuns wer-wir-sind team"

TEAM_NOT_NAME_WORDS: str = """
    unser unsere uber uns wir sind das die der und fur mit von team vorstand vorsitzender vorsitzende
    stellvertretender stellvertretende stellvertreter stellvertreterin geschaftsfuhrer geschaftsfuhrerin
    geschaftsfuhrung geschaftsstelle sprecher sprecherin schatzmeister schatzmeisterin schriftfuhrer schriftfuhrerin
    beisitzer beisitzerin referent referentin leiter leiterin leitung mitglied mitglieder abgeordnete abgeordneter
    abgeordneten prasident prasidentin vizeprasident vizeprasidentin landtag bundestag fraktion partei verein
    stiftung kontakt impressum datenschutz startseite aktuelles presse termine spenden mitmachen buro wahlkreis
    mitarbeiter mitarbeiterin ansprechpartner ansprechpartnerin gemeinderat stadtrat burgermeister
    burgermeisterin minister ministerin staatssekretar staatssekretarin landesvorstand bundesvorstand kreisverband
    ortsverband jugend grune grunen sozialdemokratische christlich demokratische freie liste union bundnis
    funktionen sitzplatz lebenslauf senden weitere themen beitrage meldung meldungen interviews quellen mehr alle
    nachrichten sendung sendungen podcast livestream artikel seite suche wetter sport kultur politik wirtschaft
    regional lokal zuruck weiter vorherige nachste
    """

HONORIFICS: str = "herr frau dr. prof. dipl.-ing. mag. ing."


# --- participation counters: read by :mod:`.participation` ------------------------------------------------------------

PARTICIPATION_COUNTERS: dict[str, str] = {
    "participants": (
        "teilnehmende teilnehmer teilnehmerinnen mitglieder nutzer benutzer unterstützer "
        "unterstützerinnen unterstützende unterzeichner unterzeichnerinnen beteiligte unterschriften"
    ),
    "contributions": "beiträge beitrag",
    "proposals": "vorschläge vorschlag ideen idee",
    "discussions": "debatten diskussionen nachrichten",
    "topics": "themen thema",
    "comments": "kommentare kommentar argumente",
    "votes": "stimmen abstimmungen unterstützungen bewertungen",
}

PARTICIPANT_EVIDENCE: str = "teilnehmende teilnehmer unterzeichner beteiligte"

COUNTER_LEAD_IN_WORDS: str = "anzahl gesamt insgesamt der die das"

COUNTER_TOTAL_WORDS: str = "gesamt insgesamt gesamtzahl"

SIGNATURE_WORDS: str = (
    "unterschriften unterzeichner unterzeichnerinnen unterstützer unterstützerinnen unterstützende unterschrieben"
)

PETITION_PHRASES: str = r"petition|unterschreib|jetzt unterzeichnen"

PETITION_STEMS: str = "petition unterschreib unterzeichn"

PARTICIPATION_SPACE_PHRASES: str = (
    r"b[üu]rgerhaushalt|beteiligungshaushalt|b[üu]rgerbeteiligung|beteiligungsplattform|ideenb[öo]rse|"
    r"ideenplattform|ideenwettbewerb|online-beteiligung|mitmach-plattform"
)

PARTICIPATION_SPACE_STEMS: str = "haushalt beteiligung ideen mitmach"

PARTICIPATION_ACTION_CUES: str = (
    r"abstimmen|jetzt beteiligen|(?:idee|vorschlag) (?:einreichen|eintragen)|mitdiskutieren|unterst[üu]tzen"
)

NUMBER_MULTIPLIERS: dict[str, int] = {
    "tsd": 1_000,
    "mio": 1_000_000,
    "million": 1_000_000,
    "millionen": 1_000_000,
    "mrd": 10**9,
}


# --- video lengths: read by :mod:`.video` -----------------------------------------------------------------------------

VIDEO_LENGTH_LABELS: str = r"dauer|videodauer|gesamtdauer|spieldauer|länge|laenge|videolänge|videolaenge|laufzeit"

VIDEO_LENGTH_LINKS: str = r"des|der|vom"

VIDEO_HOUR_WORDS: str = r"stunden|stunde|std"

VIDEO_MINUTE_WORDS: str = r"minuten|minute|min"

VIDEO_SECOND_WORDS: str = r"sekunden|sekunde|sek"

#: Words joining the parts of a length ("2 horas y 14 minutos", "1 Stunde und 5 Minuten").
VIDEO_UNIT_JOINERS: str = r"und"

#: Words just before a length that make it something else: a reading time, a relative age, a clock time.
VIDEO_NOT_LENGTH_BEFORE: str = r"lesezeit|lesedauer|vor|seit|um|ab|veröffentlicht|aktualisiert"

#: Words just after a length that make it something else: a reading time ("4 min de lectura"), a rate ("per meter").
VIDEO_NOT_LENGTH_AFTER: str = r"lesezeit|lesedauer|zu fuß|fußweg|mit dem auto|fahrzeit|pro"


# --- follow invitations: read by :mod:`.follow` ----------------------------------------------------------------------

FOLLOW_WORDING: str = r"folgen sie|folgt uns|folge uns|finden sie uns|findet uns|besuchen sie uns|abonnieren sie"

#: A link's label or a heading over profile links that invites to follow (folded: lowercase, no accents; each
#: alternative matched as whole words): the profile links under it are follow buttons.
FOLLOW_LABELS: str = r"folg(?:e|en|t)"

# --- language identification: read by :mod:`.identification` ------------------------------------------------------

#: ISO 639-2 codes and names (folded) some pages declare instead of ``de``.
LANGUAGE_NAMES: str = "deu ger german deutsch"

#: The most frequent function words: text detected as this language must use them.
FUNCTION_WORDS: str = (
    "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es an werden "
    "wir sie ich bei aus nach wie zum zur"
)
