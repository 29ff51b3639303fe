import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command, ParseContext } from '../../src/core/command.ts';
import { ThriceError } from '../../src/core/errors.ts';
import { MAX_OVERDUE_DAYS } from '../../src/core/grammar/add-command.ts';
import { MAX_NAME_LENGTH } from '../../src/core/grammar/contact.ts';
import { MAX_AHEAD_DAYS } from '../../src/core/grammar/date-reader.ts';
import { MAX_COMMAND_LENGTH, parseCommand, TARGET_RANGE } from '../../src/core/grammar/parse-command.ts';
import type { Result } from '../../src/core/result.ts';
import { runs } from '../support/fuzz.ts';
import { commandText, HUGE_INPUTS, parseContext } from './arbitraries.ts';

/** Longest error a member is shown, whatever they typed. */
const MAX_USER_MESSAGE = 600;
const DAY_MS = 86_400_000;

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every string inside a value, however deep. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object' || value instanceof Date) return [];
  return Object.values(value).flatMap(stringsIn);
}

/** Everything a parse may promise about its outcome; throws (fails the run) otherwise. */
function checkResult(result: Result<Command>, ctx: ParseContext): void {
  const now = ctx.now.getTime();
  const horizon = now + (MAX_AHEAD_DAYS + 1) * DAY_MS;
  if (!result.ok) {
    expect(result.error).toBeInstanceOf(ThriceError);
    expect(typeof result.error.userMessage).toBe('string');
    expect(result.error.userMessage.trim()).not.toBe('');
    expect(result.error.userMessage.length).toBeLessThanOrEqual(MAX_USER_MESSAGE);
    return;
  }
  const command = result.value;
  // Whatever reaches the store is well-formed text: Postgres refuses half a surrogate pair.
  for (const text of stringsIn(command)) expect(text).not.toMatch(LONE_SURROGATE);
  switch (command.kind) {
    case 'add': {
      const { draft } = command;
      expect(draft.contact.name.trim()).not.toBe('');
      expect(draft.contact.name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
      expect(draft.contact.name).toMatch(/\p{L}/u);
      expect(draft.what.trim()).not.toBe('');
      expect(isValidDate(draft.due.at)).toBe(true);
      // An overdue promise is kept, up to MAX_OVERDUE_DAYS back.
      expect(draft.due.at.getTime()).toBeGreaterThanOrEqual(now - MAX_OVERDUE_DAYS * DAY_MS);
      expect(draft.due.at.getTime()).toBeLessThanOrEqual(horizon);
      if (draft.due.precision === 'days') {
        expect(Number.isInteger(draft.due.days)).toBe(true);
        expect(draft.due.days).toBeGreaterThan(0);
      }
      if (draft.note !== null) expect(draft.note.trim()).not.toBe('');
      break;
    }
    case 'met':
      expect(command.contact.name.trim()).not.toBe('');
      expect(command.contact.name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
      expect(isValidDate(command.at)).toBe(true);
      // A weekday just gone at the earliest (met is said after it); a meeting to come ("tomorrow
      // 10am") is logged too, no further ahead than any promise.
      expect(command.at.getTime()).toBeGreaterThanOrEqual(now - 8 * DAY_MS);
      expect(command.at.getTime()).toBeLessThanOrEqual(horizon);
      break;
    case 'snooze':
    case 'pause': {
      expect(isValidDate(command.until)).toBe(true);
      expect(command.until.getTime()).toBeGreaterThan(now);
      expect(command.until.getTime()).toBeLessThanOrEqual(horizon);
      break;
    }
    case 'settings': {
      const { target } = command.patch;
      if (target !== undefined) {
        expect(Number.isInteger(target)).toBe(true);
        expect(target).toBeGreaterThanOrEqual(TARGET_RANGE.min);
        expect(target).toBeLessThanOrEqual(TARGET_RANGE.max);
      }
      for (const day of command.patch.workDays ?? []) expect([1, 2, 3, 4, 5, 6, 7]).toContain(day);
      break;
    }
    case 'channel':
      if (command.channel !== null) expect(command.channel.id).toMatch(/^[\p{L}\p{N}_-]{1,80}$/u);
      break;
    case 'help':
      if (command.topic !== null) expect(command.topic.length).toBeLessThanOrEqual(40);
      break;
    default:
      break;
  }
  if ('ref' in command) {
    if (command.ref.kind === 'number') {
      expect(Number.isSafeInteger(command.ref.ref)).toBe(true);
      expect(command.ref.ref).toBeGreaterThanOrEqual(0);
    } else {
      // Typed text names a promise by number or by name, never by id (only buttons do).
      expect(command.ref.kind).toBe('name');
      if (command.ref.kind === 'name') expect(command.ref.prefix).toMatch(/\p{L}/u);
    }
  }
  if ('note' in command && command.note !== null) expect(command.note.trim()).not.toBe('');
}

describe('fuzzing the /promise grammar', () => {
  it('any text gives a well-formed command or a short friendly error, and never throws', () => {
    fc.assert(
      fc.property(commandText, parseContext, (text, ctx) => {
        checkResult(parseCommand(text, ctx), ctx);
      }),
      { numRuns: runs(10_000) },
    );
  });

  it('the same text in the same moment always reads the same way', () => {
    fc.assert(
      fc.property(commandText, parseContext, (text, ctx) => {
        expect(parseCommand(text, ctx)).toEqual(parseCommand(text, ctx));
      }),
      { numRuns: runs(1_000) },
    );
  });

  it('huge inputs are refused quickly, with the too-long message', () => {
    const ctx = { timeZone: 'Europe/Berlin', now: new Date('2026-12-02T09:00:00Z') };
    for (const text of HUGE_INPUTS) {
      const started = performance.now();
      const result = parseCommand(text, ctx);
      expect(performance.now() - started).toBeLessThan(500);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('too_long');
      checkResult(result, ctx);
    }
    expect(MAX_COMMAND_LENGTH).toBeLessThan(HUGE_INPUTS[0]?.length ?? 0);
  });
});
