/** Used when the webview lacks Intl.supportedValuesOf (older WebKitGTK). */
const FALLBACK_TIME_ZONES = [
  "UTC",
  "Africa/Cairo", "Africa/Johannesburg", "Africa/Lagos", "Africa/Nairobi",
  "America/Anchorage", "America/Bogota", "America/Chicago", "America/Denver", "America/Halifax",
  "America/Los_Angeles", "America/Mexico_City", "America/New_York", "America/Phoenix",
  "America/Santiago", "America/Sao_Paulo", "America/St_Johns", "America/Toronto",
  "Asia/Bangkok", "Asia/Dhaka", "Asia/Dubai", "Asia/Hong_Kong", "Asia/Jakarta", "Asia/Jerusalem",
  "Asia/Karachi", "Asia/Kathmandu", "Asia/Kolkata", "Asia/Manila", "Asia/Riyadh", "Asia/Seoul",
  "Asia/Shanghai", "Asia/Singapore", "Asia/Tehran", "Asia/Tokyo",
  "Atlantic/Reykjavik", "Australia/Adelaide", "Australia/Brisbane", "Australia/Perth", "Australia/Sydney",
  "Europe/Amsterdam", "Europe/Athens", "Europe/Berlin", "Europe/Brussels", "Europe/Dublin",
  "Europe/Helsinki", "Europe/Istanbul", "Europe/Lisbon", "Europe/London", "Europe/Madrid",
  "Europe/Moscow", "Europe/Paris", "Europe/Rome", "Europe/Stockholm", "Europe/Vienna", "Europe/Warsaw",
  "Europe/Zurich", "Pacific/Auckland", "Pacific/Honolulu",
];

/** Every IANA time zone name the webview knows (with "UTC" first), or a fallback list. */
export function timeZoneNames(): string[] {
  let names: string[] = [];
  try {
    const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
    names = intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    names = [];
  }
  if (names.length === 0) names = FALLBACK_TIME_ZONES;
  return ["UTC", ...names.filter((n) => n !== "UTC")];
}
