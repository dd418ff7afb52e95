"""Team pages per language: the words that title a page of people, and the words that are never a person's name.

One home for this vocabulary, read by :mod:`inbound_spiders.extractors.team_pages`. Adding a language is adding its
entries here (and fixture cases), not code. Every pattern and word is written lower-case and without accents, the way
the extractor folds text before matching ("Über uns" is matched as ``uber uns``, "Quiénes somos" as ``quienes somos``).

* :data:`TEAM_TITLES`: words that make a page about its people wherever they stand in a title or heading ("Unser
  Team", "Chi siamo", "Wie zijn wij"), as ``(pattern, label)``; the label is what the finding's signal shows.
* :data:`LISTING_TITLES`: words that name a listing of people only when they open a short title or heading ("Les 91
  Députés élus", "Elenco Consiglieri", "Leden 2015 - 2020", "Members of Parliament"); inside a sentence ("Abgeordnete
  fordern schärfere Regeln") they are news, not a listing.
* :data:`URL_WORDS` / :data:`URL_SEGMENTS`: a path segment's words that make a team page, and whole segments that do.
* :data:`NOT_NAME_WORDS`: capitalised words of headings, menus, roles, parties and plan names that never make a
  person's name ("Direction", "Vorstand", "Consigliere", "Partido").
* :data:`HONORIFICS` / :data:`POST_NOMINALS` / :data:`PARTICLES`: what may stand before, after and inside a name.
"""

from __future__ import annotations


