"""Participation counters per language: the words that say what a number on a participation page counts.

One home for this vocabulary, read by :mod:`inbound_spiders.extractors.contribution_platforms` (counter labels,
petition pages) and :mod:`inbound_spiders.extractors.numbers` (multipliers such as "1,2 mil", "1,2 Mio.", "33.3k").
Adding a language is adding its entries here (and fixture cases), not code.

Counter labels are lower-case single words as the page's text splits into words (``j'aime`` gives ``aime``), grouped by
what they count and a rank: for one measure, a lower rank is the more specific label and wins over a higher one
(``contributions`` over proposals over posts over threads over comments).
"""

from __future__ import annotations

PARTICIPANTS = "participants"
CONTRIBUTIONS = "contributions"
VOTES = "votes"

#: Rank of comment-like contributions: a comment count alone shows any blog, not a participation space.
COMMENT_RANK = 4

#: language -> ((measure, rank, words), ...)
COUNTER_LABELS: dict[str, tuple[tuple[str, int, str], ...]] = {
    "fr": (
        (PARTICIPANTS, 0, "participants participantes participant participante contributeurs contributrices"),
        (PARTICIPANTS, 0, "contributeur contributrice inscrits inscrites membres personnes citoyens citoyennes"),
        (PARTICIPANTS, 0, "votants votantes utilisateurs utilisatrices signataires signatures"),
        (CONTRIBUTIONS, 0, "contributions contribution"),
        (CONTRIBUTIONS, 1, "propositions proposition idées idée idees idee"),
        (CONTRIBUTIONS, 2, "débats débat messages message discussions discussion"),
        (CONTRIBUTIONS, 3, "sujets sujet"),
        (CONTRIBUTIONS, COMMENT_RANK, "commentaires commentaire arguments argument"),
        # "aime" is French Discourse's "J'aime" (likes), split by the word pattern into "j" + "aime".
        (VOTES, 0, "votes vote soutiens soutien aime"),
    ),
    "en": (
        (PARTICIPANTS, 0, "participants participant contributors contributor members member users people citizens"),
        (PARTICIPANTS, 0, "voters signatories signers supporters signatures"),
        (CONTRIBUTIONS, 0, "contributions contribution"),
        (CONTRIBUTIONS, 1, "ideas idea proposals proposal"),
        (CONTRIBUTIONS, 2, "debates debate posts post messages message discussions discussion replies"),
        (CONTRIBUTIONS, 3, "threads thread topics topic"),
        (CONTRIBUTIONS, COMMENT_RANK, "comments comment arguments argument"),
        (VOTES, 0, "votes vote supports support likes like upvotes"),
    ),
    "de": (
        (PARTICIPANTS, 0, "teilnehmende teilnehmer teilnehmerinnen mitglieder nutzer benutzer unterstützer"),
        (PARTICIPANTS, 0, "unterstützerinnen unterzeichner unterzeichnerinnen beteiligte unterschriften"),
        (CONTRIBUTIONS, 0, "beiträge beitrag"),
        (CONTRIBUTIONS, 1, "vorschläge vorschlag ideen idee"),
        (CONTRIBUTIONS, 2, "debatten diskussionen nachrichten"),
        (CONTRIBUTIONS, 3, "themen thema"),
        (CONTRIBUTIONS, COMMENT_RANK, "kommentare kommentar argumente"),
        (VOTES, 0, "stimmen abstimmungen unterstützungen"),
    ),
    "es": (
        (PARTICIPANTS, 0, "participantes participante usuarios usuarias miembros ciudadanos ciudadanas firmantes"),
        (PARTICIPANTS, 0, "personas firmas"),
        (CONTRIBUTIONS, 0, "contribuciones aportaciones aportes"),
        (CONTRIBUTIONS, 1, "propuestas propuesta ideas idea"),
        (CONTRIBUTIONS, 2, "debates debate mensajes mensaje"),
        (CONTRIBUTIONS, 3, "temas tema"),
        (CONTRIBUTIONS, COMMENT_RANK, "comentarios comentario argumentos"),
        (VOTES, 0, "votos voto apoyos apoyo"),
    ),
    "it": (
        (PARTICIPANTS, 0, "partecipanti iscritti utenti membri cittadini firmatari sostenitori firme"),
        (CONTRIBUTIONS, 0, "contributi"),
        (CONTRIBUTIONS, 1, "proposte proposta idee"),
        (CONTRIBUTIONS, 2, "dibattiti messaggi discussioni"),
        (CONTRIBUTIONS, 3, "argomenti"),
        (CONTRIBUTIONS, COMMENT_RANK, "commenti commento"),
        (VOTES, 0, "voti sostegni"),
    ),
    "nl": (
        (PARTICIPANTS, 0, "deelnemers leden gebruikers burgers ondertekenaars ondersteuners handtekeningen"),
        (CONTRIBUTIONS, 0, "bijdragen bijdrage"),
        (CONTRIBUTIONS, 1, "voorstellen voorstel ideeën ideeen"),
        (CONTRIBUTIONS, 2, "berichten discussies"),
        (CONTRIBUTIONS, 3, "onderwerpen"),
        (CONTRIBUTIONS, COMMENT_RANK, "reacties reactie"),
        (VOTES, 0, "stemmen steunbetuigingen"),
    ),
    "pt": (
        (PARTICIPANTS, 0, "participantes membros usuários utilizadores cidadãos signatários apoiadores assinaturas"),
        (CONTRIBUTIONS, 0, "contribuições"),
        (CONTRIBUTIONS, 1, "propostas proposta ideias"),
        (CONTRIBUTIONS, 2, "mensagens debates"),
        (CONTRIBUTIONS, 3, "tópicos"),
        (CONTRIBUTIONS, COMMENT_RANK, "comentários comentário"),
        (VOTES, 0, "votos apoios"),
    ),
}

