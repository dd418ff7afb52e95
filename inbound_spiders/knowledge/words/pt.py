"""Portuguese words of calls to action, read by :mod:`inbound_spiders.knowledge.words.cta` (see :mod:`.fr` for the
conventions)."""

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
    ),
    "newsletter": (
        r"\bboletim\b",
        r"\bnewsletter\b",
        r"\breceb(?:a|er) (?:em|no) seu e-?mail\b",
        r"\breceba (?:nossas )?novidades\b",
        r"\bno seu e-?mail\b",
        r"\bcadastre-se (?:e receba|na newsletter|para receber)\b",
    ),
    "event": (r"\beventos\b", r"\bagenda\b"),
    "volunteer": (r"\bseja (?:voluntari[oa]|socio|socia)\b", r"\bfiliae?-se\b", r"\bjunte-se\b", r"\bassocie-se\b"),
    "download": (r"\bbaix(?:e|ar)\b", r"\bdownload\b"),
    "contact": (r"\bcontato\b", r"\bcontacto\b", r"\bfale conosco\b", r"\bentre em contato\b"),
}

CTA_TRIGGERS = (
    "assine assinar peticao baix instale app aplicativo doe doar doacao doacoes apoie boletim news receb"
    " novidades mail cadastre evento agenda seja filia junte associe download contato contacto fale"
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
    "donate": "doar doacao doacoes",
    "newsletter": "newsletter boletim",
    "volunteer": "seja-voluntario voluntariado filie-se",
    "contact": "contato fale-conosco",
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
