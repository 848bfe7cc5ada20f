"""Reading a timeline written in words ("June 2023", "September 2024 to March 2025",
"2024/25 Q3", "When post is recruited to") into an activity's timeline fields, and back: the
XLSX import and the demo data read Thurrock-style plans through it, and the export writes
`Activity.timeline_words`, which reads back the same. What is not a date is kept as a
condition in words: a date is never made up."""

import datetime
import re

from .models import Activity

MONTHS = {
    name.lower(): number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DAY_DATE = re.compile(rf"^(\d{{1,2}}) ({_MONTH}) (\d{{4}})$", re.I)
_MONTH_DATE = re.compile(rf"^({_MONTH}) (\d{{4}})$", re.I)
_QUARTER = re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")
# "<condition> (by June 2023 at the latest)", maybe followed by " – <note>" as
# Activity.timeline_words writes it: the note is split off only after "at the latest)".
_LATEST = re.compile(r"^(.*) \(by (.+?) at the latest\)(?:\s+[–-]\s+(.*))?$")
# Words around a date that do not change it: "By March 2023", "End of March 2025".
_LEADING = re.compile(r"^(?:by|end of|between|from)\s+", re.I)
_NOTE = re.compile(r"\s+[–-]\s+|\s+\(")


def _date(words: str) -> tuple[datetime.date, str] | None:
    words = _LEADING.sub("", words.strip().rstrip(".")).strip()
    if match := _DAY_DATE.match(words):
        day, month, year = match.groups()
        try:
            return datetime.date(int(year), MONTHS[month.lower()], int(day)), "day"
        except ValueError:
            return None
    if match := _MONTH_DATE.match(words):
        month, year = match.groups()
        return datetime.date(int(year), MONTHS[month.lower()], 1), "month"
    return None


def _split_note(text: str) -> tuple[str, str]:
    """("September 2024 onwards", "") or ("End of March 2025", "there should be …")."""
    match = _NOTE.search(text)
    if not match:
        return text, ""
    note = text[match.end() :].strip()
    if match.group().strip() == "(":
        note = note.removesuffix(")").strip()
    return text[: match.start()].strip(), note


def _dated(head: str) -> dict | None:
    """The fields for a date, a range or a quarter written in `head`, or None."""
    if match := _QUARTER.match(head):
        year, _, number = match.groups()
        return {"timeline": "quarter", "quarter_year": int(year), "quarter_number": int(number)}
    if (found := _date(head)) is not None:
        return {"timeline": "date", "target_date": found[0], "precision": found[1]}
    lowered = head.lower()
    if lowered.endswith(" onwards") and (found := _date(head[: -len(" onwards")])) is not None:
        return {"timeline": "range", "starts_on": found[0], "ends_on": None, "precision": found[1]}
    for joint in (" to ", " and ", " - ", " – "):
        if joint in head:
            start, _, end = head.partition(joint)
            first, last = _date(start), _date(end)
            if first and last and first[1] == last[1] and last[0] >= first[0]:
                return {
                    "timeline": "range",
                    "starts_on": first[0],
                    "ends_on": last[0],
                    "precision": first[1],
                }
    return None


def parse_timeline(text: str) -> dict:
    """The activity timeline fields that `text` says, with nothing invented."""
    text = " ".join(str(text or "").split())
    fields = {
        "timeline": Activity.Timeline.CONDITION,
        "precision": Activity.Precision.DAY,
        "target_date": None,
        "starts_on": None,
        "ends_on": None,
        "quarter_year": None,
        "quarter_number": None,
        "condition": "",
        "latest_date": None,
        "timeline_note": "",
    }
    if not text:
        return fields
    if (dated := _dated(text)) is not None:
        return fields | dated
    head, note = _split_note(text)
    if (dated := _dated(head)) is not None:
        return fields | dated | {"timeline_note": note}
    if (match := _LATEST.match(text)) and (found := _date(match.group(2))) is not None:
        return fields | {
            "condition": match.group(1),
            "latest_date": found[0],
            "precision": found[1],
            "timeline_note": match.group(3) or "",
        }
    # Not cut to the fields' lengths: the import reports an over-long timeline as a problem.
    return fields | {"condition": text}
