import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/grammar/parse-command.ts';
import { CORPUS_NOW, CORPUS_ZONE, type CorpusDue, PHRASING_CORPUS } from './phrasing-corpus.ts';

/* Every line of the phrasing corpus reads as a person would read it (issue 13). */

const ctx = { timeZone: CORPUS_ZONE, now: DateTime.fromISO(CORPUS_NOW, { zone: CORPUS_ZONE }).toJSDate() };

function expectedDue(due: CorpusDue) {
  if ('day' in due) {
    return { at: DateTime.fromISO(due.day, { zone: CORPUS_ZONE }).endOf('day').toJSDate(), precision: 'day' };
  }
  if ('time' in due) {
    return {
      at: DateTime.fromISO(due.time, { zone: due.zone ?? CORPUS_ZONE }).toJSDate(),
      precision: 'time',
    };
  }
  const at = DateTime.fromJSDate(ctx.now, { zone: CORPUS_ZONE }).plus({ days: due.days }).toJSDate();
  return { at, precision: 'days', days: due.days };
}

describe('the phrasing corpus', () => {
  it('holds at least 60 real-world lines', () => {
    expect(PHRASING_CORPUS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(PHRASING_CORPUS.map((line) => [line.text, line] as const))('reads "%s"', (text, line) => {
    const result = parseCommand(text, ctx);
    if ('refused' in line.expect) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.userMessage).toMatch(line.expect.refused);
      return;
    }
    if (!result.ok) throw new Error(`"${text}" was refused: ${result.error.userMessage}`);
    expect(result.value.kind).toBe('add');
    if (result.value.kind !== 'add') return;
    const { draft } = result.value;
    const { due, what, note, ...contact } = line.expect;
    expect(draft.contact).toMatchObject(contact);
    if (what !== undefined) expect(draft.what).toBe(what);
    if (note !== undefined) expect(draft.note).toBe(note);
    expect(draft.due).toEqual(expectedDue(due));
  });
});