def _word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: keeps long word lists readable."""
    return frozenset(text.split())


#: language -> ((pattern, label), ...): team words anywhere in a title or heading, checked in this order.
TEAM_TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (
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
    ),
    "en": (
        (r"\borg(?:ani[sz]ation(?:al)?)?[ -]?chart", "org chart"),
        (r"\bmeet the team\b", "meet the team"),
        (r"\bteams?\b", "team"),
        (r"\bwho we are\b", "who we are"),
        (r"\babout us\b", "about us"),
        # "About" alone titles an about page; "About/Development" or "About our grants" is another page.
        (r"^about(?: the\b.*)?$", "about"),
        (r"\bleadership\b", "leadership"),
        (r"\bboard\b", "board"),
        (r"\btrustees\b", "trustees"),
        (r"\bstaff\b", "staff"),
        (r"\bpeople\b", "people"),
        (r"\b(?:co-?)?founders?\b", "founders"),
        (r"\bmanagement\b", "management"),
    ),
    "de": (
        (r"\bvorstand\b", "Vorstand"),
        (r"\b(?:unser |das )?team\b", "team"),
        (r"\buber uns\b|\bueber uns\b", "Über uns"),
        (r"\bwer wir sind\b", "wer wir sind"),
        (r"\bgeschaftsfuhrung\b|\bgeschaftsstelle\b", "Geschäftsführung"),
        (r"\bmitarbeiter(?:innen)?\b|\bmitarbeitende\b", "Mitarbeiter"),
        (r"\bansprechpartner(?:innen)?\b|\bansprechpersonen\b", "Ansprechpartner"),
        (r"\b(?:prasidium|aufsichtsrat|kuratorium|beirat|gremien)\b", "Gremien"),
        (r"\borganigramm\b", "organigramme"),
    ),
    "es": (
        (r"\bequipo\b", "equipo"),
        (r"\bquienes somos\b", "quiénes somos"),
        (r"\bjunta directiva\b|\bconsejo (?:directivo|de administracion|rector)\b|\bpatronato\b", "junta directiva"),
        (r"\borganigrama\b", "organigramme"),
    ),
    "it": (
        (r"\bchi siamo\b", "chi siamo"),
        (r"\bsquadra\b", "squadra"),
        (r"\bconsiglio (?:direttivo|di amministrazione)\b|\bdirettivo\b", "consiglio direttivo"),
        (r"\borganigramma\b", "organigramme"),
    ),
    "nl": (
        (r"\bwie (?:zijn wij|we zijn)\b", "wie zijn wij"),
        (r"\bover ons\b", "over ons"),
        (r"\bons team\b", "team"),
        (r"\b(?:dagelijks )?bestuur\b|\braad van (?:bestuur|toezicht)\b|\bdirectie\b", "bestuur"),
        (r"\bmedewerkers\b", "medewerkers"),
        (r"\borganogram\b", "organigramme"),
    ),
    "pt": (
        (r"\bequipe\b|\bequipa\b", "equipe"),
        (r"\bquem somos\b", "quem somos"),
        (r"\bdiretoria\b|\bdirecao\b|\bconselho (?:diretor|de administracao)\b", "diretoria"),
        (r"\borganograma\b", "organigramme"),
    ),
}

#: Words (alternatives of a pattern) that name a listing of people when they open a short title or heading.
LISTING_TITLES: dict[str, str] = {
    "fr": r"deputes?|deputees?|senat(?:eur|rice)s|elus?|elues?|conseillers?(?: municipaux| regionaux)?|membres",
    "en": r"members(?: of (?:the )?(?:parliament|assembly|council|congress|board|house))?|mps|meps|councill?ors"
    r"|representatives|senators|our (?:councill?ors|mps|representatives)",
    "de": r"abgeordneten?|mitglieder|landtagsabgeordnete|bundestagsabgeordnete|gemeinderate|stadtrate",
    "es": r"diputad[oa]s|senador(?:es|as)|concejal(?:es|as)|miembros|integrantes|autoridades",
    "it": r"consiglieri|deputati|senatori|membri|componenti|assessori",
    "nl": r"leden|kamerleden|raadsleden|volksvertegenwoordigers|gedeputeerden",
    "pt": r"deputad[oa]s|vereador(?:es|as)|senador(?:es|as)|membros",
}

#: Words that may open a listing title before its listing word ("Liste des", "Elenco", "Listado de", "Unsere").
LISTING_LEADS: dict[str, str] = {
    "fr": r"liste des|les|nos|la liste des",
    "en": r"list of|the|our|all",
    "de": r"liste der|verzeichnis der|die|unsere|alle",
    "es": r"listado de|lista de|relacion de|los|las|nuestros|nuestras",
    "it": r"elenco(?: dei| delle)?|lista dei|i|gli|le|i nostri",
    "nl": r"lijst van(?: de)?|overzicht van de|de|onze|alle",
    "pt": r"lista de|lista dos|os|as|nossos|nossas",
}

#: A listing title may go on for this many words after its listing word ("Les 91 Députés élus", "Leden 2015").
LISTING_TITLE_MAX_WORDS = 4

#: Fragments one of the title patterns must contain, as written (accents kept, comma-separated): a cheap test on the
#: lower-cased text before folding accents and running the patterns.
TITLE_STEMS: dict[str, str] = {
    "fr": "quipe, organigram, propos, sommes, conseil, gouvern, bureau, fondat, comit, trombi, conna, deput, député,"
    " senat, sénat, elu, élu, membres",
    "en": "team, chart, who we, about, leader, board, trustee, staff, people, manage, founder, member, mps, meps,"
    " councill, councilor, representative, senator",
    "de": "vorstand, team, über uns, uber uns, ueber uns, wer wir, geschäftsf, geschaftsf, mitarbeit, ansprech,"
    " präsidium, prasidium, aufsichtsrat, kuratorium, beirat, gremien, abgeordnete, mitglieder, gemeinderä,"
    " gemeindera, stadträ, stadtra, organigramm",
    "es": "equipo, somos, junta, consejo, patronato, organigr, diputad, senador, concejal, miembro, integrante,"
    " autoridad",
    "it": "chi siamo, squadra, consigli, direttivo, organigr, deputat, senator, membri, componenti, assessor",
    "nl": "over ons, wie zijn, wie we, ons team, bestuur, raad van, directie, medewerker, organogr, leden,"
    " volksvertegenw, gedeputeerd",
    "pt": "equip, quem somos, diretoria, direção, direcao, conselho, organogr, deputad, vereador, senador, membro",
}

#: language -> words of a URL path segment that make a team page wherever they appear in it.
URL_WORDS: dict[str, str] = {
    "fr": "equipe equipes lequipe organigramme gouvernance trombinoscope fondateurs deputes elus conseillers",
    "en": "team teams staff leadership founders orgchart governance members councillors councilors mps",
    "de": "vorstand mitarbeiter mitarbeitende abgeordnete ansprechpartner geschaeftsfuehrung gremien",
    "es": "equipo diputados concejales organigrama directiva",
    "it": "consiglieri deputati organigramma direttivo squadra",
    "nl": "bestuur medewerkers leden kamerleden",
    "pt": "equipe equipa deputados vereadores diretoria",
}

#: language -> whole path segments that make a team page.
URL_SEGMENTS: dict[str, str] = {
    "fr": "a-propos apropos qui-sommes-nous quisommesnous bureau conseil-d-administration conseil-administration"
    " nous-connaitre direction",
    "en": "about about-us aboutus who-we-are whoweare people board trustees our-people",
    "de": "ueber-uns uber-uns ueberuns wer-wir-sind team",
    "es": "quienes-somos quienessomos nosotros sobre-nosotros",
    "it": "chi-siamo chisiamo",
    "nl": "over-ons overons wie-zijn-wij wie-we-zijn",
    "pt": "quem-somos quemsomos sobre-nos",
}

#: language -> capitalised words that never make a person's name (headings, menus, roles, parties, plan names).
NOT_NAME_WORDS: dict[str, str] = {
    "fr": """
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
    """,
    "en": """
    team teams our the meet about us who we are staff leadership board directors director trustees trustee
    advisors advisory members member founder founders cofounder co ceo cto coo cfo cmo cpo cio vp svp evp
    chair chairman chairwoman chairperson treasurer secretary manager head lead officer chief executive senior
    junior engineer designer developer sales operations product people home news events event press media careers
    jobs join donate support shop store cart login sign subscribe privacy policy terms cookies pricing plans basic
    pro premium enterprise starter business free standard learn more read view see all profile bio linkedin
    twitter facebook instagram youtube email phone get started now today new company inc llc ltd group foundation
    institute university college school society council committee department office customer customers client
    clients partner partners testimonials reviews features feature overview mission vision values history story
    stories your with for and of to in on by at from top best how why what when where welcome hello thanks thank
    united states kingdom america national global world community open source data digital web online popular most
    value lorem ipsum dolor amet speakers speaker agenda schedule workshop meeting january february march july
    september october november december monday tuesday wednesday thursday friday saturday sunday
    coordinator volunteer volunteers associate analyst specialist advisor adviser organizer organiser intern fellow
    editor writer producer accountant counsel attorney lawyer principal administrator strategist recruiter nurse
    teacher researcher scientist architect owner deputy communications development finance program programs outreach
    logistics warehouse campaign field organizing fundraising follow contact former prime minister senator
    congressman congresswoman representative governor mayor councillor councilor parliament party labour
    conservative liberal democrats democratic republican independent speaker legislature rss feed gallery photo
    photos congress tv catalog catalogue publications previous next
    """,
    "de": """
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
    """,
    "es": """
    nuestro nuestra nuestros equipo quienes somos presidente presidenta vicepresidente vicepresidenta secretario
    secretaria tesorero tesorera vocal vocales director directora coordinador coordinadora diputado diputada
    diputados senador senadora concejal concejala alcalde alcaldesa portavoz grupo partido parlamentario
    parlamentaria popular socialista junta directiva comision consejo provincia distrito circunscripcion entidad
    inicio contacto noticias agenda prensa afiliate dona colabora gerente responsable tecnico tecnica
    fundador fundadora miembro miembros integrantes legislatura congreso camara asamblea parlamento senado gobierno
    transparencia actividad pagina anterior siguiente
    """,
    "it": """
    nostro nostra nostri chi siamo squadra presidente vicepresidente segretario segretaria tesoriere consigliere
    consigliera consiglieri capitano capitani reggente reggenti direttore direttrice responsabile coordinatore
    coordinatrice portavoce deputato deputata senatore senatrice sindaco assessore assessora gruppo partito
    movimento consiglio giunta contatti notizie eventi elenco componenti membri socialisti democratici repubblica
    futura civico sinistra destra lega fondatore fondatrice amministratore delegato testi coordinati gruppi
    consiliari lavori archivio leggi decreti regolamenti bollettino ufficiale organismi istituzionali commissioni
    segreteria foto galleria pagina precedente successiva successivo
    """,
    "nl": """
    onze ons over wie zijn wij voorzitter ondervoorzitter secretaris penningmeester lid leden bestuurslid
    directeur directrice fractieleider fractievoorzitter woordvoerder medewerker medewerkster wethouder
    burgemeester raadslid kamerlid partij fractie kiesdistrict nieuws contact bestuur nationale democratische
    volkspartij vooruitstrevende hervormings alliantie assemblee staten provinciale gemeenteraad commissies vorige
    volgende pagina
    """,
    "pt": """
    nossa nosso nossos nossas equipe equipa quem somos presidente secretario secretaria tesoureiro tesoureira
    diretor diretora coordenador coordenadora deputado deputada vereador vereadora senador senadora prefeito
    prefeita partido inicio contato contacto noticias conselho diretoria fundador fundadora membro membros pagina
    anterior proxima
    """,
}

#: Titles that may open a name, several of them ("Prof. Dr.", "mw. drs.", "Dott. Ing.").
HONORIFICS: dict[str, str] = {
    "fr": "m. mme mme. mlle me me. dr dr. pr pr. prof. mgr",
    "en": "mr mr. mrs mrs. ms ms. sir dame dr dr. prof. hon. rt. rev. cllr cllr.",
    "de": "herr frau dr. prof. dipl.-ing. mag. ing.",
    "es": "sr. sra. srta. d. dña. dna. lic. ing. dip. dr. dra.",
    "it": "sig. sig.ra dott. dott.ssa avv. ing. on. prof.ssa arch. geom. rag.",
    "nl": "dhr. mw. mevr. hr. drs. ir. mr. ing. dr. prof.",
    "pt": "sr. sra. dr. dra. eng. prof.",
}

#: Letters and honours that may close a name ("Melvin Bouva MPA LLB", "Anna Schmidt MdL").
#: Compared lower-case, but only taken as such when not written as a plain capitalised word ("Ma" is a surname, "MA" a
#: degree), except "Jr." and "Sr.".
POST_NOMINALS = _word_set(
    "mp msp ms mla mep mdb mdl mdep pc qc kc obe mbe cbe phd ph.d. msc m.sc. ma mba mpa llb ll.b llm ll.m bsc bba ba"
    " bth lcs. jr. sr. ii iii"
)

#: Lower-case words that may stand inside a name ("Anne de La Tour", "Ludwig van Beethoven").
PARTICLES = _word_set(
    "de du des d' d’ van von der den da das dos di del della le la ten ter zu y e bin ben al el af av vom zum"
)

#: Lower-case particles that may open a name listed surname first ("de Coster-Bauchau Sybille", "van Dam Els").
LEADING_PARTICLES = _word_set("de du des van von di da del della dos das ten ter")
