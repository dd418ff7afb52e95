"""English words the audit reads: calls to action (:mod:`.cta`), team pages (:mod:`.team`), participation counters
(:mod:`.participation`) and video lengths (:mod:`.video`) (see :mod:`.fr` for the conventions)."""

from __future__ import annotations

_EVENT_NOUNS = r"(?:meeting|event|rally|town hall|webinar|conference|workshop|forum|canvass)"

CTA: dict[str, tuple[str, ...]] = {
    "petition": (
        r"^(?:the |our )?petition\W*$",
        r"\bsign(?:ing)?\s+(?:our |the |this |my )?(?:petition|pledge|open letter)\b",
        r"\bsign now\b",
        r"\badd your name\b",
    ),
    "app_download": (
        r"\bapp ?store\b",
        r"\bgoogle play\b",
        r"\bplay store\b",
        r"\bget it on\b",
        r"\b(?:download|install|get)\s+(?:the |our |the free )?(?:app|application)\b",
        r"\bmobile apps?\b",
        r"^our apps?\b",
    ),
    "donate": (
        r"\bdonat(?:e|es|ion|ions)\b",
        r"\bchip in\b",
        r"\bgive (?:now|today|monthly|once|online)\b",
        r"\bmake a (?:gift|donation|contribution)\b",
        r"^contribute(?: now| today| here)?$",
        r"\bcontribute (?:now|today|here|online|\$)",
        r"\bways to (?:give|support us)\b",
        r"^support us\b",
    ),
    "newsletter": (
        r"\bnews ?letters?\b",
        r"\bmailing ?list\b",
        r"\be-?mail[- ](?:list|updates|alerts)\b",
        r"\bsubscribe\b",
        r"\bsign up (?:for|to) (?:our |email |the )?(?:updates|emails|news|newsletter|mailing)",
        r"\bget (?:email |our )?updates\b",
        r"\bstay (?:informed|updated|in the loop)\b",
        r"\bkeep me (?:informed|updated|posted)\b",
    ),
    "event": (
        r"\bevents?\b",
        r"\bmeetings\b",
        r"\brsvp\b",
        rf"\b(?:register|sign up|join us)\b[^.]{{0,25}}\b{_EVENT_NOUNS}s?\b",
        r"\bregister (?:now|here|to attend)\b",
        r"\bget (?:your )?tickets?\b",
        r"\bbook (?:your|a) (?:seat|place|ticket)\b",
    ),
    "volunteer": (
        r"\bjoin\b",
        r"\bget involved\b",
        r"^volunteer",
        r"\bto volunteer\b",
        r"\bvolunteering\b",
        r"\bvolunteer (?:with|for|now|today|here|sign|form|role|opportunit)",
        r"\bbecome a (?:member|volunteer|supporter)\b",
        r"\btake action\b",
    ),
    "download": (r"\bdownload(?:s|able)?\b", r"\bdownload (?:the|our|your|a|it|here|now)\b"),
    "contact": (
        r"\bcontacts?\b",
        r"\bwrite to (?:us|the editors?)\b",
        r"\bget in touch\b",
        r"\bemail us\b",
    ),
}

CTA_TRIGGERS = (
    "petition sign add app google play get download install mobile donat chip give make contribut ways support"
    " news mail email upd subscri stay keep event meeting rsvp regist join ticket book involv volunt become action"
    " contact write touch"
)

#: Submit labels of a form that signs an e-mail address up (with an e-mail field: a mailing list).
SIGN_UP_BUTTONS: tuple[str, ...] = (
    r"\bsign ?up\b",
    r"\bsign me up\b",
    r"\bregister\b",
    r"\bgo\b",
    r"\bsend\b",
    r"\bsubmit\b",
    r"\bjoin\b",
    r"\bok\b",
)

#: Words of form fields, submit labels and markup (folded or lowercase), by what they reveal: a ``message`` box (a
#: contact form), an ``email`` field, a ``password`` (a log-in), an ``amount`` (a donation), ``volunteer`` questions
#: (availability, skills), and ``search`` or ``login`` forms (in their class, id or action).
FORM_WORDS: dict[str, str] = {
    "message": r"message|question|request|enquir|inquir",
    "email": r"e-?mail|\bmail\b",
    "password": r"password",
    "amount": r"amount|donation|\bgift\b",
    "search": r"search",
    "login": r"login|log-in|signin|sign-in",
    "volunteer": (
        r"availability|available|skill|volunt|\bactions?\b|time (?:you|to give)|hours? (?:per|a) "
        r"|door ?knock|phone ?bank"
    ),
}

CTA_PATHS: dict[str, str] = {
    "donate": "donate donation donations give",
    "newsletter": "newsletter newsletters subscribe",
    "volunteer": "volunteer volunteers join join-us get-involved take-action",
    "contact": "contact contacts contact-us contactus",
    "event": "events meetings rsvp",
    "download": "downloads download",
    "petition": "petition petitions sign-the-petition",
}

