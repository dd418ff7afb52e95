"""Pure parsers of video lengths written by people and machines: ISO 8601, clock labels and words (units and the
words announcing a length in all the audit's languages).

Every parser returns whole seconds or ``None``; none raises. Lengths of zero (live streams report ``PT0S``) and
above :data:`MAX_SECONDS` are treated as unknown rather than trusted.
"""

from __future__ import annotations

import re

from inbound_spiders.knowledge.words import video as video_words

#: Longest length taken seriously: anything above is a parsing accident or a 24/7 live stream.
MAX_SECONDS = 48 * 3600

# Digit runs are bounded so that no absurd string reaches int() (which refuses more than 4300 digits).
_ISO8601 = re.compile(
    r"""
    P(?!$)
    (?:(?P<years>\d{1,4}(?:[.,]\d{1,6})?)Y)?
    (?:(?P<months>\d{1,4}(?:[.,]\d{1,6})?)M)?
    (?:(?P<weeks>\d{1,4}(?:[.,]\d{1,6})?)W)?
    (?:(?P<days>\d{1,4}(?:[.,]\d{1,6})?)D)?
    (?:T(?=\d)
        (?:(?P<hours>\d{1,6}(?:[.,]\d{1,6})?)H)?
        (?:(?P<minutes>\d{1,6}(?:[.,]\d{1,6})?)M)?
        (?:(?P<seconds>\d{1,8}(?:[.,]\d{1,6})?)S)?
    )?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_ISO_UNITS = (
    ("years", 365 * 86400),
    ("months", 30 * 86400),
    ("weeks", 7 * 86400),
    ("days", 86400),
    ("hours", 3600),
    ("minutes", 60),
    ("seconds", 1),
)

# "50:12", "1:02:03", "00:50:12", optionally wrapped in brackets as captions do: "(12:34)", "[50:12]".
_CLOCK = re.compile(r"[(\[]?\s*(\d{1,3})(?::(\d{2}))?:(\d{2})\s*[)\]]?")

# Units and joiners in the audit's languages: "2 hours", "1 ora e 20 minuti", "12 minuten", "3 minutos e 20 segundos".
_HOUR_WORDS = r"(?:heures?|hours?|hrs?|h|stunden?|std|horas?|ore|ora|uur)"
_MINUTE_WORDS = r"(?:minut(?:es?|[io]s?|en)|minuut|mins?|mn)"
_SECOND_WORDS = r"(?:second(?:es?|s?|[io])|segundos?|seconden|sekunden?|secs?|s)"
_JOINER = r"(?:\s*(?:,|&|\bet\b|\band\b|\be\b|\ben\b|\by\b|\bund\b)\s*|\s*)"
# A number may go without its unit only after a bigger unit: "1 h 20" (minutes), "3 min 20" (seconds).
_HUMAN = re.compile(
    rf"""
    (?:(?P<h>\d{{1,2}})(?!\d)\s*(?P<hunit>{_HOUR_WORDS})\.?)?
    {_JOINER}
    (?:(?P<m>\d{{1,4}})(?!\d)\s*(?P<munit>{_MINUTE_WORDS})?\.?)?
    {_JOINER}
    (?:(?P<s>\d{{1,5}})(?!\d)\s*(?P<sunit>{_SECOND_WORDS})?\.?)?
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Searching free text (captions, badges): a run of number+unit pairs. The look-arounds keep "50 min" from matching
# inside "150 mins", "5 h" inside "5 habitants" and "5 m" (metres) at all.
_END_OF_WORD = r"(?![^\W\d_])"
_HUMAN_IN_TEXT = re.compile(
    rf"""
    (?<![\d:.,])
    (?:\d{{1,2}}\s*{_HOUR_WORDS}{_END_OF_WORD}\.?
        (?:{_JOINER}\d{{1,2}}(?:\s*{_MINUTE_WORDS}{_END_OF_WORD}\.?)?)?
        (?:{_JOINER}\d{{1,2}}\s*{_SECOND_WORDS}{_END_OF_WORD}\.?)?
      |\d{{1,4}}\s*{_MINUTE_WORDS}{_END_OF_WORD}\.?(?:{_JOINER}\d{{1,2}}(?:\s*{_SECOND_WORDS}{_END_OF_WORD}\.?)?)?
      |\d{{1,5}}\s*(?:second(?:es?|s?|[io])|segundos?|seconden|sekunden?|secs?){_END_OF_WORD}\.?)
    (?![\d:])
    """,
    re.VERBOSE | re.IGNORECASE,
)
_HAS_SMALL_UNIT = re.compile(rf"\d\s*(?:{_MINUTE_WORDS}|{_SECOND_WORDS}){_END_OF_WORD}", re.IGNORECASE)
_CLOCK_IN_TEXT = re.compile(r"(?<![\d:/.,])(?:\d{1,3}:)?\d{1,3}:\d{2}(?![\d:/])")
# Words announcing a length in every language (:mod:`inbound_spiders.knowledge.words.video`): "Durée : 50:12",
# "Duration - 1h20", "Länge des Videos: 3:20", "Duración total: 12:05", "la vidéo dure 50 minutes".
_DURATION_WORD = re.compile(
    rf"\b(?:{video_words.length_labels()})\b"
    rf"(?:\s+(?:{video_words.length_links()})\s+\w+)?\s*(?:totale?|total)?\s*[:\uff1a=\-\u2013\u2014]?\s*",
    re.IGNORECASE,
)
# Lengths that are not the video's: reading times, relative ages ("il y a 2 heures", "5 minutes ago"), clock times,
# rates ("45 minuten per meter").
_NOT_A_VIDEO_LENGTH_BEFORE = re.compile(
    r"\b(?:il y a|lecture|reading|read|publié|publiée|posted|à|at|dès|from|since|depuis"
    r"|lettura|leestijd|leitura|lesezeit|lectura|há|hace|vor|alle|om|às|um)\s*[:\uff1a\-\u2013]?\s*$",
    re.I,
)
_NOT_A_VIDEO_LENGTH_AFTER = re.compile(
    r"^\s*(?:ago|de lecture|read|reading|à pied|walk|drive|en voiture"
    r"|fa|di lettura|geleden|leestijd|lezen|de leitura|atrás|de lectura|lesezeit|lesen|per|par|pro|por)\b",
    re.I,
)


# How much text around a length is read to tell what it measures.
_CONTEXT = 40


def _bounded(seconds: float) -> int | None:
    """``seconds`` rounded to a whole number; ``None`` outside (0, ``MAX_SECONDS``]."""
    total = int(seconds + 0.5)
    return total if 0 < total <= MAX_SECONDS else None


def _number(text: str) -> float:
    """A number written with a decimal point or comma (``1,5``) as a float."""
    return float(text.replace(",", "."))


def parse_iso8601_duration(text: str | None) -> int | None:
    """Seconds in an ISO 8601 duration (``PT50M12S``, ``PT1H2M``, ``P0DT0H3M``, ``PT1M30.5S``), else ``None``.

    Lenient with what publishers write: zero-padded fields (``P00DT00H01M53S``, ``PT02M57S``), fractional seconds
    (``PT1M48.393S``), a time part without its ``P`` (``T1M02S``), lower case and inner spaces."""
    if not text or not isinstance(text, str) or len(text) > 64:
        return None
    text = text.strip().replace(" ", "")
    if text[:1] in ("T", "t"):
        text = "P" + text
    match = _ISO8601.fullmatch(text)
    if not match or not any(match.group(name) for name, _ in _ISO_UNITS):
        return None
    seconds = sum(_number(match.group(name)) * factor for name, factor in _ISO_UNITS if match.group(name))
    return _bounded(seconds)


def parse_clock_duration(text: str | None) -> int | None:
    """Seconds in a clock-style length: ``50:12`` (minutes:seconds), ``1:02:03`` (hours:minutes:seconds)."""
    if not text or not isinstance(text, str) or len(text) > 32:
        return None
    match = _CLOCK.fullmatch(text.strip())
    if not match:
        return None
    first, middle, last = match.groups()
    if middle is None:
        minutes, seconds = int(first), int(last)
        if seconds >= 60:
            return None
        return _bounded(minutes * 60 + seconds)
    hours, minutes, seconds = int(first), int(middle), int(last)
    if minutes >= 60 or seconds >= 60:
        return None
    return _bounded(hours * 3600 + minutes * 60 + seconds)


def parse_human_duration(text: str | None) -> int | None:
    """Seconds in a length written in words: ``50 min``, ``1 h 20``, ``1h20min``, ``2 hours 5 minutes``,
    ``52 minuti``, ``1 uur en 12 minuten``."""
    if not text or not isinstance(text, str) or len(text) > 64:
        return None
    match = _HUMAN.fullmatch(text.strip())
    if not match:
        return None
    hours, minutes, seconds = match.group("h"), match.group("m"), match.group("s")
    if not (hours or minutes or seconds):
        return None
    # A bare number is only a minute count after hours ("1 h 20") and a second count after minutes ("3 min 20").
    if minutes and not match.group("munit") and not hours:
        return None
    if seconds and not match.group("sunit") and not (minutes and match.group("munit")):
        return None
    if hours and minutes and int(minutes) >= 60:
        return None
    if minutes and seconds and int(seconds) >= 60:
        return None
    total = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    return _bounded(total)


def parse_duration(text: str | None) -> int | None:
    """Seconds in a label that is nothing but a length, in any of the three notations above."""
    if not text or not isinstance(text, str):
        return None
    text = text.strip()
    return parse_clock_duration(text) or parse_human_duration(text) or parse_iso8601_duration(text)


def find_duration(text: str | None, *, labelled: bool = False) -> int | None:
    """Seconds of the first video length announced in free text such as a caption, else ``None``.

    A length counts when a word announces it (``Durée : 50:12``, ``Duration 1 h 20``), when a clock stands in
    brackets (``(12:34)``), or when it is written with a minute or second unit (``50 minutes``, ``3 min 20 s``).
    Clock times (``Publié à 18:30``), bare ``18 h 30``, reading times and relative ages are refused. With
    ``labelled`` (the text sits in an element marked as a length, such as ``.duration``) a bare clock also counts.
    """
    if not text or not isinstance(text, str):
        return None
    text = text[:2000]
    if labelled:
        whole = parse_duration(_DURATION_WORD.sub("", text, count=1))
        if whole:
            return whole
    for announced in _DURATION_WORD.finditer(text):
        tail = text[announced.end() : announced.end() + 40]
        announced_length = _CLOCK_IN_TEXT.match(tail) or _HUMAN_IN_TEXT.match(tail)
        seconds = parse_duration(announced_length.group()) if announced_length else None
        if seconds:
            return seconds
    for clock in _CLOCK_IN_TEXT.finditer(text):
        before = text[max(0, clock.start() - _CONTEXT) : clock.start()].rstrip()
        after = text[clock.end() : clock.end() + _CONTEXT].lstrip()
        bracketed = before.endswith(("(", "[")) and after.startswith((")", "]"))
        if (bracketed or labelled) and not _NOT_A_VIDEO_LENGTH_BEFORE.search(before.rstrip("([ ")):
            seconds = parse_clock_duration(clock.group())
            if seconds:
                return seconds
    for human in _HUMAN_IN_TEXT.finditer(text):
        words = human.group()
        if not (labelled or _HAS_SMALL_UNIT.search(words)):
            continue
        before = text[max(0, human.start() - _CONTEXT) : human.start()]
        after = text[human.end() : human.end() + _CONTEXT]
        if _NOT_A_VIDEO_LENGTH_BEFORE.search(before) or _NOT_A_VIDEO_LENGTH_AFTER.search(after):
            continue
        seconds = parse_human_duration(words.strip())
        if seconds:
            return seconds
    return None