#: Label words that show taking part by themselves (not "members", "people" or "users" of any site).
PARTICIPANT_EVIDENCE: dict[str, str] = {
    "fr": "participant participante contributeur contributrice votant votante signataire",
    "en": "participant contributor voter signatorie signer",
    "de": "teilnehmende teilnehmer unterzeichner beteiligte",
    "es": "participante firmante",
    "it": "partecipanti firmatari",
    "nl": "deelnemer ondertekenaar",
    "pt": "participante signatário",
}

#: Words that may stand before a counter's label without changing what it counts ("Nombre total de votes",
#: "Total Posts", "Número de participantes").
LEAD_IN_WORDS: dict[str, str] = {
    "fr": "nombre nb nbre total totale de des du d le la les l tous toutes n j",
    "en": "number of the all total",
    "de": "anzahl gesamt insgesamt der die das",
    "es": "número numero total de del los las",
    "it": "numero totale di dei delle gli le",
    "nl": "aantal totaal totale het de",
    "pt": "número numero total de dos das os as",
}

#: Words that, just before a counter's label, make it a whole space's total ("Total Posts", "Gesamtzahl"), not one
#: item's.
TOTAL_WORDS: dict[str, str] = {
    "fr": "total totale",
    "en": "total",
    "de": "gesamt insgesamt gesamtzahl",
    "es": "total",
    "it": "totale totali",
    "nl": "totaal totale",
    "pt": "total",
}

#: Phrases (regular expressions, matched ignoring case) naming a hand-made participation space in a page's title,
#: main headings or URL: "boîte à idées", "Bürgerhaushalt", "presupuestos participativos".
PARTICIPATION_SPACE_PHRASES: dict[str, str] = {
    "fr": r"bo[iî]tes? [aà] id[ée]es|conseils? citoyens?|propose[zr] (?:vos|une|votre|des) id[ée]es|"
    r"votez pour (?:les|vos|la|une) (?:propositions?|id[ée]es?)|consultations? citoyennes?|"
    r"budgets? participatifs?|plateforme (?:participative|de participation|citoyenne)",
    "en": r"ideas? box|suggestion box|share your ideas|submit your ideas|vote for (?:the best|your favou?rite) ideas|"
    r"participatory budget(?:ing)?|citizens?'? consultation|idea board|ideas portal",
    "de": r"b[üu]rgerhaushalt|beteiligungshaushalt|b[üu]rgerbeteiligung|beteiligungsplattform|ideenb[öo]rse|"
    r"ideenplattform|ideenwettbewerb|online-beteiligung|mitmach-plattform",
    "es": r"presupuestos? participativos?|buz[oó]n de (?:ideas|sugerencias)|consultas? ciudadanas?|"
    r"participaci[oó]n ciudadana|procesos? participativos?|plataforma (?:de participaci[oó]n|participativa)",
    "it": r"bilanci[oa] partecipativ[oi]|consultazion[ei] (?:pubblic[ah]e?|cittadin[ae])|"
    r"partecipazione (?:civica|dei cittadini)|piattaforma (?:di partecipazione|partecipativa)|cassetta delle idee",
    "nl": r"burgerbegroting|participatiebegroting|burgerpanel|burgerparticipatie|idee[eë]nbus|"
    r"participatieplatform|inspraak",
    "pt": r"or[cç]amentos? participativos?|consultas? p[uú]blicas?|participa[cç][aã]o cidad[aã]|"
    r"plataforma (?:de participa[cç][aã]o|participativa)|caixa de (?:ideias|sugest[oõ]es)",
}

#: Fragments one of those phrases contains (lower case): a cheap test before the patterns.
PARTICIPATION_SPACE_STEMS: dict[str, str] = {
    "fr": "idées idees citoyen particip consultation votez",
    "en": "idea suggestion particip consultation",
    "de": "haushalt beteiligung ideen mitmach",
    "es": "particip buz consulta",
    "it": "partecipa consultazion idee",
    "nl": "begroting burger participatie idee inspraak",
    "pt": "particip consulta ideias sugest",
}

