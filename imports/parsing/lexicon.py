"""Every pattern and word list the readers use, in one place."""

import calendar
import re

INITIALS = r"[A-Z][A-Za-z]{0,5}(?:/[1-9][0-9]?)?"
INITIALS_RE = re.compile(rf"^{INITIALS}$")
# "Apologies: None": nobody, although "None" and "Nil" are shaped like initials.
NOBODY = re.compile(r"^(?:none|nil|n/a|nobody|no one|no apologies)\b", re.IGNORECASE)
# What the meeting's fields hold (meetings.models, members.models): longer text is
WEEKDAY_NAMES = {name.lower(): n for n, name in enumerate(calendar.day_name)}
SPEECH_VERBS = (
    "said|says|explained|reported|asked|discussed|raised|provided|spoke|mentioned|questioned|"
    "expressed|encouraged|thanked|welcomed|announced|highlighted|outlined|read|put|wanted|"
    "went|added|agreed|suggested|noted|confirmed|stated|informed|updated|showed|gave|presented|"
    "advised|commented|replied|responded|proposed|queried|felt|described|shared|stressed|"
    "emphasised|offered|requested"
)


DATE_RE = re.compile(
    r"(?:(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>[A-Za-z]+)\.?,?"
    r"(?:\s+(?P<year>\d{4}))?",
    re.IGNORECASE,
)


HEADER_KEY = re.compile(r"^\s*(DATE|TIME|LOCATION|VENUE|PLACE)\b\s*:?\s*(.*)$", re.IGNORECASE)
TABLE_HEADING = re.compile(
    r"^\s*(Init(?:ials)?|Initials)\s*(?:\t|\||\s{2,}|\s)\s*(Position(?: and Area)?|Role)\b",
    re.IGNORECASE,
)
SECTION = re.compile(
    r"^\s*(Apologies|Present|Guests?|In attendance|Minutes|Minute[- ]taker)\b\s*(:?)\s*(.*)$",
    re.IGNORECASE,
)
ITEM = re.compile(r"^\s*(\d{1,2}[a-z]?)[.)]\s+(.+)$")
DEFERRED = re.compile(r"^deferred\b.*\bnext meeting\.?$", re.IGNORECASE)
CARRIED_OVER = re.compile(r"^nothing to report\b.*carried (?:over|forward)\.?$", re.IGNORECASE)
STATES = (("deferred", DEFERRED), ("carried_over", CARRIED_OVER))
NEXT_MEETING = re.compile(r"next meeting", re.IGNORECASE)
KNOWN_LEADS = ["All", "IAG Chair", "Chair", "LPA Commander", "Vice Chair", "Secretary"]
MINUTE_TAKER = re.compile(r"\bminutes?\b|minute[- ]taker|admin support", re.IGNORECASE)
OPENER = re.compile(rf"^({INITIALS})(?=[\s–\-,:])")
OPENS_WITH_SPEECH = re.compile(rf"^{INITIALS}\s+(?:[–-]\s*)?(?i:{SPEECH_VERBS})\b")
# Capitals that speak, as "TL said": initials, though not on the attendance list
# (unlike "He said" or "All agreed").
UNKNOWN_SPEAKER = re.compile(rf"^[A-Z]{{2,4}}[a-z]?\s+(?:[–-]\s*)?(?i:{SPEECH_VERBS})\b")
# Initials followed by a verb of speech; "X said that JH spoke at..." reports what
# JH did elsewhere, so initials right after "that" are not speakers.
SPEAKER = re.compile(rf"(?<![\w/])(?<!that )({INITIALS})\s+(?i:{SPEECH_VERBS})\b")
LONGEST_INITIALS = 9  # "ABCDEF/12"
BULLETS = ("-", "•")
SENTENCE_END = tuple(".!?:;)\"'”>]")


FORMAL_HEADER = re.compile(
    r"^Minutes of the meeting of (?:the )?(?P<body>.+?) held on (?P<date>.+?)"
    r"(?: in (?P<location>.+?))?(?: at (?P<time>\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)))?\s*$",
    re.IGNORECASE,
)
FORMAL_SECTION = re.compile(
    r"^(Present|Observers|Co-opted members(?: without Voting Rights)?|Officers|Also Present|"
    r"In attendance|Apologies)\s*:\s*(.*)$",
    re.IGNORECASE,
)
MINUTE_REF = re.compile(r"^([A-Z]{2,10})(\d{1,4})\b\s*(.*)$")
SUBHEADING = re.compile(r"^(?:-\s*)?\(([a-z])\)\s+(?:\*\*)?([A-Z][^.;:]*?)(?:\*\*)?$")
HONORIFICS = (
    r"(?:Chief Inspector|Inspector|Superintendent|Supt|Chief Superintendent|Parish Councillors?|"
    r"Councillors?|Cllr|Dr|Mr|Mrs|Ms|Miss|Professor|Prof|Sergeant|Sgt)"
)
EXCLUSION = re.compile(r"public and press be excluded|Schedule 12A", re.IGNORECASE)
CLOSED = re.compile(r"closed the meeting at (\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm))", re.IGNORECASE)
