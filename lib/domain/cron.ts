// Standard five-field cron schedules as Kubernetes CronJobs and Karpenter's disruption budgets
// read them (both use robfig/cron's standard parser: minute hour day-of-month
// month day-of-week; lists, ranges, steps, month and weekday names, `?`, and the @hourly-style
// descriptors), with the parser's own error words, which the apiserver repeats in its 422.
// Times are UTC unless a time zone is given (a CronJob's spec.timeZone, an IANA name): then the
// schedule's fields are read as that zone's wall clock.

export class CronError extends Error {}

interface FieldSpec {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export interface CronSchedule {
  fields: Set<number>[];
  /** Day-of-month or day-of-week was `*` / `?`: then both must match, otherwise either. */
  domStar: boolean;
  dowStar: boolean;
}

function number(text: string, spec: FieldSpec): number {
  const named = spec.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(text)) throw new CronError(`Failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`);
  return Number(text);
}

function parseField(text: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined) throw new CronError(`Too many slashes: ${part}`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      [lo, hi] = [spec.min, spec.max];
    } else {
      const bounds = range.split('-');
      if (bounds.length > 2) throw new CronError(`Too many hyphens: ${range}`);
      lo = number(bounds[0], spec);
      hi = bounds.length === 2 ? number(bounds[1], spec) : stepText !== undefined ? spec.max : lo;
    }
    const step = stepText === undefined ? 1 : number(stepText, { min: 0, max: 0 });
    if (lo < spec.min) throw new CronError(`Beginning of range (${lo}) below minimum (${spec.min}): ${part}`);
    if (hi > spec.max) throw new CronError(`End of range (${hi}) above maximum (${spec.max}): ${part}`);
    if (lo > hi) throw new CronError(`Beginning of range (${lo}) beyond end of range (${hi}): ${part}`);
    if (step === 0) throw new CronError(`Step of range should be a positive number: ${part}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseCron(schedule: string): CronSchedule {
  const text = schedule.trim();
  const expanded = DESCRIPTORS[text] ?? text;
  if (expanded.startsWith('@')) throw new CronError(`Unrecognized descriptor: ${expanded}`);
  const parts = expanded.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) throw new CronError(`Expected exactly 5 fields, found ${parts.length}: ${schedule}`);
  const fields = parts.map((p, i) => parseField(p, FIELDS[i]));
  return { fields, domStar: parts[2] === '*' || parts[2] === '?', dowStar: parts[4] === '*' || parts[4] === '?' };
}

interface WallClock {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

const utcClock = (t: Date): WallClock => ({ minute: t.getUTCMinutes(), hour: t.getUTCHours(), day: t.getUTCDate(), month: t.getUTCMonth() + 1, weekday: t.getUTCDay() });

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneClock(timeZone: string): (t: Date) => WallClock {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  const format = f;
  return (t) => {
    const parts: Record<string, string> = {};
    for (const p of format.formatToParts(t)) parts[p.type] = p.value;
    return { minute: Number(parts.minute), hour: Number(parts.hour), day: Number(parts.day), month: Number(parts.month), weekday: WEEKDAYS[parts.weekday] };
  };
}

/**
 * Why a CronJob's spec.timeZone is refused, in the apiserver's words, or undefined when it is a
 * time zone the controller can load. Names are looked up as given (Go's loader is case-sensitive).
 */
export function timeZoneError(timeZone: string): string | undefined {
  if (timeZone === '') return 'timeZone must be nil or non-empty string';
  const unknown = `unknown time zone ${timeZone}`;
  if (timeZone.split('/').some((part) => part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part))) return unknown;
  if (timeZone.toLowerCase() === 'local') return 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return unknown;
  }
  const known = new Set<string>([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC', 'GMT']);
  return known.has(timeZone) || knownAlias(timeZone) ? undefined : unknown;
}

/** An alias ICU accepts (Asia/Calcutta) is fine only when it is spelled as the tz database spells it. */
function knownAlias(timeZone: string): boolean {
  return /^[A-Z][A-Za-z_+\-0-9]*(\/[A-Z0-9][A-Za-z_+\-0-9]*)*$/.test(timeZone) || /^Etc\/GMT[+-]\d{1,2}$/.test(timeZone);
}

export function matchesCron(s: CronSchedule, t: Date, timeZone?: string): boolean {
  return matchesClock(s, timeZone ? zoneClock(timeZone)(t) : utcClock(t));
}

function matchesClock(s: CronSchedule, c: WallClock): boolean {
  const [minute, hour, dom, month, dow] = s.fields;
  if (!minute.has(c.minute) || !hour.has(c.hour) || !month.has(c.month)) return false;
  const domOk = dom.has(c.day);
  const dowOk = dow.has(c.weekday);
  return s.domStar || s.dowStar ? domOk && dowOk : domOk || dowOk;
}

const MINUTE = 60_000;

/**
 * The most recent scheduled minute after `since` and at or before `now`, and how many were
 * missed in between (the controller starts only the latest). Undefined when none is due.
 */
export function lastDue(s: CronSchedule, since: Date, now: Date, opts: { timeZone?: string; maxMinutes?: number } = {}): { at: Date; missed: number } | undefined {
  const maxMinutes = opts.maxMinutes ?? 60 * 24 * 400;
  const clock = opts.timeZone ? zoneClock(opts.timeZone) : utcClock;
  let t = Math.floor(since.getTime() / MINUTE) * MINUTE + MINUTE;
  const end = Math.min(now.getTime(), t + maxMinutes * MINUTE);
  let found: number | undefined;
  let missed = 0;
  for (; t <= end; t += MINUTE) {
    if (!matchesClock(s, clock(new Date(t)))) continue;
    if (found !== undefined) missed++;
    found = t;
  }
  return found === undefined ? undefined : { at: new Date(found), missed };
}
