"""Parses an .ics file with Python's icalendar (an independent parser) and prints what it read
as JSON, for the Rust test of Qunzhu's birthday export: python3 ics-check.py FILE"""
import json
import sys

import icalendar

with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
events = []
for e in cal.walk("VEVENT"):
    start = e.decoded("DTSTART")
    events.append({
        "uid": str(e.get("UID")),
        "summary": str(e.get("SUMMARY")),
        "start": start.isoformat(),
        "all_day": not hasattr(start, "hour"),
        "rrule": e.get("RRULE").to_ical().decode() if e.get("RRULE") else None,
        "stamp_utc": e.decoded("DTSTAMP").utcoffset().total_seconds() == 0,
        "alarms": [int(a.decoded("TRIGGER").total_seconds()) for a in e.walk("VALARM")],
    })
print(json.dumps({"prodid": str(cal.get("PRODID")), "events": events}, ensure_ascii=False))
