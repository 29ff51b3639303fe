import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { draftFromFields } from '../../src/core/grammar/add-command.ts';
import { fieldsFromMessage } from '../../src/core/grammar/message-fields.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';

// Tuesday 1 Dec 2026, 09:00 in Los Angeles.
const ctx = { timeZone: 'America/Los_Angeles', now: new Date('2026-12-01T17:00:00Z') };

describe('the add form drafted from a message ("Track as a promise")', () => {
  it('reads a recruiter introducing herself: the sender is the contact, her promise is what and when', () => {
    const fields = fieldsFromMessage("Hi, this is Dana from Stripe, I'll get back to you by Friday", ctx);
    expect(fields).toEqual({
      who: 'Dana',
      role: '',
      company: 'Stripe',
      what: 'get back to me',
      when: 'by Friday',
      note: '',
    });
    // The drafted form saves as it stands: due at the end of Friday in the member's zone.
    const draft = draftFromFields(fields, ctx);
    expect(draft.ok && DateTime.fromJSDate(draft.value.due.at, { zone: ctx.timeZone }).toISODate()).toBe(
      '2026-12-04',
    );
    expect(draft.ok && draft.value.what).toBe('get back to you');
  });

  it('reads a role and company from an introduction, and the date of the promise over an earlier one', () => {
    const fields = fieldsFromMessage(
      "Hi Alice,\nThanks for your time today. I'm Sam Lee, a recruiter at Initech. We'll send you the offer details next Tuesday once legal signs off.\nBest,\nSam",
      ctx,
    );
    expect(fields).toMatchObject({
      who: 'Sam Lee',
      role: 'recruiter',
      company: 'Initech',
      what: 'send me the offer details',
      when: 'next Tuesday',
      note: '',
    });
  });

  it('reads the name and title under a sign-off', () => {
    const fields = fieldsFromMessage(
      'Thanks for applying! We will be in touch within two weeks.\n\nBest regards,\nPriya Patel\nTalent Partner | Acme',
      ctx,
    );
    expect(fields).toMatchObject({
      who: 'Priya Patel',
      company: 'Acme',
      what: 'be in touch',
      when: 'within two weeks',
    });
  });

  it("reads the member's own add line", () => {
    expect(fieldsFromMessage('Jane at Acme will call me back Friday 3pm', ctx)).toMatchObject({
      who: 'Jane',
      company: 'Acme',
      what: 'call me back',
      when: 'Friday 3pm',
    });
  });

  it('leaves what it cannot read empty and keeps the message in the note', () => {
    expect(fieldsFromMessage('Great chatting — talk soon', ctx)).toEqual({
      who: '',
      role: '',
      company: '',
      what: '',
      when: '',
      note: 'Great chatting — talk soon',
    });
    // A date that has passed is not offered as the due.
    expect(fieldsFromMessage('Hi, this is Dana from Stripe. We spoke last Monday.', ctx)).toMatchObject({
      who: 'Dana',
      when: '',
      note: 'Hi, this is Dana from Stripe. We spoke last Monday.',
    });
  });

  it('cuts a long message to the form’s limits, and reads markup as the text people see', () => {
    const long = `Hi, this is Dana from Stripe, I'll get back to you by Friday. ${'More details follow. '.repeat(200)}`;
    const fields = fieldsFromMessage(long, ctx, { ...DEFAULT_LIMITS, maxNoteLength: 50 });
    expect(fields.who).toBe('Dana');
    expect(fields.note).toBe('');
    const unread = fieldsFromMessage(`Hello ${'x'.repeat(5000)}`, ctx, {
      ...DEFAULT_LIMITS,
      maxNoteLength: 50,
    });
    expect([...unread.note].length).toBe(50);
    expect(unread.note.endsWith('…')).toBe(true);
    expect(
      fieldsFromMessage('<@U123|Dana Lee> at Stripe will email me <https://x.io|tomorrow>', ctx),
    ).toMatchObject({
      who: 'Dana Lee',
      company: 'Stripe',
      when: 'tomorrow',
    });
  });
});