NOT_CTA: dict[str, tuple[str, ...]] = {
    "read_more": (
        r"read more|read the rest|continue reading|learn more|see more|more|more info|details?|next|previous"
        r"|older (?:posts|entries)|newer (?:posts|entries)|(?:previous|next) (?:post|article|story|entry)",
    ),
    "jobs": (
        r"\bjobs?\b|\bcareers?\b|\bwork (?:with|for) us\b|\bjoin (?:our|the) (?:team|staff)\b|\bvacanc\w*",
        r"\binterns?hips?\b",
    ),
    "accounts": (
        r"\bcreate (?:an |your )?account\b|\byour account\b|\bmy account\b|\blog ?in\b|\bsign ?in\b|^sign ?up\W*$"
        r"|^register\W*$",
    ),
    "comments": (r"\bjoin (?:the|this) (?:discussion|conversation|debate)\b|\bleave a (?:comment|reply)\b",),
    "not_donate": (r"\borgan donation\b",),
}

NOT_CTA_TARGETS: dict[str, str] = {
    "jobs": "jobs job careers career vacancies hiring recruitment employment internships",
    "accounts": "account accounts login signin myaccount",
    "subscriptions": "subscriptions premium shop store",
}
# --- team pages: read by :mod:`.team` --------------------------------------------------------------------------------

TEAM_TITLES: tuple[tuple[str, str], ...] = (
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
)

LISTING_TITLES: str = (
    r"members(?: of (?:the )?(?:parliament|assembly|council|congress|board|house))?|mps|meps|councill?ors"
    r"|representatives|senators|our (?:councill?ors|mps|representatives)"
)

LISTING_LEADS: str = r"list of|the|our|all"

TEAM_TITLE_STEMS: str = (
    "team, chart, who we, about, leader, board, trustee, staff, people, manage, founder, member, mps, meps,"
    " councill, councilor, representative, senator"
)

TEAM_URL_WORDS: str = "team teams staff leadership founders orgchart governance members councillors councilors mps"

TEAM_URL_SEGMENTS: str = "about about-us aboutus who-we-are whoweare people board trustees our-people"

TEAM_NOT_NAME_WORDS: str = """
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
    """

HONORIFICS: str = "mr mr. mrs mrs. ms ms. sir dame dr dr. prof. hon. rt. rev. cllr cllr."


# --- participation counters: read by :mod:`.participation` ------------------------------------------------------------

PARTICIPATION_COUNTERS: dict[str, str] = {
    "participants": (
        "participants participant contributors contributor members member users people citizens "
        "voters signatories signers supporters signatures"
    ),
    "contributions": "contributions contribution",
    "proposals": "ideas idea proposals proposal",
    "discussions": "debates debate posts post messages message discussions discussion replies",
    "topics": "threads thread topics topic",
    "comments": "comments comment arguments argument",
    "votes": "votes vote supports support likes like upvotes",
}

PARTICIPANT_EVIDENCE: str = "participant contributor voter signatorie signer"

COUNTER_LEAD_IN_WORDS: str = "number of the all total"

COUNTER_TOTAL_WORDS: str = "total"

SIGNATURE_WORDS: str = "signatures signatories signers supporters signed"

PETITION_PHRASES: str = r"petition|sign (?:now|here|up to support)"

PETITION_STEMS: str = "petition sign"

PARTICIPATION_SPACE_PHRASES: str = (
    r"ideas? box|suggestion box|share your ideas|submit your ideas|vote for (?:the best|your favou?rite) ideas|"
    r"participatory budget(?:ing)?|citizens?'? consultation|idea board|ideas portal"
)

PARTICIPATION_SPACE_STEMS: str = "idea suggestion particip consultation"

PARTICIPATION_ACTION_CUES: str = (
    r"(?:submit|share|add|post) (?:an|your|my|a new) idea|vote|upvote|support this|contribute"
)

NUMBER_MULTIPLIERS: dict[str, int] = {
    "k": 1_000,
    "m": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "billions": 10**9,
}


# --- video lengths: read by :mod:`.video` -----------------------------------------------------------------------------

VIDEO_LENGTH_LABELS: str = r"duration|length|runtime|run time|running time"

VIDEO_LENGTH_LINKS: str = r"of the|of"

VIDEO_HOUR_WORDS: str = r"hours|hour|hrs|hr|h"

VIDEO_MINUTE_WORDS: str = r"minutes|minute|mins|min"

VIDEO_SECOND_WORDS: str = r"seconds|second|secs|sec|s"

#: Words joining the parts of a length ("2 horas y 14 minutos", "1 Stunde und 5 Minuten").
VIDEO_UNIT_JOINERS: str = r"and"

#: Words just before a length that make it something else: a reading time, a relative age, a clock time.
VIDEO_NOT_LENGTH_BEFORE: str = r"reading|read|posted|at|from|since"

#: Words just after a length that make it something else: a reading time ("4 min de lectura"), a rate ("per meter").
VIDEO_NOT_LENGTH_AFTER: str = r"ago|read|reading|walk|drive|per"


# --- follow invitations: read by :mod:`.follow` ----------------------------------------------------------------------

FOLLOW_WORDING: str = r"follow|find us|join us|connect with|like us"

#: A link's label or a heading over profile links that invites to follow (folded: lowercase, no accents; each
#: alternative matched as whole words): the profile links under it are follow buttons.
FOLLOW_LABELS: str = r"follow|subscribe|like us|find us on|social (?:media|networks)|connect with us|on social"

# --- language identification: read by :mod:`.identification` ------------------------------------------------------

#: ISO 639-2 codes and names (folded) some pages declare instead of ``en``.
LANGUAGE_NAMES: str = "eng english"

#: The most frequent function words: text detected as this language must use them.
FUNCTION_WORDS: str = (
    "the and of to a in is that for it on with as are be this was by you at from or have not we "
    "our an will can your they their"
)
