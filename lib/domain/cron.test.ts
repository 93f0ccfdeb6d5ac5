import { describe, expect, it } from 'vitest';
import { CronError, lastDue, matchesCron, parseCron, timeZoneError } from './cron';

const at = (iso: string) => new Date(iso);

describe('parseCron', () => {
  it('refuses the wrong number of fields with the parser words the apiserver repeats', () => {
    expect(() => parseCron('bogus')).toThrow(new CronError('Expected exactly 5 fields, found 1: bogus'));
    expect(() => parseCron('61 * * * *')).toThrow('End of range (61) above maximum (59): 61');
    expect(() => parseCron('*/0 * * * *')).toThrow('Step of range should be a positive number: */0');
  });

  it('reads steps, ranges, lists, names and descriptors', () => {
    const s = parseCron('*/15 9-17 * jan,JUL mon-fri');
    expect(matchesCron(s, at('2026-01-05T09:45:00Z'))).toBe(true); // a Monday
    expect(matchesCron(s, at('2026-01-05T09:50:00Z'))).toBe(false);
    expect(matchesCron(s, at('2026-01-04T09:45:00Z'))).toBe(false); // a Sunday
    expect(matchesCron(s, at('2026-02-02T09:45:00Z'))).toBe(false);
    expect(matchesCron(parseCron('@hourly'), at('2026-03-01T05:00:00Z'))).toBe(true);
    expect(matchesCron(parseCron('@hourly'), at('2026-03-01T05:01:00Z'))).toBe(false);
  });

  it('ORs day of month and day of week when both are restricted, ANDs when one is a star', () => {
    const either = parseCron('0 0 13 * 5');
    expect(matchesCron(either, at('2026-11-13T00:00:00Z'))).toBe(true); // the 13th, a Friday
    expect(matchesCron(either, at('2026-11-20T00:00:00Z'))).toBe(true); // a Friday
    expect(matchesCron(either, at('2026-12-13T00:00:00Z'))).toBe(true); // the 13th
    expect(matchesCron(either, at('2026-11-19T00:00:00Z'))).toBe(false);
    // The parser CronJobs use knows Sunday only as 0.
    expect(() => parseCron('0 0 * * 7')).toThrow('End of range (7) above maximum (6): 7');
  });
});

describe('lastDue', () => {
  it('finds the latest due minute in (since, now] and counts the missed ones', () => {
    const s = parseCron('*/5 * * * *');
    expect(lastDue(s, at('2026-11-28T10:00:30Z'), at('2026-11-28T10:04:59Z'))).toBeUndefined();
    expect(lastDue(s, at('2026-11-28T10:00:30Z'), at('2026-11-28T10:05:00Z'))).toEqual({ at: at('2026-11-28T10:05:00Z'), missed: 0 });
    expect(lastDue(s, at('2026-11-28T10:00:00Z'), at('2026-11-28T10:17:00Z'))).toEqual({ at: at('2026-11-28T10:15:00Z'), missed: 2 });
  });
});

describe('time zones', () => {
  it("reads the schedule in the zone's wall clock, summer time included", () => {
    const nineAm = parseCron('0 9 * * *');
    // Berlin is UTC+1 in winter, UTC+2 in summer.
    expect(matchesCron(nineAm, at('2026-01-15T08:00:00Z'), 'Europe/Berlin')).toBe(true);
    expect(matchesCron(nineAm, at('2026-07-15T07:00:00Z'), 'Europe/Berlin')).toBe(true);
    expect(matchesCron(nineAm, at('2026-07-15T08:00:00Z'), 'Europe/Berlin')).toBe(false);
    expect(matchesCron(nineAm, at('2026-01-15T09:00:00Z'))).toBe(true);
    // The day of week is the zone's: 23:30 UTC Sunday is Monday 08:30 in Tokyo.
    expect(matchesCron(parseCron('30 8 * * mon'), at('2026-01-04T23:30:00Z'), 'Asia/Tokyo')).toBe(true);
    expect(lastDue(nineAm, at('2026-07-15T00:00:00Z'), at('2026-07-15T12:00:00Z'), { timeZone: 'America/New_York' })?.at).toBeUndefined();
    expect(lastDue(nineAm, at('2026-07-15T00:00:00Z'), at('2026-07-15T14:00:00Z'), { timeZone: 'America/New_York' })?.at).toEqual(at('2026-07-15T13:00:00Z'));
  });

  it('refuses unknown zones in the apiserver words', () => {
    expect(timeZoneError('Europe/Berlin')).toBeUndefined();
    expect(timeZoneError('UTC')).toBeUndefined();
    expect(timeZoneError('Etc/GMT+5')).toBeUndefined();
    expect(timeZoneError('Mars/Olympus_Mons')).toBe('unknown time zone Mars/Olympus_Mons');
    expect(timeZoneError('europe/berlin')).toBe('unknown time zone europe/berlin');
    expect(timeZoneError('../etc/passwd')).toBe('unknown time zone ../etc/passwd');
    expect(timeZoneError('Local')).toBe('timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
    expect(timeZoneError('')).toBe('timeZone must be nil or non-empty string');
  });
});
