import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Command, ParseContext, PromiseDraft } from '../../src/core/command.ts';
import { draftFromFields } from '../../src/core/grammar/add-command.ts';
import { findDetails, readLinkedIn, readPhone } from '../../src/core/grammar/contact-details.ts';
import { commandFromOptions, parseCommand } from '../../src/core/grammar/parse-command.ts';
import { runs } from '../support/fuzz.ts';

/*
 * Contact details (issue 13): a phone number and a LinkedIn URL typed in the add line, in the
 * form, or by edit. A number or a link is never read as a date or a name. "Now" is Wednesday
 * 2 December 2026, 10:00 local, in each of three zones.
 */

const ZONES = ['America/Los_Angeles', 'Europe/Berlin', 'Asia/Kolkata'] as const;

function context(zone: string): ParseContext {
  return { timeZone: zone, now: DateTime.fromISO('2026-12-02T10:00', { zone }).toJSDate() };
}

function parsed(text: string, ctx: ParseContext): Command {
  const result = parseCommand(text, ctx);
  if (!result.ok) throw new Error(`expected "${text}" to parse: ${result.error.userMessage}`);
  return result.value;
}

function added(text: string, ctx: ParseContext): PromiseDraft {
  const command = parsed(text, ctx);
  if (command.kind !== 'add') throw new Error(`expected an add, got ${command.kind}`);
  return command.draft;
}

function refusal(text: string, ctx: ParseContext): string {
  const result = parseCommand(text, ctx);
  if (result.ok) throw new Error(`expected "${text}" to be refused, got ${JSON.stringify(result.value)}`);
  return result.error.userMessage;
}

const endOf = (day: string, zone: string) => DateTime.fromISO(day, { zone }).endOf('day').toJSDate();
const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toJSDate();

