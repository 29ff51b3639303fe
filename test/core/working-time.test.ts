import { describe, expect, it } from 'vitest';
import { countryOfLocale, isPublicHoliday } from '../../src/core/holidays.ts';
import {
  addWorkingDays,
  firstWorkingDayAfterHolidays,
  intoWorkingHours,
  isWorkingMoment,
  nextWorkingDayAt,
} from '../../src/core/working-time.ts';
import { at, settingsIn } from './fixtures.ts';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const NINE = { hour: 9, minute: 0 };

describe('isWorkingMoment', () => {
  it.each([BERLIN, NEW_YORK])(
    'in %s, working hours run 09:00 to 18:00 on weekdays, both ends included',
    (zone) => {
      const s = settingsIn(zone);
      expect(isWorkingMoment(at('2026-12-04T09:00', zone), s)).toBe(true);
      expect(isWorkingMoment(at('2026-12-04T18:00', zone), s)).toBe(true);
      expect(isWorkingMoment(at('2026-12-04T08:59', zone), s)).toBe(false);
      expect(isWorkingMoment(at('2026-12-04T18:01', zone), s)).toBe(false);
      expect(isWorkingMoment(at('2026-12-05T12:00', zone), s)).toBe(false); // Saturday
    },
  );

  it('reads the hour in the member’s zone, not UTC: 08:00 UTC is 09:00 in Berlin but 03:00 in New York', () => {
    const instant = new Date('2026-12-04T08:00:00Z');
    expect(isWorkingMoment(instant, settingsIn(BERLIN))).toBe(true);
    expect(isWorkingMoment(instant, settingsIn(NEW_YORK))).toBe(false);
  });
});

