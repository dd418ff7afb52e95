"""French words of calls to action, read by :mod:`inbound_spiders.knowledge.words.cta`.

Patterns are regular expressions over folded labels (lowercase, no accents, ASCII apostrophes and hyphens, single
spaces). ``CTA_TRIGGERS`` lists word prefixes of which every match of a ``CTA`` pattern holds one (a cheap pre-check).
"""

from __future__ import annotations

_ENGAGE_NOUNS = r"(?:membre|militant\w*|benevole\w*|adherent\w*|volontaire\w*|ambassad\w*|relais|supporter)"
_EVENT_NOUNS = (
    r"(?:meeting|evenement|rassemblement|reunion|marche|manif\w*|soiree|conference|webinaire|atelier|debat|forum"
    r"|apero|pique-nique|porte-a-porte)"
)

CTA: dict[str, tuple[str, ...]] = {
    "petition": (
        r"^(?:la |notre |cette |une )?petition(?: en ligne)?\W*$",
        r"\bsign(?:ez|er|e|ons)\s+(?:la |l'|notre |cette )?(?:petition|appel|tribune)\b",
        r"\bje signe\b",
        r"^signez\b",
        r"\bsignez (?:la|l'|notre|cette|maintenant|ici)\b",
        r"\bj'ai signe\b",
    ),
    "app_download": (
        r"\b(?:telecharg\w*|installe[rz]?|obtenir)\s+(?:l'|notre |mon )?(?:app|appli|application)\b",
        r"\bappli(?:cation)?s? mobiles?\b",
        r"^(?:nos|notre) (?:appli|application)s?\b",
    ),
    "donate": (
        r"^dons?$",
        r"^dons? (?:en ligne|maintenant|mensuel|ponctuel|regulier|securise)",
        r"\b(?:un|des|vos|les|aux|nos|mes|votre|mon|ton|faire|faites) dons?\b",
        r"\bje donne\b",
        r"\bdonne[rz]? (?:maintenant|en ligne)\b",
        r"\bdonat(?:eur|rice)\w*",
        r"\bfinanc(?:er|ez|e) (?:la|notre|ma|sa|cette) campagne\b",
        r"\bje finance\b",
        r"\bsoutenir financierement\b",
        r"\bsoutien financier\b",
        r"\bcotis(?:er|ation)\b",
        r"\bsoutenez[- ]nous\b",
    ),
    "newsletter": (
        r"\blettres? d'(?:information|info)s?\b",
        r"\binfolettre",
        r"\bbulletin d'information",
        r"\bs'abonner\b",
        r"\babonnez[- ]vous\b",
        r"\bje m'abonne\b",
        r"\brestez (?:informe|connecte|au courant)",
        r"\btenez[- ]vous (?:informe|au courant)",
        r"\brecevoir (?:nos|les|la|notre) (?:actualites|actus|infos|informations|news|newsletter|lettre)",
    ),
    "event": (
        r"\bevenements?\b",
        r"\bagenda\b",
        r"^je participe\W*$",
        r"\bj'y (?:vais|serai|participe)\b",
        r"\bje viens\b",
        rf"\b(?:particip\w*|inscri\w*|je m'inscris|s'inscrire)\b[^.]{{0,25}}\b{_EVENT_NOUNS}s?\b",
        r"\bbilletterie\b",
        r"\breserve[rz]? (?:votre|ma|ta|sa) place\b",
        r"\bcalendrier\b",
    ),
    "volunteer": (
        r"\bmilit(?:er|ez|e|ons|ant|ante|ants|antes)\b",
        r"\bs'? ?engager\b",
        r"\bengagez[- ]vous\b",
        r"\bengage[- ]toi\b",
        r"\bje m'engage\b",
        r"\bm'engager\b",
        r"\badher(?:er|ez|e|ons)\b",
        r"\badhesion\b",
        r"\bj'adhere\b",
        r"\brejoign\w*",
        r"\brejoindre\b",
        r"^benevol",
        r"\bbenevolat\b",
        r"\b(?:comme|en tant que) benevole",
        r"\bespace benevole",
        rf"\bdeven(?:ir|ez)(?:[- ]vous)? {_ENGAGE_NOUNS}\b",
        rf"\bdeviens {_ENGAGE_NOUNS}\b",
        r"\bagir\b",
        r"\bagissez\b",
        r"\bj'agis\b",
        r"\bpasse[rz]? a l'action\b",
        r"\bfaire campagne\b",
        r"\bdonner (?:de |du )?(?:mon |votre |ton |de son )?temps\b",
    ),
    "download": (r"\btelecharg\w*",),
    "contact": (
        r"\bcontact(?:ez|er)?\b",
        r"\bnous (?:ecrire|contacter|joindre)\b",
        r"\becrivez[- ](?:nous|moi)\b",
        r"\becrire a la redaction\b",
    ),
}

