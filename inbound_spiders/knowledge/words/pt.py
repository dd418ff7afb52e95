"""Portuguese words the audit reads: calls to action (:mod:`.cta`), team pages (:mod:`.team`), participation counters
(:mod:`.participation`) and video lengths (:mod:`.video`) (see :mod:`.fr` for the conventions)."""

from __future__ import annotations

CTA: dict[str, tuple[str, ...]] = {
    "petition": (r"\bassine (?:a|esta|nossa) peticao\b", r"\bassinar a peticao\b", r"^(?:a )?peticao\W*$"),
    "app_download": (
        r"\b(?:baixe|baixar|instale) (?:o |nosso )?(?:app|aplicativo)\b",
        r"^(?:nosso|nossos) (?:app|aplicativo)s?\b",
    ),
    "donate": (
        r"^doe(?: agora)?\W*$",
        r"\bdoar\b",
        r"\bdoacao\b",
        r"\bdoacoes\b",
        r"\bfaca uma doacao\b",
        r"\bapoie\b",
        r"\bdonativos?\b",
    ),
    "newsletter": (
        r"\bboletim\b",
        r"\bnewsletter\b",
        r"\breceb(?:a|er) (?:em|no) seu e-?mail\b",
        r"\breceba (?:nossas )?novidades\b",
        r"\bno seu e-?mail\b",
        r"\bcadastre-se (?:e receba|na newsletter|para receber)\b",
    ),
    "event": (
        r"\beventos\b",
        r"\bagenda\b",
        r"\binscreva-se (?:no|na|para o|para a) (?:evento|oficina|curso|encontro|webinar|palestra|seminario|live)\b",
        r"\bgaranta (?:a )?sua vaga\b",
    ),
    "volunteer": (
        r"\bseja (?:voluntari[oa]|socio|socia|membro|associad[oa])\b",
        r"\bfiliae?-se\b",
        r"\bjunte-se\b",
        r"\bassocie-se\b",
        r"\btorne-se (?:socio|socia|membro|voluntari[oa]|associad[oa])\b",
        r"\bquero ser (?:voluntari[oa]|socio|socia)\b",
        r"\bquero me filiar\b",
        r"\bfaca parte\b",
    ),
    "download": (r"\bbaix(?:e|ar)\b", r"\bdownload\b"),
    "contact": (
        r"\bcontatos?\b",
        r"\bcontactos?\b",
        r"\bcontacte-nos\b",
        r"\bfale (?:conosco|com)\b",
        r"\bentre em contato\b",
    ),
}

CTA_TRIGGERS = (
    "assine assinar peticao baix instale app aplicativo doe doar doacao doacoes apoie boletim news receb"
    " novidades mail cadastre evento agenda seja filia junte associe download contato contacto fale donativ torne"
    " quero faca inscreva garanta"
)

#: Submit labels of a form that signs an e-mail address up (with an e-mail field: a mailing list).
SIGN_UP_BUTTONS: tuple[str, ...] = (
    r"\binscreva-se\b",
    r"\bcadastr(?:ar|e-se)\b",
    r"\benviar\b",
    r"\bquero receber\b",
)

#: Words of form fields, submit labels and markup (folded or lowercase), by what they reveal: a ``message`` box (a
#: contact form), an ``email`` field, a ``password`` (a log-in), an ``amount`` (a donation), ``volunteer`` questions
#: (availability, skills), and ``search`` or ``login`` forms (in their class, id or action).
FORM_WORDS: dict[str, str] = {
    "message": r"mensagem|duvida|pergunta",
    "email": r"e-?mail",
    "password": r"senha",
    "amount": r"valor da doacao|quantia|doacao",
    "search": r"pesquisa|busca",
    "login": r"\bentrar\b|\bacesso\b",
    "volunteer": r"voluntari|disponibilidade|habilidades",
}

CTA_PATHS: dict[str, str] = {
    "donate": "doar doacao doacoes donativos donativo",
    "newsletter": "newsletter boletim",
    "volunteer": "seja-voluntario voluntariado filie-se torne-se-socio seja-socio associe-se filiacao faca-parte",
    "contact": "contato contatos contactos fale-conosco",
    "event": "eventos agenda",
    "download": "downloads",
    "petition": "peticao",
}

NOT_CTA: dict[str, tuple[str, ...]] = {
    "read_more": (r"leia mais|saiba mais|ver mais|continue lendo|proxim[oa]|anterior",),
    "jobs": (r"\btrabalhe conosco\b|\bvagas?\b|\bcarreiras?\b",),
    "accounts": (r"\bentrar\b|\bminha conta\b|\bcriar conta\b|\bcadastre-se\W*$",),
    "comments": (r"\bcomente\b|\bdeixe (?:um|seu) comentario\b",),
    "not_donate": (r"\bdoacao de (?:sangue|orgaos)\b",),
}

NOT_CTA_TARGETS: dict[str, str] = {
    "jobs": "trabalhe vagas carreiras",
    "accounts": "conta login",
    "subscriptions": "assinatura assinaturas assine loja",
}
# --- team pages: read by :mod:`.team` --------------------------------------------------------------------------------