#: Invitations to propose or vote on a button or link (regular expressions, ignoring case): the evidence a hand-made
#: participation page needs beyond its name.
ACTION_CUES: dict[str, str] = {
    "fr": r"je (?:propose|vote|soutiens|contribue)|propose[rz]? (?:une|votre|vos|mon|ma|un|des) "
    r"(?:id[ée]es?|propositions?|contributions?|projets?)|d[ée]pose[rz]? (?:une|votre|mon|un) "
    r"(?:id[ée]e|proposition|contribution|projet)|soumettre (?:une|votre|mon|un)|ajoute[rz]? (?:une|votre|mon) "
    r"(?:id[ée]e|proposition|contribution)|votez|voter|soutenir|contribuer",
    "en": r"(?:submit|share|add|post) (?:an|your|my|a new) idea|vote|upvote|support this|contribute",
    "de": r"abstimmen|jetzt beteiligen|(?:idee|vorschlag) (?:einreichen|eintragen)|mitdiskutieren|unterst[üu]tzen",
    "es": r"proponer|votar|apoyar|env[ií]a tu (?:propuesta|idea)|crea una propuesta",
    "it": r"vota|proponi|invia (?:la tua|una) (?:proposta|idea)|sostieni",
    "nl": r"stem (?:nu|mee|op)|dien (?:een|je) (?:voorstel|idee) in|doe mee",
    "pt": r"votar|apoiar|propor|envie (?:a sua|sua|uma) (?:proposta|ideia)",
}

#: Counter words that count the people who signed a petition or backed one campaign action.
SIGNATURE_WORDS: dict[str, str] = {
    "fr": "signatures signataires",
    "en": "signatures signatories signers supporters signed",
    "de": "unterschriften unterzeichner unterzeichnerinnen unterstützer unterstützerinnen unterschrieben",
    "es": "firmas firmantes firmado",
    "it": "firme firmatari sostenitori firmato",
    "nl": "handtekeningen ondertekenaars ondertekend",
    "pt": "assinaturas signatários apoiadores assinado",
}

#: Phrases (lower case, accents kept) of a title, heading or button that invite to sign a petition.
PETITION_PHRASES: dict[str, str] = {
    "fr": r"p[ée]tition|signez|je signe",
    "en": r"petition|sign (?:now|here|up to support)",
    "de": r"petition|unterschreib|jetzt unterzeichnen",
    "es": r"petici[oó]n|firma (?:ya|ahora|aqu[ií])|firmar",
    "it": r"petizione|firma (?:ora|subito|qui)",
    "nl": r"petitie|teken (?:nu|hier|de)",
    "pt": r"peti[cç][aã]o|abaixo-assinado|assine",
}

#: Fragments one of the petition phrases contains: a cheap test before the patterns (most pages name no petition).
PETITION_STEMS: dict[str, str] = {
    "fr": "tition signez signe",
    "en": "petition sign",
    "de": "petition unterschreib unterzeichn",
    "es": "petici firma",
    "it": "petizion firma",
    "nl": "petitie teken",
    "pt": "peti abaixo assine",
}

#: Multipliers written after a count ("33.3k", "1,2 Mio.", "1,2 mil", "2,5 millions"): word -> factor.
NUMBER_MULTIPLIERS: dict[str, dict[str, int]] = {
    "fr": {"k": 1_000, "m": 1_000_000, "million": 1_000_000, "millions": 1_000_000, "md": 10**9, "mds": 10**9}
    | {"milliard": 10**9, "milliards": 10**9},
    "en": {"k": 1_000, "m": 1_000_000, "million": 1_000_000, "millions": 1_000_000, "b": 10**9, "bn": 10**9}
    | {"billion": 10**9, "billions": 10**9},
    "de": {"tsd": 1_000, "mio": 1_000_000, "million": 1_000_000, "millionen": 1_000_000, "mrd": 10**9},
    "es": {"mil": 1_000, "millón": 1_000_000, "millon": 1_000_000, "millones": 1_000_000},
    "it": {"mila": 1_000, "mln": 1_000_000, "milioni": 1_000_000, "milione": 1_000_000},
    "nl": {"mln": 1_000_000, "miljoen": 1_000_000},
    "pt": {"mil": 1_000, "milhão": 1_000_000, "milhões": 1_000_000},
}


def all_languages(table: dict[str, str]) -> frozenset[str]:
    """The words of a per-language table of space-separated words, all languages together."""
    return frozenset(word for words in table.values() for word in words.split())


def counter_labels() -> dict[str, tuple[str, int]]:
    """Every language's counter label words: word -> (measure, rank); a word listed twice keeps its first entry."""
    labels: dict[str, tuple[str, int]] = {}
    for groups in COUNTER_LABELS.values():
        for measure, rank, words in groups:
            for word in words.split():
                labels.setdefault(word, (measure, rank))
    return labels


def number_multipliers() -> dict[str, int]:
    """Every language's number multipliers: word -> factor."""
    merged: dict[str, int] = {}
    for table in NUMBER_MULTIPLIERS.values():
        merged.update(table)
    return merged