CTA_TRIGGERS = (
    "petition sign don app appli telecharg install obtenir donne donat"
    " financ soutenir soutien soutenez cotis lettre infolettre bulletin abonn restez tenez recev"
    " even agenda partici vais serai viens inscri billet reserv calendrier milit engag sengag adh rejoi benevol"
    " deven devien agir agis action campagne temps contact ecri"
)

#: URL path slugs (the last segment of a same-site path) that name an action.
#: Submit labels of a form that signs an e-mail address up (with an e-mail field: a mailing list).
SIGN_UP_BUTTONS: tuple[str, ...] = (
    r"\bs'inscrire\b",
    r"\bje m'inscris\b",
    r"\binscri(?:ption|vez-vous|s-toi)\b",
    r"\bvalider\b",
    r"\benvoyer\b",
    r"\bs'abonner\b",
    r"\bok\b",
)

#: Words of form fields, submit labels and markup (folded or lowercase), by what they reveal: a ``message`` box (a
#: contact form), an ``email`` field, a ``password`` (a log-in), an ``amount`` (a donation), ``volunteer`` questions
#: (availability, skills), and ``search`` or ``login`` forms (in their class, id or action).
FORM_WORDS: dict[str, str] = {
    "message": r"message|question|demande|commentaire|remarque",
    "email": r"courriel",
    "password": r"mot de passe",
    "amount": r"montant|somme|\bdon\b|donation",
    "search": r"recherche",
    "login": r"connexion",
    "volunteer": (
        r"disponib|competence|benevol|militer|\bactions?\b|temps (?:que|dont)|heures par|porte-a-porte"
        r"|tractage|boitage|\bterrain\b|je (?:veux|souhaite|peux) (?:aider|agir|participer|militer)"
    ),
}

CTA_PATHS: dict[str, str] = {
    "donate": "don dons faire-un-don je-donne jedonne donner financer je-finance financer-la-campagne",
    "newsletter": "newsletter newsletters inscription-newsletter infolettre lettre-d-information",
    "volunteer": (
        "benevole benevoles devenir-benevole militer agir s-engager sengager engagez-vous je-m-engage jemengage"
        " rejoindre rejoignez-nous nous-rejoindre adherer adhesion adhesions"
    ),
    "contact": "contact contacts contactez-nous nous-contacter",
    "event": "evenements evenement agenda calendrier",
    "download": "telechargements telecharger",
    "petition": "petition petitions signer-la-petition signez",
}

NOT_CTA: dict[str, tuple[str, ...]] = {
    "read_more": (
        r"lire la suite|lire plus|lire l'article|la suite|suite|en savoir plus|savoir plus|voir plus|plus d'infos?"
        r"|plus d'informations|page (?:suivante|precedente|\d+)|suivant|precedent|articles plus anciens"
        r"|(?:article|billet|post) (?:suivant|precedent)",
    ),
    "jobs": (r"\boffres? d'emploi|\bemplois?\b|\brecrut\w*|\bcarrieres?\b|\bstages?\b|\btravailler (?:avec|chez)",),
    "accounts": (r"\bcreer (?:un|mon|votre) compte\b|\bmon compte\b|\bse connecter\b|\bconnexion\b",),
    "comments": (r"\b(?:rejoindre|rejoignez) (?:la|le) (?:discussion|debat|conversation)\b",),
    "not_donate": (r"\bsuccessions?\b|\bdonation[- ]partage\b|\bdroits de donation\b|\bnotaire",),
}

#: Words of a target URL (path words split on "/", "-", "_"; the first label of its host) that name a job, account or
#: paid-subscription area: a "join" or "subscribe" leading there is no volunteering and no mailing list.
NOT_CTA_TARGETS: dict[str, str] = {
    "jobs": "emploi emplois recrutement carriere carrieres stage stages",
    "accounts": "compte connexion",
    "subscriptions": "abonnement abonnements abonne abo boutique",
}
