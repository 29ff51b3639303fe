import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { SNOOZE_PRESETS } from '../../src/core/command.ts';
import { defaultSettings } from '../../src/core/policy-defaults.ts';
import { pickedSnooze, pickProblem, presetSnooze, suggestedPick } from '../../src/core/snooze.ts';

const zone = 'Asia/Tokyo';
const settings = { ...defaultSettings(zone), workStart: { hour: 8, minute: 30 } };
const local = (at: Date) => DateTime.fromJSDate(at, { zone }).toFormat('ccc yyyy-LL-dd HH:mm');

describe('snooze choices, in the member’s zone', () => {
  it('1 hour, 3 hours, next working morning, next Monday morning', () => {
    // Friday 4 Dec 2026, 16:00 in Tokyo.
    const now = DateTime.fromISO('2026-12-04T16:00', { zone }).toJSDate();
    const at = Object.fromEntries(
      SNOOZE_PRESETS.map((p) => [p, local(presetSnooze(p, settings, now).until)]),
    );
    expect(at).toEqual({
      '1h': 'Fri 2026-12-04 17:00',
      '3h': 'Fri 2026-12-04 19:00',
      tomorrow: 'Mon 2026-12-07 08:30',
      next_week: 'Mon 2026-12-07 08:30',
    });
    // On a Monday, tomorrow is Tuesday and next week a week on.
    const monday = DateTime.fromISO('2026-12-07T10:00', { zone }).toJSDate();
    expect(local(presetSnooze('tomorrow', settings, monday).until)).toBe('Tue 2026-12-08 08:30');
    expect(local(presetSnooze('next_week', settings, monday).until)).toBe('Mon 2026-12-14 08:30');
    // Someone who does not work Mondays comes back on their first work day of next week.
    const tueToSat = { ...settings, workDays: [2, 3, 4, 5, 6] as const };
    expect(local(presetSnooze('next_week', tueToSat, monday).until)).toBe('Tue 2026-12-15 08:30');
  });

  it('a picked day and time; a day alone means the start of work', () => {
    const now = DateTime.fromISO('2026-12-04T16:00', { zone }).toJSDate();
    const picked = pickedSnooze({ date: '2026-12-10', time: '14:15' }, settings, now);
    expect(picked.ok && local(picked.value.until)).toBe('Thu 2026-12-10 14:15');
    const day = pickedSnooze({ date: '2026-12-10', time: null }, settings, now);
    expect(day.ok && local(day.value.until)).toBe('Thu 2026-12-10 08:30');
    const typed = pickedSnooze({ text: 'Dec 10 3pm' }, settings, now);
    expect(typed.ok && local(typed.value.until)).toBe('Thu 2026-12-10 15:00');
  });

  it('refuses kindly a passed, impossible, far-off or unreadable moment', () => {
    const now = DateTime.fromISO('2026-12-04T16:00', { zone }).toJSDate();
    const refusal = (result: ReturnType<typeof pickedSnooze>) =>
      result.ok ? 'accepted' : result.error.userMessage;
    expect(refusal(pickedSnooze({ date: '2026-12-04', time: '15:00' }, settings, now))).toMatch(
      /already passed/,
    );
    expect(refusal(pickedSnooze({ date: '2026-02-30', time: null }, settings, now))).toMatch(/not a date/);
    expect(refusal(pickedSnooze({ date: 'soon', time: null }, settings, now))).toMatch(/Pick a date/);
    expect(refusal(pickedSnooze({ date: '2026-12-10', time: '25:99' }, settings, now))).toMatch(/not a date/);
    expect(refusal(pickedSnooze({ date: '2041-01-01', time: null }, settings, now))).toMatch(/ten years/);
    expect(refusal(pickedSnooze({ text: 'yesterday 3pm' }, settings, now))).toMatch(/passed/);
    expect(refusal(pickedSnooze({ text: 'whenever' }, settings, now))).not.toBe('accepted');
    expect(refusal(pickedSnooze({ text: '  ' }, settings, now))).toMatch(/when to nudge/);
  });
});

describe('the date picker’s start and the checks it needs no settings for', () => {
  it('starts tomorrow at the digest time in the member’s zone, or the start of work with the digest off', () => {
    // 23:30 Monday in Tokyo is already Tuesday in UTC: tomorrow is Tokyo's Tuesday.
    const now = DateTime.fromISO('2026-12-07T23:30', { zone }).toJSDate();
    const digest = { ...settings, digestTime: { hour: 7, minute: 5 } };
    expect(suggestedPick(digest, now)).toEqual({ date: '2026-12-08', time: '07:05' });
    expect(suggestedPick({ ...digest, digestTime: null }, now)).toEqual({
      date: '2026-12-08',
      time: '08:30',
    });
  });

  it('a missing day, a malformed one or one not on the calendar is wrong in any zone', () => {
    expect(pickProblem({ date: '', time: null })?.problem).toMatch(/Pick a date/);
    expect(pickProblem({ date: '2026-12-08', time: '25' })?.problem).toMatch(/Pick a date/);
    expect(pickProblem({ date: '2026-02-30', time: null })?.problem).toMatch(/not a date/);
    expect(pickProblem({ date: '2026-12-08', time: '14:30' })).toBeNull();
    expect(pickProblem({ date: '2020-01-01', time: null })).toBeNull();
  });
});
