"""Every pattern and word list the readers use, in one place."""

import calendar
import re

INITIALS = r"[A-Z][A-Za-z]{0,5}(?:/[1-9][0-9]?)?"
INITIALS_RE = re.compile(rf"^{INITIALS}$")
# "Apologies: None": nobody, although "None" and "Nil" are shaped like initials.
NOBODY = re.compile(r"^(?:none|nil|n/a|nobody|no one|no apologies)\b", re.IGNORECASE)
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
    r"Councillors?|Cllr|Dr|Mr|Mrs|Ms|Miss|Professor|Prof|Sergeant|Sgt|"
    r"Ch\.? ?Insp|Insp|PCSO|PC|DCI|DC|DS|DI|Revd|Rev|Cmdr|Ch\.? ?Supt)"
)
EXCLUSION = re.compile(r"public and press be excluded|Schedule 12A", re.IGNORECASE)
CLOSED = re.compile(r"closed the meeting at (\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm))", re.IGNORECASE)


# --- Any other layout (general.py): the words real minutes of many bodies use ----------

NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        [
            "no",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
NUMERIC_DATE = re.compile(r"(?<![\d/.])(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?![\d/.])")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MONTH_FIRST_DATE = re.compile(r"\b([A-Z][a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b")
TIME_IN_TEXT = re.compile(
    r"(?<![\d/.])(\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d{2}(?:\s*hrs)?|"
    r"\d{2}\.\d{2}\s*hrs|\d{4}\s*hrs)"
    r"(?:\s*(?:-|–|—|to|until)\s*(\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|hrs)?))?",
    re.IGNORECASE,
)
MEETING_WORDS = re.compile(
    r"\b(?:minutes|meeting|agenda|present|attendees|apologies|notes of)\b", re.IGNORECASE
)
# Where the title sentence says the meeting was: "..., Virtually online via Zoom".
PLACE_IN_TITLE = re.compile(
    r"(?:^|\bheld\s+(?:at|in)\s+|\bat\s+(?=[A-Z])|\bin\s+(?=the\s+[A-Z]|[A-Z])|,\s*)"
    r"(?P<place>(?:[A-Z]|the\s+[A-Z]|via\b|online\b|virtual)[^,]*(?:,\s*[A-Z][^,]*)*)$",
)
ONLINE = re.compile(r"\b(?:zoom|teams|virtual(?:ly)?|online|skype|webex)\b", re.IGNORECASE)
ATTENDANCE_HEADING = re.compile(
    r"^(?:\#{1,4}\s*)?(?P<section>Present|Attendees|Attendance|Those present|Members present|"
    r"Councillors present|Members|Councillors|In attendance|Also present|Also in attendance|"
    r"Chair(?:man|person)?|Vice[- ]Chair(?:man)?|Officials|Officers|Police(?: officers)?|"
    r"Partners|Observers|Co-opted(?: members)?|Guests?|Clerk|Minute[- ]?taker|"
    r"Apologies(?: for absence)?|Apologies received|Absent)"
    r"\s*(?::|\s[-–]\s|$)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
APOLOGY_SECTIONS = {"apologies", "apologies for absence", "apologies received"}
APOLOGIES_SENTENCE = re.compile(
    r"^(?:Apologies(?: for absence)?\s+(?:were|was|had been|have been)\s+"
    r"(?:received|given|sent|noted|tendered|accepted)\s+(?:from|by|for)\s+"
    r"|Apologies (?:were )?received from\s+|Apologies from\s+)(?P<names>.+?)\.?$",
    re.IGNORECASE,
)
NO_APOLOGIES = re.compile(
    r"^(?:There were no apologies|No apologies (?:were|had been) received|"
    r"No apologies|Apologies\s*:?\s*(?:None|Nil)(?: received)?)\.?$",
    re.IGNORECASE,
)
PUBLIC_COUNT = re.compile(
    r"\b(?P<count>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|no)\s+"
    r"members? of (?:the )?public\b",
    re.IGNORECASE,
)
ROLE_IN_BRACKETS = re.compile(r"\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
# "Cllr A Smith Cllr B Jones": a title starts the next person.
BEFORE_A_TITLE = re.compile(
    rf"(?<!\bCh)(?<!\bCh\.)(?<!\bChief)(?<!\bParish)(?<!\bDet)\s+(?={HONORIFICS}\.?\s+[A-Z])"
)
PLACE_BEFORE_DATE = re.compile(r"\b(?i:held)\s+(?:at|in)\s+(?P<place>[A-Z][^,]*?)\s+on\b")
ROLE_WORDS = re.compile(
    r"^(?:Clerk|Chair(?:man)?|Vice[- ]Chair|Secretary|Treasurer|Minute[- ]taker|Minutes|RFO|"
    r"Parish Clerk|Deputy Clerk)$",
    re.IGNORECASE,
)
ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{0,3}))"
NUMBERED_ITEMS = (
    # "Item 1", "Agenda item 4a:", "Minute 12 -"
    re.compile(
        r"^(?:Agenda\s+)?(?:Item|Minute)\s+(?P<number>\d{1,3}[a-z]?)\b[.:)\-–]?\s*(?P<title>.*)$",
        re.I,
    ),
    # "107/20 Finance", "107/2020."
    re.compile(r"^(?P<number>\d{1,4}/\d{2,4})[.:]?\s+(?P<title>\S.*)$"),
    # "SMK25 ELECTION OF CHAIR", "PC12. Planning"
    re.compile(r"^(?P<number>[A-Z]{2,6}\d{1,4})[.:]?(?:\s+(?P<title>[A-Z][A-Za-z ,&'/()-]*))?$"),
    # "1.", "1)", "3a.", "3a)", "4.2", "10 Any other business"
    re.compile(
        r"^(?P<number>\d{1,2}(?:\.\d{1,2})?[a-z]?)(?:\s?[.)]|:|\s[-–])?\s+(?P<title>[A-Z\"'‘“(].*)$"
    ),
    # "IV. Finance", "ii) Minutes"
    re.compile(
        rf"^(?P<number>{ROMAN}|(?i:x{{0,3}}(?:ix|iv|v?i{{0,3}})))[.)]\s+(?P<title>[A-Z].*)$"
    ),
    # "(a) Victims First", "a) Victims First"
    re.compile(r"^(?P<number>\(?[a-z]\))\s+(?P<title>[A-Z].*)$"),
)
MARKDOWN_HEADING = re.compile(r"^#{1,4}\s+(?P<title>.+?)\s*#*$")
BOLD_HEADING = re.compile(r"^\*\*(?P<title>[^*]+?)\*\*:?$")
# "... closed at 8.30pm. 108/20 FINANCE": a reference a PDF export ran on.
RUN_ON_REFERENCE = re.compile(
    r"(?<=[.!?])\s+(?P<number>\d{1,4}/\d{2,4})\s+(?P<title>[A-Z][A-Z ,&'/-]{3,})$"
)
DECISIONS = re.compile(
    r"^(?:(?:It was\s+)?(?:RESOLVED|Resolved|resolved|DECISION|Decision|AGREED|Agreed)\b"
    r"\s*[:\-–]?\s*"
    r"|It was (?:unanimously\s+)?(?:agreed|resolved|decided)\b"
    r"|(?i:(?:It was\s+)?Proposed by\b.+?\bseconded by\b))",
)
ACTION_LINE = re.compile(
    r"^(?:ACTIONS?|Actions?)\s*(?:[:\-–—]|by\b)\s*(?P<text>.+)$"
    r"|^(?P<ref>\d{1,4}[-.]\d{1,3})\s*[:\-–]\s*(?P<reftext>.+)$"
)
ACTION_TABLE_HEADING = re.compile(
    r"^\s*\|?\s*(?:No\.?\s*(?:\t|\||\s{2,})\s*)?(?:Owner|Who|Action by|Lead)\s*(?:\t|\||\s{2,})"
    r"|^\s*\|?\s*(?:No\.?\s*(?:\t|\||\s{2,})\s*)?Action\s*(?:\t|\||\s{2,})\s*(?:Owner|Who|By)\b",
    re.IGNORECASE,
)
INITIALS_COLUMN = re.compile(r"^(?:Init(?:ials)?\.?)$", re.IGNORECASE)
NAME_COLUMN = re.compile(r"^(?:Name|Full name|Attendee)$", re.IGNORECASE)
ROLE_COLUMN = re.compile(
    r"^(?:Position(?: and Area)?|Role|Organisation|Organization|Org|Agency|Representing|Title)$",
    re.IGNORECASE,
)
# Page furniture of a converted PDF.
PAGE_MARK = re.compile(
    r"^(?:Page\s+\d+(?:\s+of\s+\d+)?|-?\s*\d{1,3}\s*-?|\d+\s*/\s*\d+|\[\s*Scanned page[^\]]*\])$",
    re.IGNORECASE,
)
HEADER_FIELD = re.compile(
    r"^(?P<key>Date(?: of (?:the )?meeting)?|Time|Location|Venue|Place|Where|When|Held at)"
    r"\s*[:\-–]\s*(?P<value>.+)$",
    re.IGNORECASE,
)
MEETING_ENDED = re.compile(
    r"\b(?:meeting (?:closed|ended|finished|concluded)|closed the meeting)\s+at\s+"
    r"(\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|hrs)?)",
    re.IGNORECASE,
)
ACTION_BY = re.compile(
    rf"^(?P<who>(?:{HONORIFICS}\.?\s+)?(?:The\s+)?[A-Z][\w'/-]*(?:\s+[A-Z][\w'-]*){{0,2}})\s+"
    r"(?:agreed to|is to|to|will|was asked to|has been asked to|offered to|undertook to)\s+"
    r"(?!be\b)[a-z]"
)
# A formal minute reference on its own or before a title: "SMK25", "SMK25 ELECTION OF CHAIR".
FORMAL_REF = re.compile(r"^[A-Z]{2,10}\d{1,4}(?:\s+[A-Z][A-Z ,&'()/-]+)?$")
PLURAL_TITLE = re.compile(r"^(Cllrs|Councillors|Parish Councillors)\.?\s+(.+)$")
