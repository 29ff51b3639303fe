import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Command, ParseContext } from '../../src/core/command.ts';
import { commandFromOptions, parseCommand } from '../../src/core/grammar/parse-command.ts';
import { at } from './fixtures.ts';

/* "now" is Wednesday 2 December 2026, 10:00 local, in each zone. */
const ZONES = ['America/Los_Angeles', 'Europe/Berlin', 'Asia/Kolkata'] as const;

function context(zone: string): ParseContext {
  return { timeZone: zone, now: DateTime.fromISO('2026-12-02T10:00', { zone }).toJSDate() };
}

function parsed(text: string, ctx: ParseContext): Command {
  const result = parseCommand(text, ctx);
  if (!result.ok) throw new Error(`expected "${text}" to parse: ${result.error.userMessage}`);
  return result.value;
}

function failure(text: string, ctx: ParseContext): string {
  const result = parseCommand(text, ctx);
  if (result.ok) throw new Error(`expected "${text}" to fail, got ${JSON.stringify(result.value)}`);
  return result.error.userMessage;
}

describe.each(ZONES)('edit, history, reopen and heard with a next step, in %s', (zone) => {
  const ctx = context(zone);

  it('reads one field per edit, by any of its words', () => {
    expect(parsed('edit #3 company Plaid', ctx)).toEqual({
      kind: 'edit',
      ref: { kind: 'number', ref: 3 },
      change: { field: 'company', company: 'Plaid' },
    });
    expect(parsed('edit jane name jane roe', ctx)).toEqual({
      kind: 'edit',
      ref: { kind: 'name', prefix: 'jane' },
      change: { field: 'name', name: 'Jane Roe' },
    });
    expect(parsed('edit #3 role hiring manager', ctx)).toMatchObject({
      change: { field: 'role', role: 'hiring_manager' },
    });
    expect(parsed('edit #3 title recruiter', ctx)).toMatchObject({
      change: { field: 'role', role: 'recruiter' },
    });
    expect(parsed('edit #3 what to send the contract', ctx)).toMatchObject({
      change: { field: 'what', what: 'send the contract' },
    });
    expect(parsed('edit #3 note none', ctx)).toMatchObject({ change: { field: 'note', note: null } });
    expect(parsed('edit #3 company -', ctx)).toMatchObject({ change: { field: 'company', company: null } });
    expect(parsed('edit #3', ctx)).toEqual({ kind: 'edit', ref: { kind: 'number', ref: 3 }, change: null });
  });

  it('reads a new due date with the date reader, in the member’s zone', () => {
    expect(parsed('edit #3 due friday 3pm', ctx)).toMatchObject({
      change: { field: 'due', due: { at: at('2026-12-04T15:00', zone), precision: 'time' } },
    });
    const friday = parsed('edit #3 when friday', ctx);
    if (friday.kind !== 'edit' || friday.change?.field !== 'due') throw new Error('expected a due edit');
    expect(friday.change.due.precision).toBe('day');
    expect(DateTime.fromJSDate(friday.change.due.at, { zone }).toISODate()).toBe('2026-12-04');
  });

  it('refuses an edit it cannot read, with an example', () => {
    expect(failure('edit #3 colour blue', ctx)).toMatch(
      /name, company, role, due, what, note, email, phone or linkedin/,
    );
    expect(failure('edit #3 due', ctx)).toMatch(/Change the due to what\?/);
    expect(failure('edit #3 due whenever', ctx)).toMatch(/couldn't read "whenever" as a date/);
    expect(failure('edit #3 role wizard', ctx)).toMatch(/I don't know the role "wizard"/);
    expect(failure('edit #3 name 1234', ctx)).toMatch(/A name needs letters/);
    expect(failure('edit', ctx)).toMatch(/Which promise\?/);
  });

  it('list closed and history are the history; reopen takes a ref', () => {
    for (const line of ['list closed', 'list history', 'history', 'closed', 'LIST CLOSED'])
      expect(parsed(line, ctx), line).toEqual({ kind: 'history' });
    expect(parsed('list', ctx)).toEqual({ kind: 'list' });
    expect(parsed('History teacher Jane will call me tomorrow', ctx)).toMatchObject({ kind: 'add' });
    expect(parsed('Edit will call me tomorrow', ctx)).toMatchObject({ kind: 'add' });
    expect(parsed('reopen #4', ctx)).toEqual({ kind: 'reopen', ref: { kind: 'number', ref: 4 } });
    expect(parsed('re-open jane', ctx)).toEqual({ kind: 'reopen', ref: { kind: 'name', prefix: 'jane' } });
    expect(failure('reopen', ctx)).toMatch(/Which promise\?/);
  });

  it('heard with a meeting and a moment carries the next step; without either it is a plain heard', () => {
    expect(parsed('heard #3 second interview Thursday 2pm', ctx)).toEqual({
      kind: 'heard',
      ref: { kind: 'number', ref: 3 },
      note: 'second interview Thursday 2pm',
      next: { what: 'second interview', at: at('2026-12-03T14:00', zone) },
    });
    expect(parsed('heard #3 they booked a call with the CTO on Dec 9 at 11am', ctx)).toMatchObject({
      next: { what: 'they booked a call with the CTO', at: at('2026-12-09T11:00', zone) },
    });
    expect(parsed('heard #3 they will decide by Friday', ctx)).not.toHaveProperty('next');
    expect(parsed("heard #3 she'll call me back Friday", ctx)).not.toHaveProperty('next');
    expect(parsed('heard #3 an interview, no date yet', ctx)).not.toHaveProperty('next');
    expect(parsed('heard #3', ctx)).toEqual({ kind: 'heard', ref: { kind: 'number', ref: 3 }, note: null });
  });

  it('typed options (Discord) mean the same', () => {
    const options = (field: string | null, value: string | null) =>
      commandFromOptions({ command: 'edit', ref: '#3', field, value }, ctx);
    expect(options('company', 'Plaid')).toEqual({ ok: true, value: parsed('edit #3 company Plaid', ctx) });
    expect(options(null, null)).toEqual({ ok: true, value: parsed('edit #3', ctx) });
    expect(options('due', '').ok).toBe(false);
    const noField = options(null, 'Plaid');
    expect(noField.ok ? '' : noField.error.userMessage).toMatch(/Pick what to change/);
    expect(commandFromOptions({ command: 'reopen', ref: '#4' }, ctx)).toEqual({
      ok: true,
      value: parsed('reopen #4', ctx),
    });
    expect(
      commandFromOptions({ command: 'heard', ref: '#3', note: 'second interview Thursday 2pm' }, ctx),
    ).toEqual({
      ok: true,
      value: parsed('heard #3 second interview Thursday 2pm', ctx),
    });
  });
});
