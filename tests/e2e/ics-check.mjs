// Parses an .ics file with ical.js (an independent parser) and prints what it read as JSON,
// for the Rust test of Qunzhu's birthday export: node ics-check.mjs FILE
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const comp = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
const events = comp.getAllSubcomponents("vevent").map((v) => {
  const e = new ICAL.Event(v);
  const rrule = v.getFirstPropertyValue("rrule");
  return {
    uid: e.uid,
    summary: e.summary,
    start: e.startDate.toString(),
    all_day: e.startDate.isDate,
    rrule: rrule ? rrule.toString() : null,
    stamp_utc: v.getFirstPropertyValue("dtstamp").zone === ICAL.Timezone.utcTimezone,
    alarms: v.getAllSubcomponents("valarm").map((a) => a.getFirstPropertyValue("trigger").toSeconds()),
  };
});
console.log(JSON.stringify({ prodid: comp.getFirstPropertyValue("prodid"), events }));
