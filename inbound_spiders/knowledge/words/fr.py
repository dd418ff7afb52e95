"""French words the audit reads, in the sections every language module fills: calls to action (read by
:mod:`inbound_spiders.knowledge.words.cta`), team pages (:mod:`.team`), participation counters (:mod:`.participation`)
and video lengths (:mod:`.video`); each assembler documents its sections and how their words are written.

CTA patterns are regular expressions over folded labels (lowercase, no accents, ASCII apostrophes and hyphens, single
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

#: URL path slugs (the last segment of a same-site path) that name an action.
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
# --- team pages: read by :mod:`.team` --------------------------------------------------------------------------------

TEAM_TITLES: tuple[tuple[str, str], ...] = (
    (r"\borganigram", "organigramme"),
    (r"\bequipe de campagne\b", "équipe de campagne"),
    (r"\bequipes?\b", "équipe"),
    (r"\bqui sommes[- ]nous\b", "qui sommes-nous"),
    (r"\bconseil d['’ ]?administration\b", "conseil d'administration"),
    (r"\bgouvernance\b", "gouvernance"),
    (r"\bbureau\b", "bureau"),
    (r"\b(?:co-?)?fondat(?:eur|rice)s?\b", "fondateurs"),
    (r"\bcomite (?:de direction|executif|directeur)\b", "comité de direction"),
    (r"\btrombinoscope\b", "trombinoscope"),
    (r"\bnous connaitre\b", "nous connaître"),
    (r"\ba propos\b", "à propos"),
)

LISTING_TITLES: str = (
    r"deputes?|deputees?|senat(?:eur|rice)s|elus?|elues?|conseillers?(?: municipaux| regionaux)?|membres"
)

LISTING_LEADS: str = r"liste des|les|nos|la liste des"

TEAM_TITLE_STEMS: str = (
    "quipe, organigram, propos, sommes, conseil, gouvern, bureau, fondat, comit, trombi, conna, deput, député,"
    " senat, sénat, elu, élu, membres"
)

TEAM_URL_WORDS: str = (
    "equipe equipes lequipe organigramme gouvernance trombinoscope fondateurs deputes elus conseillers"
)

TEAM_URL_SEGMENTS: str = (
    "a-propos apropos qui-sommes-nous quisommesnous bureau conseil-d-administration conseil-administration"
    " nous-connaitre direction"
)

TEAM_NOT_NAME_WORDS: str = """
    equipe equipes notre nos votre vos les avec pour par sur dans qui que quoi nous vous sommes propos ensemble
    pole poles direction campagne projet projets programme conseil administration bureau president presidente vice
    tresorier tresoriere secretaire directeur directrice adjoint adjointe responsable charge chargee coordinateur
    coordinatrice coordination delegue deleguee porte parole membre membres fondateur fondatrice fondateurs
    cofondateur cofondatrice accueil contact contacts contactez mentions legales politique confidentialite
    actualites actualite agenda evenements evenement presse medias videos photos galerie soutenir soutien don dons
    faire adherer rejoindre rejoignez engagez inscription boutique recherche rechercher menu fermer ouvrir lire suite
    voir savoir telecharger partager retour haut page blog articles article categorie categories archives tags
    commentaires repondre connexion compte panier tarifs tarif offre offres gratuit essentiel entreprise entreprises
    association fondation federation syndicat parti mouvement groupe societe ville mairie region departement
    republique france europe ministere ministre senateur senatrice depute deputee deputes maire conseiller conseillere
    conseillers candidat candidate mandataire financier financiere communication mobilisation numerique terrain
    relations international economie sante education ecologie culture jeunesse services service solutions produits
    produit ressources humaines aide faq conditions generales cgv cgu plan site collectif citoyen citoyens citoyenne
    benevoles benevole adherents militants militer valeurs histoire mission missions comite executif charte
    intervenants intervenant invites conference table ronde atelier ateliers salle lieu date horaires inscriptions
    pdg dg dga drh daf rh sas sarl cnil juridique developpement commercial marketing technique administratif
    plus moins merci bonjour bienvenue maison quartier rue place avenue boulevard rencontre rencontres debat forum
    salon festival janvier fevrier mars juin juillet aout septembre octobre novembre decembre lundi mardi mercredi
    jeudi vendredi samedi dimanche avocat avocate juriste associe associee collaborateur collaboratrice assistant
    assistante chef cheffe redacteur redactrice stagiaire consultant consultante animateur animatrice educateur
    educatrice comptable ingenieur ingenieure developpeur developpeuse graphiste gerant gerante artistique general
    generale adjoints tete liste elus elu elue suivre assemblee nationale chambre precedent precedente suivant
    suivante
    """

HONORIFICS: str = "m. mme mme. mlle me me. dr dr. pr pr. prof. mgr"


# --- participation counters: read by :mod:`.participation` ------------------------------------------------------------

PARTICIPATION_COUNTERS: dict[str, str] = {
    "participants": (
        "participants participantes participant participante contributeurs contributrices "
        "contributeur contributrice inscrits inscrites membres personnes citoyens citoyennes "
        "votants votantes utilisateurs utilisatrices signataires signatures"
    ),
    "contributions": "contributions contribution",
    "proposals": "propositions proposition idées idée idees idee",
    "discussions": "débats débat messages message discussions discussion",
    "topics": "sujets sujet",
    "comments": "commentaires commentaire arguments argument",
    # "aime" is French Discourse's "J'aime" (likes), split by the word pattern into "j" + "aime".
    "votes": "votes vote soutiens soutien aime",
}

PARTICIPANT_EVIDENCE: str = "participant participante contributeur contributrice votant votante signataire"

COUNTER_LEAD_IN_WORDS: str = "nombre nb nbre total totale de des du d le la les l tous toutes n j"

COUNTER_TOTAL_WORDS: str = "total totale"

SIGNATURE_WORDS: str = "signatures signataires"

PETITION_PHRASES: str = r"p[ée]tition|signez|je signe"

PETITION_STEMS: str = "tition signez signe"

PARTICIPATION_SPACE_PHRASES: str = (
    r"bo[iî]tes? [aà] id[ée]es|conseils? citoyens?|propose[zr] (?:vos|une|votre|des) id[ée]es|"
    r"votez pour (?:les|vos|la|une) (?:propositions?|id[ée]es?)|consultations? citoyennes?|"
    r"budgets? participatifs?|plateforme (?:participative|de participation|citoyenne)"
)

PARTICIPATION_SPACE_STEMS: str = "idées idees citoyen particip consultation votez"

PARTICIPATION_ACTION_CUES: str = (
    r"je (?:propose|vote|soutiens|contribue)|propose[rz]? (?:une|votre|vos|mon|ma|un|des) "
    r"(?:id[ée]es?|propositions?|contributions?|projets?)|d[ée]pose[rz]? (?:une|votre|mon|un) "
    r"(?:id[ée]e|proposition|contribution|projet)|soumettre (?:une|votre|mon|un)|ajoute[rz]? (?:une|votre|mon) "
    r"(?:id[ée]e|proposition|contribution)|votez|voter|soutenir|contribuer"
)

NUMBER_MULTIPLIERS: dict[str, int] = {
    "k": 1_000,
    "m": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "md": 10**9,
    "mds": 10**9,
    "milliard": 10**9,
    "milliards": 10**9,
}


# --- video lengths: read by :mod:`.video` -----------------------------------------------------------------------------

VIDEO_LENGTH_LABELS: str = r"durée|duree|longueur|dure"

VIDEO_LENGTH_LINKS: str = r"de la|du"

VIDEO_HOUR_WORDS: str = r"heures|heure|h"

VIDEO_MINUTE_WORDS: str = r"minutes|minute|mins|min|mn"

VIDEO_SECOND_WORDS: str = r"secondes|seconde|secs|sec|s"

#: Words joining the parts of a length ("2 horas y 14 minutos", "1 Stunde und 5 Minuten").
VIDEO_UNIT_JOINERS: str = r"et"

#: Words just before a length that make it something else: a reading time, a relative age, a clock time.
VIDEO_NOT_LENGTH_BEFORE: str = r"il y a|lecture|publié|publiée|à|dès|depuis"

#: Words just after a length that make it something else: a reading time ("4 min de lectura"), a rate ("per meter").
VIDEO_NOT_LENGTH_AFTER: str = r"de lecture|à pied|en voiture|par"


# --- follow invitations: read by :mod:`.follow` ----------------------------------------------------------------------

FOLLOW_WORDING: str = r"suivez|suivre|retrouvez|rejoignez|abonnez"

#: A link's label or a heading over profile links that invites to follow (folded: lowercase, no accents; each
#: alternative matched as whole words): the profile links under it are follow buttons.
FOLLOW_LABELS: str = (
    r"suiv(?:ez|re|ons)|retrouvez[- ](?:nous|moi)|rejoignez[- ](?:nous|moi) sur|abonn\w*|reseaux sociaux"
)

# --- language identification: read by :mod:`.identification` ------------------------------------------------------

#: ISO 639-2 codes and names (folded) some pages declare instead of ``fr``.
LANGUAGE_NAMES: str = "fra fre french francais"

#: The most frequent function words: text detected as this language must use them.
FUNCTION_WORDS: str = (
    "le la les de des du un une et est en que qui dans pour pas sur au aux par avec ce cette sont "
    "nous vous il elle ne plus se son sa ses"
)
