// The clinic's wall clock for suites that book "today": a time zone whose clock reads late
// morning now, whenever the suite runs, so bookings fall inside working hours.

const ZONES = [
  "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Denver", "America/Chicago",
  "America/New_York", "America/Halifax", "America/Sao_Paulo", "UTC", "Europe/Berlin", "Europe/Athens",
  "Europe/Moscow", "Asia/Dubai", "Asia/Karachi", "Asia/Dhaka", "Asia/Bangkok", "Asia/Shanghai", "Asia/Tokyo",
  "Australia/Brisbane", "Pacific/Auckland",
];

/** The date, hour and minute on `zone`'s wall clock at `when`. */
export function wallClock(zone, when = new Date()) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(when)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** The zone whose clock is nearest 11:00 now. */
export function clinicZoneNearLateMorning() {
  return ZONES.map((z) => ({ z, h: wallClock(z).hour + wallClock(z).minute / 60 }))
    .sort((a, b) => Math.abs(a.h - 11) - Math.abs(b.h - 11))[0].z;
}