TEAM_TITLES: tuple[tuple[str, str], ...] = (
    (r"\bequipe\b|\bequipa\b|\bnosso time\b|\bconheca o time\b", "equipe"),
    (r"\bquem somos\b", "quem somos"),
    (r"\bdiretoria\b|\bdirecao\b|\bconselho (?:diretor|de administracao)\b", "diretoria"),
    (r"\borganograma\b", "organigramme"),
    (r"\b(?:orgaos|corpos) sociais\b", "orgaos sociais"),
)

LISTING_TITLES: str = r"deputad[oa]s|vereador(?:es|as)|senador(?:es|as)|membros"

LISTING_LEADS: str = r"lista de|lista dos|os|as|nossos|nossas"

TEAM_TITLE_STEMS: str = (
    "equip, nosso time, conheça o time, conheca o time, quem somos, diretoria, direção, direcao, conselho, organogr,"
    " deputad, vereador, senador, membro, órgãos sociais, orgaos sociais, corpos sociais"
)

TEAM_URL_WORDS: str = "equipe equipa deputados vereadores diretoria"

TEAM_URL_SEGMENTS: str = "quem-somos quemsomos sobre-nos orgaos-sociais corpos-sociais"

TEAM_NOT_NAME_WORDS: str = """
    nossa nosso nossos nossas equipe equipa quem somos presidente secretario secretaria tesoureiro tesoureira
    diretor diretora coordenador coordenadora deputado deputada vereador vereadora senador senadora prefeito
    prefeita partido inicio contato contacto noticias conselho diretoria fundador fundadora membro membros pagina
    anterior proxima
    """

HONORIFICS: str = "sr. sra. dr. dra. eng. prof."


# --- participation counters: read by :mod:`.participation` ------------------------------------------------------------

PARTICIPATION_COUNTERS: dict[str, str] = {
    "participants": "participantes membros usuários utilizadores cidadãos signatários apoiadores assinaturas",
    "contributions": "contribuições",
    "proposals": "propostas proposta ideias",
    "discussions": "mensagens postagens debates",
    "topics": "tópicos",
    "comments": "comentários comentário",
    "votes": "votos apoios curtidas",
}

PARTICIPANT_EVIDENCE: str = "participante signatário"

COUNTER_LEAD_IN_WORDS: str = "número numero total de dos das os as"

COUNTER_TOTAL_WORDS: str = "total"

SIGNATURE_WORDS: str = "assinaturas signatários apoiadores assinado"

PETITION_PHRASES: str = r"peti[cç][aã]o|abaixo-assinado|assine"

PETITION_STEMS: str = "peti abaixo assine"

PARTICIPATION_SPACE_PHRASES: str = (
    r"or[cç]amentos? participativos?|consultas? p[uú]blicas?|participa[cç][aã]o cidad[aã]|"
    r"plataforma (?:de participa[cç][aã]o|participativa)|caixa de (?:ideias|sugest[oõ]es)"
)

PARTICIPATION_SPACE_STEMS: str = "particip consulta ideias sugest"

PARTICIPATION_ACTION_CUES: str = r"votar|apoiar|propor|envie (?:a sua|sua|uma) (?:proposta|ideia)"

NUMBER_MULTIPLIERS: dict[str, int] = {"mil": 1_000, "milhão": 1_000_000, "milhões": 1_000_000}


# --- video lengths: read by :mod:`.video` -----------------------------------------------------------------------------

VIDEO_LENGTH_LABELS: str = r"duração|duracao"

VIDEO_LENGTH_LINKS: str = r"do|da"

VIDEO_HOUR_WORDS: str = r"horas|hora"

VIDEO_MINUTE_WORDS: str = r"minutos|minuto"

VIDEO_SECOND_WORDS: str = r"segundos|segundo|seg"

#: Words joining the parts of a length ("2 horas y 14 minutos", "1 Stunde und 5 Minuten").
VIDEO_UNIT_JOINERS: str = r"e"

#: Words just before a length that make it something else: a reading time, a relative age, a clock time.
VIDEO_NOT_LENGTH_BEFORE: str = r"leitura|há|publicado|atualizado|às|desde"

#: Words just after a length that make it something else: a reading time ("4 min de lectura"), a rate ("per meter").
VIDEO_NOT_LENGTH_AFTER: str = r"de leitura|atrás|a pé|de carro|por"


# --- follow invitations: read by :mod:`.follow` ----------------------------------------------------------------------

FOLLOW_WORDING: str = r"siga-nos|segue-nos|sigam-nos|acompanhe-nos|encontre-nos"

#: A link's label or a heading over profile links that invites to follow (folded: lowercase, no accents; each
#: alternative matched as whole words): the profile links under it are follow buttons.
FOLLOW_LABELS: str = r"siga-nos|segue-nos|sigam-nos"

# --- language identification: read by :mod:`.identification` ------------------------------------------------------

#: ISO 639-2 codes and names (folded) some pages declare instead of ``pt``.
LANGUAGE_NAMES: str = "por portuguese portugues"

#: The most frequent function words: text detected as this language must use them.
FUNCTION_WORDS: str = "o a os as de do da dos das e que em um uma para com não no na por se mais ao como é são seu sua"
