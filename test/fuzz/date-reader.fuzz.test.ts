import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type ParseContext, SNOOZE_PRESETS } from '../../src/core/command.ts';
import { ThriceError } from '../../src/core/errors.ts';
import { findDue, MAX_AHEAD_DAYS, readMoment, snoozeUntil } from '../../src/core/grammar/date-reader.ts';
import { runs } from '../support/fuzz.ts';
import { DATE_PHRASES, HUGE_INPUTS, noise, parseContext, ZONES } from './arbitraries.ts';

const DAY_MS = 86_400_000;
/**
 * Earliest and latest instants findDue may give: local dates with four-digit years, give or take
 * a day of zone offset (the end of 31 Dec 9999 in Los Angeles is in year 10000 UTC). Callers refuse
 * the past and anything beyond MAX_AHEAD_DAYS; this only rules out garbage.
 */
const EARLIEST = Date.parse('0001-01-01T00:00:00Z') - DAY_MS;
const LATEST = Date.parse('9999-12-31T23:59:59.999Z') + DAY_MS;

const MONTHS = ['Jan', 'February', 'mar', 'Apr', 'May', 'June', 'jul', 'Aug', 'Sept', 'oct', 'Nov', 'DEC'];

/** Calendar dates in the formats people type, with impossible days, months, years and clock times mixed in. */
const calendarText: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 0, max: 40 }),
    fc.integer({ min: 0, max: 14 }),
    fc.oneof(
      fc.integer({ min: 0, max: 99 }),
      fc.integer({ min: 1900, max: 2100 }),
      fc.integer({ min: 0, max: 999_999 }),
    ),
    fc.integer({ min: 0, max: 30 }),
    fc.integer({ min: 0, max: 99 }),
    fc.constantFrom('', 'am', 'pm', ' PM', 'h'),
    fc.nat({ max: 7 }),
  )
  .map(([day, month, year, hour, minute, meridiem, shape]) => {
    const monthName = MONTHS[(month + 11) % 12] ?? 'Jan';
    const clock = `${hour}:${String(minute).padStart(2, '0')}${meridiem}`;
    switch (shape) {
      case 0:
        return `${day} ${monthName} ${year}`;
      case 1:
        return `${monthName} ${day}, ${year} at ${clock}`;
      case 2:
        return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      case 3:
        return `${month}/${day}/${year}`;
      case 4:
        return `${day}.${month}.${year}`;
      case 5:
        return `by ${clock}`;
      case 6:
        return `in ${year} days`;
      default:
        return `the ${day}th at ${hour}${meridiem}`;
    }
  });

const separator = fc.constantFrom(' ', ', ', '\n', '\u2028', '\u200b', ' -- ', '');

/** Text for the date reader: real phrases, impossible dates, noise around them, raw strings. */
const dateText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...DATE_PHRASES) },
  { weight: 3, arbitrary: calendarText },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...DATE_PHRASES), calendarText, noise), { minLength: 1, maxLength: 5 })
      .chain((parts) =>
        fc
          .array(separator, { minLength: parts.length, maxLength: parts.length })
          .map((seps) => parts.map((part, i) => `${seps[i] ?? ''}${part}`).join('')),
      ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1_900, maxLength: 2_100 }) },
);

/** Zones members have, and names no runtime knows (a platform may still send them). */
const anyZoneContext: fc.Arbitrary<ParseContext> = fc.oneof(
  { weight: 4, arbitrary: parseContext },
  {
    weight: 1,
    arbitrary: fc.record({
      timeZone: fc.oneof(
        fc.constantFrom(
          'Mars/Olympus',
          '',
          '__proto__',
          'constructor',
          'EST',
          'UTC+5',
          '+05:00',
          'utc',
          'Etc/GMT+14',
        ),
        fc.string({ maxLength: 20 }),
      ),
      now: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms)),
    }),
  },
);

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

describe('fuzzing the date reader', () => {
  it('findDue finds nothing, or a valid date in a storable range at a span inside the text', () => {
    fc.assert(
      fc.property(dateText, anyZoneContext, (text, ctx) => {
        const found = findDue(text, ctx);
        if (found === null) return;
        expect(isValidDate(found.due.at)).toBe(true);
        expect(found.due.at.getTime()).toBeGreaterThanOrEqual(EARLIEST);
        expect(found.due.at.getTime()).toBeLessThanOrEqual(LATEST);
        expect(['time', 'day', 'days']).toContain(found.due.precision);
        if (found.due.precision === 'days') {
          expect(Number.isInteger(found.due.days)).toBe(true);
          expect(found.due.days).toBeGreaterThan(0);
          expect(found.due.days).toBeLessThanOrEqual(MAX_AHEAD_DAYS);
        }
        expect(Number.isInteger(found.index)).toBe(true);
        expect(found.index).toBeGreaterThanOrEqual(0);
        expect(found.length).toBeGreaterThan(0);
        expect(found.index + found.length).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: runs(10_000) },
    );
  });

  it('readMoment gives a valid moment ahead of now and within the horizon, or a short friendly error', () => {
    fc.assert(
      fc.property(dateText, anyZoneContext, (text, ctx) => {
        const moment = readMoment(text, ctx);
        if (!moment.ok) {
          expect(moment.error).toBeInstanceOf(ThriceError);
          expect(moment.error.userMessage.trim()).not.toBe('');
          expect(moment.error.userMessage.length).toBeLessThanOrEqual(300);
          return;
        }
        expect(isValidDate(moment.value)).toBe(true);
        expect(moment.value.getTime()).toBeGreaterThan(ctx.now.getTime());
        expect(moment.value.getTime()).toBeLessThanOrEqual(ctx.now.getTime() + (MAX_AHEAD_DAYS + 1) * DAY_MS);
      }),
      { numRuns: runs(10_000) },
    );
  });

  it('every snooze preset lands ahead of now, within eight days, on the hour it names', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SNOOZE_PRESETS), anyZoneContext, (preset, ctx) => {
        const { until, label } = snoozeUntil(preset, ctx);
        expect(isValidDate(until)).toBe(true);
        expect(until.getTime()).toBeGreaterThan(ctx.now.getTime());
        expect(until.getTime()).toBeLessThanOrEqual(ctx.now.getTime() + 8 * DAY_MS);
        expect(label).not.toBe('');
        // Hours are hours of real time, whatever the clocks do.
        if (preset === '1h' || preset === '3h')
          expect(until.getTime() - ctx.now.getTime()).toBe((preset === '1h' ? 1 : 3) * 3_600_000);
        if (preset !== '1h' && preset !== '3h' && ZONES.some((zone) => zone === ctx.timeZone)) {
          // 09:00 local, or 10:00 where a spring-forward gap swallowed 09:00.
          expect([9, 10]).toContain(DateTime.fromJSDate(until, { zone: ctx.timeZone }).hour);
        }
      }),
      { numRuns: runs(10_000) },
    );
  });

  it('huge inputs are skipped quickly', () => {
    const ctx = { timeZone: 'Europe/Berlin', now: new Date('2026-12-02T09:00:00Z') };
    for (const text of HUGE_INPUTS) {
      const started = performance.now();
      expect(findDue(text, ctx)).toBeNull();
      expect(readMoment(text, ctx).ok).toBe(false);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});
