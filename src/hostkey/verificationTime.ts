/**
 * Pinning the verification time (`--at`): an ISO 8601 date (`2025-01-01`, midnight UTC) or date
 * and time (`2025-01-01T12:00:00Z`, `…+01:00`; without an offset it is read as UTC, never as the
 * machine's local time, so that a pinned pipeline gives the same answer everywhere).
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/** The instant `text` names, or undefined when it is not an ISO 8601 date or date-time. */
export function parseVerificationTime(text: string): Date | undefined {
  const s = text.trim();
  let iso: string;
  if (ISO_DATE.test(s)) iso = `${s}T00:00:00Z`;
  else {
    const m = ISO_DATE_TIME.exec(s);
    if (!m) return undefined;
    iso = `${m[1]}T${m[2]}${m[3] ?? 'Z'}`;
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  // Reject dates that JavaScript silently rolls over (2025-02-30).
  if (ISO_DATE.test(s) && d.toISOString().slice(0, 10) !== s) return undefined;
  return d;
}