describe.each(ZONES)('in %s, on Wednesday 2 Dec at 10:00', (zone) => {
  const ctx = context(zone);

  it('reads e-mail and phone after the brackets, and the date after the verb', () => {
    const draft = added(
      '/promise Jane Roe (recruiter, Acme) jane@acme.com +1 415 555 0100 will call me Friday'.replace(
        '/promise ',
        '',
      ),
      ctx,
    );
    expect(draft.contact).toEqual({
      name: 'Jane Roe',
      role: 'recruiter',
      company: 'Acme',
      title: 'recruiter',
      email: 'jane@acme.com',
      phone: '+1 415 555 0100',
    });
    expect(draft.due).toEqual({ at: endOf('2026-12-04', zone), precision: 'day' });
    expect(draft.note).toBeNull();
  });

  it.each([
    ['Sam will call me Friday at 3pm on +1 415 555 0100', '+1 415 555 0100', '2026-12-04T15:00'],
    ['Sam (Acme, 415-555-0100) will call me tomorrow at 9am', '415-555-0100', '2026-12-03T09:00'],
    ['Sam +44 (0)20 7946 0958 will ring me Monday 11:30', '+44 (0)20 7946 0958', '2026-12-07T11:30'],
    ['Sam, mobile: 0176 12345678, will call me Friday 4pm', '0176 12345678', '2026-12-04T16:00'],
  ])('"%s": the number is the phone, the time is the time', (text, phone, time) => {
    const draft = added(text, ctx);
    expect(draft.contact.name).toBe('Sam');
    expect(draft.contact.phone).toBe(phone);
    expect(draft.due).toEqual({ at: at(time, zone), precision: 'time' });
  });

  it('a number alone is no date: the undated default is assumed', () => {
    const draft = added('Jane Roe +44 20 7946 0958 will call me back', ctx);
    expect(draft.contact).toMatchObject({ name: 'Jane Roe', phone: '+44 20 7946 0958' });
    expect(draft.reading?.assumed).toBe('unsaid');
  });

  it.each([
    'Jane Roe (https://www.linkedin.com/in/janeroe) will email me tomorrow',
    'Jane Roe, linkedin.com/in/janeroe, will email me tomorrow',
    'Jane Roe <https://uk.linkedin.com/in/janeroe/|LinkedIn> will email me tomorrow',
    'Jane Roe will email me tomorrow, www.linkedin.com/in/janeroe',
  ])('"%s": the profile is kept, never a name or a company', (text) => {
    const draft = added(text, ctx);
    expect(draft.contact).toEqual({
      name: 'Jane Roe',
      role: null,
      company: null,
      linkedin: 'https://www.linkedin.com/in/janeroe',
    });
    expect(draft.due).toEqual({ at: endOf('2026-12-03', zone), precision: 'day' });
  });

  it('another web address goes to the note, and its digits are no date', () => {
    const draft = added('Jane will send the job post https://acme.com/jobs/20261231 by Dec 10', ctx);
    expect(draft.note).toBe('https://acme.com/jobs/20261231');
    expect(draft.due).toEqual({ at: endOf('2026-12-10', zone), precision: 'day' });
  });

  it('a number in the note stays in the note', () => {
    const draft = added('Jane will call me Friday -- her cell is +1 415 555 0100', ctx);
    expect(draft.contact.phone).toBeUndefined();
    expect(draft.note).toBe('her cell is +1 415 555 0100');
  });

  it('refuses a labelled number that is no number, saving nothing', () => {
    expect(refusal('Jane (phone 12345) will call me Friday', ctx)).toMatch(
      /"phone 12345" doesn't look like a phone number/,
    );
  });

  it.each([
    ['edit #3 phone +44 20 7946 0958', { field: 'phone', phone: '+44 20 7946 0958' }],
    ['edit #3 tel: (415) 555-0100', { field: 'phone', phone: '(415) 555-0100' }],
    ['edit #3 phone none', { field: 'phone', phone: null }],
    [
      'edit #3 linkedin https://www.linkedin.com/in/janeroe',
      { field: 'linkedin', linkedin: 'https://www.linkedin.com/in/janeroe' },
    ],
    [
      'edit #3 linkedin linkedin.com/in/Jane-Roe-9/',
      { field: 'linkedin', linkedin: 'https://www.linkedin.com/in/Jane-Roe-9' },
    ],
    ['edit #3 linkedin remove', { field: 'linkedin', linkedin: null }],
    ['edit #3 email jane@acme.com', { field: 'email', email: 'jane@acme.com' }],
    ['edit #3 e-mail clear', { field: 'email', email: null }],
  ])('"%s"', (text, change) => {
    expect(parsed(text, ctx)).toEqual({ kind: 'edit', ref: { kind: 'number', ref: 3 }, change });
  });

  it.each([
    ['edit #3 phone call me maybe', /doesn't look like a phone number/],
    ['edit #3 phone 12', /doesn't look like a phone number/],
    ['edit #3 linkedin https://www.linkedin.com/company/acme', /isn't a LinkedIn profile link/],
    ['edit #3 linkedin https://evil.example/in/jane', /isn't a LinkedIn profile link/],
    ['edit #3 email jane at acme', /isn't an e-mail address/],
  ])('refuses "%s" with an example', (text, why) => {
    const message = refusal(text, ctx);
    expect(message).toMatch(why);
    expect(message).toMatch(/For example: `\/promise edit #3 /);
  });

  it('the form checks each detail beside its field', () => {
    const fields = { who: 'Jane', role: '', company: '', what: 'call me', when: 'Friday', note: '' };
    const saved = draftFromFields(
      { ...fields, email: 'jane@acme.com', phone: '+1 415 555 0100', linkedin: 'linkedin.com/in/janeroe' },
      ctx,
    );
    expect(saved.ok && saved.value.contact).toMatchObject({
      email: 'jane@acme.com',
      phone: '+1 415 555 0100',
      linkedin: 'https://www.linkedin.com/in/janeroe',
    });
    for (const [name, value] of [
      ['email', 'not-an-address'],
      ['phone', 'abc'],
      ['linkedin', 'https://example.com/jane'],
    ] as const) {
      const refused = draftFromFields({ ...fields, [name]: value }, ctx);
      expect(refused.ok ? null : (refused.error as { field?: string }).field).toBe(name);
    }
  });

  it('an Edit form whose role menu was left alone keeps the typed title', () => {
    const fields = {
      who: 'Ann',
      role: 'Hiring manager',
      company: 'Plaid',
      what: 'call me',
      when: 'Friday',
      note: '',
    };
    const replaced = { name: 'Ann', role: 'hiring_manager' as const, company: 'Plaid', title: 'VP Eng' };
    const kept = draftFromFields(fields, ctx, replaced);
    expect(kept.ok && kept.value.contact.title).toBe('VP Eng');
    // A role changed in the menu is the new role, and the old title goes with the old role.
    const changed = draftFromFields({ ...fields, role: 'Recruiter' }, ctx, replaced);
    expect(changed.ok && changed.value.contact).toMatchObject({ role: 'recruiter' });
    expect(changed.ok && changed.value.contact.title).toBeUndefined();
  });

  it.each([
    ['today 2pm', '2026-12-02T14:00'],
    ['yesterday 10:30', '2026-12-01T10:30'],
    ['Friday 3pm', '2026-11-27T15:00'],
    ['Monday', '2026-11-30T10:00'],
    ['', '2026-12-02T10:00'],
  ])("Discord's met when:%s is the meeting's moment", (when, moment) => {
    const result = commandFromOptions({ command: 'met', who: 'Bob', company: 'Globex', when }, ctx);
    expect(result.ok && result.value.kind === 'met' ? result.value.at : null).toEqual(at(moment, zone));
  });

  it("Discord's met refuses a meeting more than a week back, and takes one a week back", () => {
    const late = commandFromOptions(
      { command: 'met', who: 'Bob', company: null, when: '2026-11-20 3pm' },
      ctx,
    );
    expect(late.ok ? null : late.error.userMessage).toMatch(/more than a week ago \(Fri 20 Nov\)/);
    const week = commandFromOptions(
      { command: 'met', who: 'Bob', company: null, when: '2026-11-25 3pm' },
      ctx,
    );
    expect(week.ok && week.value.kind === 'met' ? week.value.at : null).toEqual(at('2026-11-25T15:00', zone));
  });

  it("Discord's met refuses a when it cannot read", () => {
    const result = commandFromOptions({ command: 'met', who: 'Bob', company: null, when: 'whenever' }, ctx);
    expect(result.ok ? null : result.error.userMessage).toMatch(/couldn't read "whenever" as when you met/);
  });
});

describe('phone numbers and profile links on their own', () => {
  it.each(['3pm', '10:30', '2026-12-04', '12/04/2026', 'in 2 weeks', 'Jan 6 2027', '+30 min'])(
    '"%s" is no phone number',
    (text) => {
      expect(findDetails(`Jane will call me ${text}`).phone).toBeNull();
      expect(readPhone(text)).toBeNull();
    },
  );

  it('a profile link is normalised to https://www.linkedin.com/in/…', () => {
    expect(readLinkedIn('http://de.linkedin.com/in/jane_roe?trk=x')).toBe(
      'https://www.linkedin.com/in/jane_roe',
    );
    expect(readLinkedIn('<https://www.linkedin.com/in/janeroe|Jane>')).toBe(
      'https://www.linkedin.com/in/janeroe',
    );
    expect(readLinkedIn('https://www.linkedin.com/in/x')).toBeNull();
    expect(readLinkedIn('https://www.linkedin.com/in/jane>roe')).toBeNull();
  });
});

describe('a phone number or profile in the line changes nothing else', () => {
  const ctx = context('Europe/Berlin');
  const digits = (min: number, max: number) =>
    fc.integer({ min: 10 ** (min - 1), max: 10 ** max - 1 }).map(String);
  const phone = fc
    .tuple(
      digits(1, 3),
      fc.array(digits(2, 4), { minLength: 2, maxLength: 4 }),
      fc.constantFrom(' ', '-', '.'),
    )
    .map(([country, groups, separator]) => `+${country} ${groups.join(separator)}`)
    .filter((number) => number.replace(/\D/g, '').length >= 7 && number.replace(/\D/g, '').length <= 15);
  // A handle ends with a letter or digit: a trailing dash before a space reads as punctuation.
  const handle = fc.stringMatching(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/);
  const whens = ['tomorrow', 'Friday 3pm', 'in 2 weeks', 'by Dec 10', 'next Monday at 9:30', 'on 20/12']; // day first in Berlin;

  it('the name, what and when read as without it', () => {
    fc.assert(
      fc.property(phone, handle, fc.constantFrom(...whens), fc.boolean(), (number, profile, when, before) => {
        const plain = added(`Jane Roe (Acme) will call me ${when}`, ctx);
        const details = `${number} linkedin.com/in/${profile}`;
        const line = before
          ? `Jane Roe (Acme) ${details} will call me ${when}`
          : `Jane Roe (Acme) will call me ${when} on ${details}`;
        const draft = added(line, ctx);
        expect(draft.contact).toEqual({
          ...plain.contact,
          phone: number,
          linkedin: `https://www.linkedin.com/in/${profile}`,
        });
        expect(draft.due).toEqual(plain.due);
        expect(draft.what).toBe(plain.what);
      }),
      { numRuns: runs(500) },
    );
  });
});
