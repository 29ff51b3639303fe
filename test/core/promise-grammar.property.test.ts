import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { MAX_OVERDUE_DAYS } from '../../src/core/grammar/add-command.ts';
import { findDue } from '../../src/core/grammar/date-reader.ts';
import { parseCommand } from '../../src/core/grammar/parse-command.ts';
import { runs } from '../support/fuzz.ts';

const ZONES = ['UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland'];
const context = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  now: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) }).map((ms) => new Date(ms)),
});

const WORDS = [
  'Jane',
  'Doe',
  '(recruiter, Acme)',
  'at',
  'from',
  'will',
  'call',
  'me',
  'back',
  'by',
  'Friday',
  '3pm',
  'tomorrow',
  'next',
  'week',
  'in',
  'a',
  'the',
  '12th',
  '#2',
  'followed',
  'heard',
  'snooze',
  'close',
  'settings',
  'tz',
  '<!channel>',
  '@everyone',
  '<@U123>',
  '*bold*',
  '\u0000',
  '\u202e',
  '😀',
  'ℌ',
  "O'Brien",
  '--',
  'note:',
];
const phrase = fc.array(fc.constantFrom(...WORDS), { maxLength: 14 }).map((words) => words.join(' '));
const anyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  phrase,
  fc.string({ minLength: 1_900, maxLength: 2_100 }),
);

describe('the grammar never throws, and never half-understands', () => {
  it('any input gives a command or a friendly error', () => {
    fc.assert(
      fc.property(anyText, context, (text, ctx) => {
        const result = parseCommand(text, ctx);
        if (!result.ok) {
          expect(result.error.userMessage.length).toBeGreaterThan(0);
          return;
        }
        if (result.value.kind === 'add') {
          const { draft } = result.value;
          expect(draft.contact.name.trim()).not.toBe('');
          // A promise already overdue is kept (issue 13), up to MAX_OVERDUE_DAYS back.
          expect(draft.due.at.getTime()).toBeGreaterThanOrEqual(
            ctx.now.getTime() - (MAX_OVERDUE_DAYS + 1) * 86_400_000,
          );
          expect(draft.what.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: runs(3_000) },
    );
  });

  it('an exact time is the member’s local wall-clock time, whatever the server’s zone', () => {
    fc.assert(
      fc.property(
        context,
        fc.integer({ min: 1, max: 11 }),
        fc.constantFrom('am', 'pm'),
        (ctx, hour, meridiem) => {
          const found = findDue(`tomorrow at ${hour}${meridiem}`, ctx);
          expect(found?.due.precision).toBe('time');
          const localDue = DateTime.fromJSDate(found?.due.at ?? new Date(0), { zone: ctx.timeZone });
          const wanted = DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone }).plus({ days: 1 });
          expect(localDue.toISODate()).toBe(wanted.toISODate());
          // A wall time skipped by a spring-forward change moves on by the gap.
          expect([hour + (meridiem === 'pm' ? 12 : 0), hour + (meridiem === 'pm' ? 13 : 1)]).toContain(
            localDue.hour,
          );
        },
      ),
      { numRuns: runs(2_000) },
    );
  });
});