describe('intoWorkingHours', () => {
  it.each([BERLIN, NEW_YORK])('in %s, a working moment stays as it is', (zone) => {
    const moment = at('2026-12-03T14:27', zone);
    expect(intoWorkingHours(moment, settingsIn(zone))).toEqual(moment);
  });

  it.each([BERLIN, NEW_YORK])('in %s, early morning moves to 09:00 the same day', (zone) => {
    expect(intoWorkingHours(at('2026-12-03T06:10', zone), settingsIn(zone))).toEqual(
      at('2026-12-03T09:00', zone),
    );
  });

  it.each([BERLIN, NEW_YORK])('in %s, Friday evening moves to Monday 09:00', (zone) => {
    expect(intoWorkingHours(at('2026-12-04T20:00', zone), settingsIn(zone))).toEqual(
      at('2026-12-07T09:00', zone),
    );
  });

  it('a Sunday-to-Thursday week moves Thursday evening to Sunday morning', () => {
    const s = settingsIn('Asia/Jerusalem', { workDays: [7, 1, 2, 3, 4] });
    expect(intoWorkingHours(at('2026-12-03T19:00', 'Asia/Jerusalem'), s)).toEqual(
      at('2026-12-06T09:00', 'Asia/Jerusalem'),
    );
  });

  it('a window the spring-forward gap swallows is skipped: 02:45–03:00 in Casablanca on 14 Mar 2027 has no moment', () => {
    // Clocks go from 02:00 to 03:00 that Sunday: 02:45 maps to 03:45, after the window's end.
    const s = settingsIn('Africa/Casablanca', {
      workDays: [7],
      workStart: { hour: 2, minute: 45 },
      workEnd: { hour: 3, minute: 0 },
    });
    const moment = intoWorkingHours(at('2027-03-14T00:30', 'Africa/Casablanca'), s);
    expect(moment.toISOString()).toBe('2027-03-21T01:45:00.000Z');
    expect(isWorkingMoment(moment, s)).toBe(true);
  });

  it('a work start lost to the spring-forward gap maps forward: 02:30 in Berlin on 29 Mar 2026 is 03:30 CEST', () => {
    const s = settingsIn(BERLIN, { workDays: [7], workStart: { hour: 2, minute: 30 } });
    expect(intoWorkingHours(at('2026-03-29T00:30', BERLIN), s).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });
});

describe('nextWorkingDayAt', () => {
  it('is the first work day strictly after the local date, even when UTC is already on the next day', () => {
    // 23:30 Friday in New York is 04:30 Saturday in UTC; the next working day is still Monday.
    const friday = at('2026-12-04T23:30', NEW_YORK);
    expect(nextWorkingDayAt(friday, NINE, settingsIn(NEW_YORK))).toEqual(at('2026-12-07T09:00', NEW_YORK));
  });

  it('in Berlin, after Wednesday comes Thursday at the given time', () => {
    expect(
      nextWorkingDayAt(at('2026-12-02T08:00', BERLIN), { hour: 8, minute: 30 }, settingsIn(BERLIN)),
    ).toEqual(at('2026-12-03T08:30', BERLIN));
  });
});

describe('addWorkingDays', () => {
  it.each([BERLIN, NEW_YORK])('in %s, Thursday 10:00 plus 3 working days is Tuesday 10:00', (zone) => {
    expect(addWorkingDays(at('2026-12-03T10:00', zone), 3, settingsIn(zone))).toEqual(
      at('2026-12-08T10:00', zone),
    );
  });

  it('zero days is the same moment', () => {
    const moment = at('2026-12-05T10:00', BERLIN);
    expect(addWorkingDays(moment, 0, settingsIn(BERLIN))).toEqual(moment);
  });

  it('keeps the local wall-clock time across the fall-back change in New York (1 Nov 2026)', () => {
    const friday = at('2026-10-30T10:00', NEW_YORK); // EDT, UTC−4
    const monday = addWorkingDays(friday, 1, settingsIn(NEW_YORK));
    expect(monday.toISOString()).toBe('2026-11-02T15:00:00.000Z'); // 10:00 EST, UTC−5
  });

  it('keeps the local wall-clock time across the spring-forward change in Berlin (29 Mar 2026)', () => {
    const friday = at('2026-03-27T10:00', BERLIN); // CET, UTC+1
    expect(addWorkingDays(friday, 1, settingsIn(BERLIN)).toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('refuses a negative count', () => {
    expect(() => addWorkingDays(new Date('2026-12-01T00:00:00Z'), -1, settingsIn(BERLIN))).toThrow(
      RangeError,
    );
  });
});

describe('public holidays', () => {
  const KOLKATA = 'Asia/Kolkata';

  it('only public holidays count, from the library: Christmas Day in Germany, not Christmas Eve', () => {
    expect(isPublicHoliday('2026-12-25', { country: 'DE' })).toBe(true);
    expect(isPublicHoliday('2026-12-24', { country: 'DE' })).toBe(false);
    expect(isPublicHoliday('2026-12-25', {})).toBe(false);
    expect(isPublicHoliday('2027-01-26', { country: 'IN' })).toBe(true);
  });

  it('a region adds its own: César Chávez Day is a holiday in California, not in New York', () => {
    const s = settingsIn('America/Los_Angeles', { country: 'US', region: 'CA' });
    expect(isWorkingMoment(at('2026-03-31T10:00', 'America/Los_Angeles'), s)).toBe(false);
    expect(isWorkingMoment(at('2026-03-31T10:00', NEW_YORK), settingsIn(NEW_YORK, { country: 'US' }))).toBe(
      true,
    );
  });

  it('is read on the member’s own calendar: 25 Dec 09:00 in Kolkata is still 24 Dec in New York', () => {
    const moment = at('2026-12-25T09:00', KOLKATA);
    expect(isWorkingMoment(moment, settingsIn(KOLKATA, { country: 'IN' }))).toBe(false);
    const ny = settingsIn(NEW_YORK, {
      country: 'US',
      workStart: { hour: 0, minute: 0 },
      workEnd: { hour: 23, minute: 0 },
    });
    expect(isWorkingMoment(moment, ny)).toBe(true);
  });

  it('working hours skip a holiday: Christmas in Germany moves to Monday 28 Dec', () => {
    const s = settingsIn(BERLIN, { country: 'DE' });
    expect(intoWorkingHours(at('2026-12-24T19:00', BERLIN), s)).toEqual(at('2026-12-28T09:00', BERLIN));
    expect(nextWorkingDayAt(at('2026-12-31T10:00', BERLIN), NINE, s)).toEqual(at('2027-01-04T09:00', BERLIN));
    expect(addWorkingDays(at('2026-12-23T10:00', BERLIN), 2, s)).toEqual(at('2026-12-28T10:00', BERLIN));
  });

  it('a country is guessed only from a locale that names one', () => {
    expect(countryOfLocale('en-US')).toBe('US');
    expect(countryOfLocale('pt-BR')).toBe('BR');
    expect(countryOfLocale('de')).toBeNull();
    expect(countryOfLocale('es-419')).toBeNull();
    expect(countryOfLocale(undefined)).toBeNull();
  });
});

describe('firstWorkingDayAfterHolidays', () => {
  it('in December and early January is the first work day after New Year, not between the holidays', () => {
    // New Year's Day 2027 is a Friday: then the weekend, then Monday 4 Jan.
    const de = { settings: settingsIn(BERLIN, { country: 'DE' }) };
    for (const said of ['2026-12-01T12:00', '2026-12-26T12:00', '2026-12-29T12:00', '2027-01-02T12:00'])
      expect(firstWorkingDayAfterHolidays(at(said, BERLIN), de)).toEqual(at('2027-01-04T00:00', BERLIN));
    // No country: the same year-end reading.
    expect(
      firstWorkingDayAfterHolidays(at('2026-12-02T12:00', BERLIN), { settings: settingsIn(BERLIN) }),
    ).toEqual(at('2027-01-04T00:00', BERLIN));
    // Once that day has come, the next cluster: Good Friday and Easter Monday 2027 (26–29 March).
    expect(firstWorkingDayAfterHolidays(at('2027-01-05T12:00', BERLIN), de)).toEqual(
      at('2027-03-30T00:00', BERLIN),
    );
  });

  it('is the first work day after the next cluster of days off around a holiday', () => {
    // Whit Monday 2027 is 17 May in Germany: then Tuesday 18 May.
    const de = { settings: settingsIn(BERLIN, { country: 'DE' }) };
    expect(firstWorkingDayAfterHolidays(at('2027-05-10T12:00', BERLIN), de)).toEqual(
      at('2027-05-18T00:00', BERLIN),
    );
  });

  it('follows the member’s country and region: Thanksgiving in the US, and the day after in California', () => {
    const us = { settings: settingsIn(NEW_YORK, { country: 'US' }) };
    expect(firstWorkingDayAfterHolidays(at('2026-11-20T12:00', NEW_YORK), us)).toEqual(
      at('2026-11-27T00:00', NEW_YORK),
    );
    const LA = 'America/Los_Angeles';
    const ca = { settings: settingsIn(LA, { country: 'US', region: 'CA' }) };
    expect(firstWorkingDayAfterHolidays(at('2026-11-20T12:00', LA), ca)).toEqual(at('2026-11-30T00:00', LA));
  });

  it('without a country (and outside the year end), is the first work day of next week', () => {
    const none = { settings: settingsIn(BERLIN) };
    expect(firstWorkingDayAfterHolidays(at('2026-11-04T12:00', BERLIN), none)).toEqual(
      at('2026-11-09T00:00', BERLIN),
    );
    const tuesdays = { settings: settingsIn(BERLIN, { workDays: [2, 4] }) };
    expect(firstWorkingDayAfterHolidays(at('2026-11-04T12:00', BERLIN), tuesdays)).toEqual(
      at('2026-11-10T00:00', BERLIN),
    );
  });
});
