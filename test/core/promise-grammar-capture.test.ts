import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ParseContext, PromiseDraft } from '../../src/core/command.ts';
import { draftFromFields } from '../../src/core/grammar/add-command.ts';
import { parseCommand } from '../../src/core/grammar/parse-command.ts';
import { DATE_WORDS, PRONOUNS } from '../../src/core/grammar/who-words.ts';
import { runs } from '../support/fuzz.ts';

/*
 * What job seekers really type (issue 13): overdue and undated promises, misspelled date words,
 * times in other zones, pronouns, titles, companies and e-mail addresses — and one rule for a
 * weekday said on that weekday (issue 14). "Now" is Wednesday 2 December 2026, 10:00 local, in
 * each of three zones; expected instants are worked out here with Luxon.
 */

const ZONES = ['America/Los_Angeles', 'Europe/Berlin', 'Asia/Kolkata'] as const;

function context(zone: string, local = '2026-12-02T10:00'): ParseContext {
  return { timeZone: zone, now: DateTime.fromISO(local, { zone }).toJSDate() };
}

function added(text: string, ctx: ParseContext): PromiseDraft {
  const result = parseCommand(text, ctx);
  if (!result.ok) throw new Error(`expected "${text}" to parse: ${result.error.userMessage}`);
  if (result.value.kind !== 'add') throw new Error(`expected an add, got ${result.value.kind}`);
  return result.value.draft;
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

  describe('overdue promises are saved as overdue', () => {
    it.each([
      ['Sam promised to call me yesterday', 'Sam', 'call you', '2026-12-01'],
      ['Raj was supposed to call me last Monday', 'Raj', 'call you', '2026-11-30'],
      ['Priya said she would email me the offer on Nov 30', 'Priya', 'email you the offer', '2026-11-30'],
    ])('"%s"', (text, name, what, day) => {
      const draft = added(text, ctx);
      expect(draft.contact.name).toBe(name);
      expect(draft.what).toBe(what);
      expect(draft.due).toEqual({ at: endOf(day, zone), precision: 'day' });
    });

    it('a passed time today is overdue too', () => {
      expect(added('Jane will call me at 9am today', ctx).due).toEqual({
        at: at('2026-12-02T09:00', zone),
        precision: 'time',
      });
    });

    it('more than 30 days back is refused, pointing at met for a past conversation', () => {
      expect(refusal('Jane will call me on Oct 12', ctx)).toMatch(
        /more than 30 days ago[\s\S]*\/promise met/,
      );
    });
  });

  describe('undated promises get a coach’s default, said in the reading', () => {
    it.each([
      ['Leo will call me back', 'Leo', 'unsaid'],
      ['Acme recruiter said we’ll be in touch', 'Acme recruiter', 'unsaid'],
      ['Dana will reply soon', 'Dana', 'soon'],
      ['Dana said she would get back to me shortly', 'Dana', 'soon'],
    ] as const)('"%s" is a week (day eight)', (text, name, assumed) => {
      const draft = added(text, ctx);
      expect(draft.contact.name).toBe(name);
      expect(draft.due).toEqual({ at: at('2026-12-09T10:00', zone), precision: 'days', days: 7 });
      expect(draft.reading?.assumed).toBe(assumed);
    });

    it('"ASAP" is the next working day', () => {
      const draft = added('Dana will get back to me ASAP', ctx);
      expect(draft.due).toEqual({ at: endOf('2026-12-03', zone), precision: 'day' });
      expect(draft.reading?.assumed).toBe('asap');
      // Said on a Friday, ASAP is Monday.
      expect(added('Dana will get back to me asap', context(zone, '2026-12-04T10:00')).due.at).toEqual(
        endOf('2026-12-07', zone),
      );
    });

    it('"after the holidays" is its own reading: said in December, the first working day after New Year', () => {
      const draft = added('Dana will reply after the holidays', ctx);
      expect(draft.due).toEqual({ at: endOf('2027-01-04', zone), precision: 'day' });
      expect(draft.reading?.assumed).toBe('after_holidays');
      expect(draft.what).toBe('reply');
    });

    it('a date meant but not readable is asked for, not assumed', () => {
      expect(refusal('Jane will call me on the 45th', ctx)).toMatch(/couldn't read when Jane/);
    });
  });

  describe('misspelled date words are read, and the reading is kept for the reply', () => {
    it.each([
      [
        'Jane will call me tommorow',
        { at: endOf('2026-12-03', zone), precision: 'day' },
        'tommorow',
        'tomorrow',
      ],
      [
        'Jane will call me on firday',
        { at: endOf('2026-12-04', zone), precision: 'day' },
        'firday',
        'friday',
      ],
      [
        'Jane will email me by wensday',
        { at: endOf('2026-12-02', zone), precision: 'day' },
        'wensday',
        'wednesday',
      ],
      [
        'Jane will call me thrusday 3pm',
        { at: at('2026-12-03T15:00', zone), precision: 'time' },
        'thrusday',
        'thursday',
      ],
      [
        'Jane will call nxt week',
        { at: at('2026-12-09T10:00', zone), precision: 'days', days: 7 },
        'nxt',
        'next',
      ],
      [
        'Jane will call me by Firday',
        { at: endOf('2026-12-04', zone), precision: 'day' },
        'Firday',
        'Friday',
      ],
    ])('"%s"', (text, due, typed, read) => {
      const draft = added(text, ctx);
      expect(draft.due).toEqual(due);
      expect(draft.reading?.typos).toEqual([{ typed, read }]);
      expect(draft.what).not.toMatch(new RegExp(typed, 'i'));
    });

    it('names close to a date word are left alone', () => {
      expect(added('Sandy will call Freddy on Monday', ctx).contact.name).toBe('Sandy');
      expect(added('Frida will text me tomorrow', ctx)).toMatchObject({
        contact: { name: 'Frida' },
        what: 'text you',
      });
      expect(added('Frida will text me tomorrow', ctx).reading).toBeUndefined();
    });
  });

  describe('a time in a named zone is converted into the member’s', () => {
    it.each([
      ['Jane will call me Friday 3pm PT', '2026-12-04T15:00', 'America/Los_Angeles', 'PT'],
      ['Jane will call Thursday 10:00 CET', '2026-12-03T10:00', 'Europe/Berlin', 'CET'],
      ['Jane will call on Friday at 15:00 UTC', '2026-12-04T15:00', 'UTC', 'UTC'],
      ['Jane will call me Friday 2pm EST', '2026-12-04T14:00', 'America/New_York', 'EST'],
      ['Jane will call me Thursday 9am IST', '2026-12-03T09:00', 'Asia/Kolkata', 'IST'],
    ])('"%s"', (text, wall, saidZone, said) => {
      const draft = added(text, ctx);
      expect(draft.due).toEqual({ at: at(wall, saidZone), precision: 'time' });
      expect(draft.reading?.saidZone).toEqual({ said, zone: saidZone });
    });
  });

  describe('a pronoun or a date word is never saved as a name', () => {
    it('"she said she’d get back to me in 2 weeks" asks who, with an example', () => {
      expect(refusal("she said she'd get back to me in 2 weeks", ctx)).toMatch(
        /Who is "she"\?[\s\S]*\/promise Jane \(Acme\) said she'd get back to me in 2 weeks/,
      );
    });
    it.each([
      "we'll be in touch",
      'They will call me Friday',
      'he promised to call me tomorrow',
      'Someone from Acme will email me Friday',
    ])('"%s" asks who', (text) => {
      expect(refusal(text, ctx)).toMatch(/Who is/);
    });
    it('"Friday will call me" is a time, not a name', () => {
      expect(refusal('Friday will call me', ctx)).toMatch(/is a time, not a name|Start with/);
    });
  });

  describe('titles, companies and e-mail addresses, in any order', () => {
    it.each([
      ['Jane (VP Eng, Plaid) will call me Friday', 'Jane', 'Plaid', 'VP Eng', null],
      ['Jane (Plaid, VP Eng) will call me Friday', 'Jane', 'Plaid', 'VP Eng', null],
      ['Jane, VP Eng at Plaid, will call me Friday', 'Jane', 'Plaid', 'VP Eng', null],
      ['Jane at Plaid (VP Eng) will call me Friday', 'Jane', 'Plaid', 'VP Eng', null],
      [
        'Ravi (Technical Recruiter, Infosys) will call me Friday',
        'Ravi',
        'Infosys',
        'Technical Recruiter',
        'recruiter',
      ],
      ['acme recruiter jane will call me Friday', 'Jane', 'Acme', 'recruiter', 'recruiter'],
      [
        'Stripe hiring manager Dana Lee will call me Friday',
        'Dana Lee',
        'Stripe',
        'hiring manager',
        'hiring_manager',
      ],
    ] as const)('"%s"', (text, name, company, title, role) => {
      const { contact } = added(text, ctx);
      expect(contact).toMatchObject({ name, company, title, role });
    });

    it('an e-mail address as the contact keeps its case and is stored as the address', () => {
      expect(added('jane.doe@Acme.com will call me Friday', ctx).contact).toEqual({
        name: 'jane.doe@Acme.com',
        role: null,
        company: 'Acme',
        email: 'jane.doe@Acme.com',
      });
    });

    it('the company comes from the domain, never from free mail', () => {
      expect(added('Jane.Doe@gmail.com will email me Friday', ctx).contact).toEqual({
        name: 'Jane.Doe@gmail.com',
        role: null,
        company: null,
        email: 'Jane.Doe@gmail.com',
      });
      expect(added('Jane Doe <jane@talent.stripe.com> will email me Friday', ctx).contact).toEqual({
        name: 'Jane Doe',
        role: null,
        company: 'Stripe',
        email: 'jane@talent.stripe.com',
      });
      expect(added('Jane (jane@acme.co.uk, recruiter) will email me Friday', ctx).contact).toMatchObject({
        name: 'Jane',
        company: 'Acme',
        email: 'jane@acme.co.uk',
        role: 'recruiter',
      });
    });
  });

  it('the form keeps a typed title, and a menu label only as the role', () => {
    const fields = { who: 'Jane', company: 'Plaid', what: '', when: 'Friday', note: '' };
    const typed = draftFromFields({ ...fields, role: 'VP Eng' }, ctx);
    expect(typed.ok && typed.value.contact).toEqual({
      name: 'Jane',
      role: null,
      company: 'Plaid',
      title: 'VP Eng',
    });
    const menu = draftFromFields({ ...fields, role: 'recruiter' }, ctx);
    expect(menu.ok && menu.value.contact).toEqual({ name: 'Jane', role: 'recruiter', company: 'Plaid' });
    const overdue = draftFromFields({ ...fields, role: '', when: 'yesterday' }, ctx);
    expect(overdue.ok && overdue.value.due.at).toEqual(endOf('2026-12-01', zone));
  });

  it('a name in brackets after a role is who, but not when brackets sit inside brackets (a pasted link)', () => {
    expect(added("Recruiter at Monzo (Sarah) said she'd call me Thursday", ctx).contact).toMatchObject({
      name: 'Sarah',
      company: 'Monzo',
    });
    // The link's own pair is dropped first; the outer pair's words are no reading of who.
    expect(
      added('Zed (recruiter, [Claim prize](https://evil.example/x) Corp) will call me back Friday', ctx)
        .contact,
    ).toMatchObject({ name: 'Zed', role: 'recruiter' });
  });

  it('a name over the limit says what the limit is', () => {
    expect(refusal(`${'Abcdefghij'.repeat(9)} will call me Friday`, ctx)).toMatch(/at most 80 characters/);
    expect(refusal('Jane Mary Ann Lee Smith Jones Brown will call me Friday', ctx)).toMatch(
      /at most 6 words/,
    );
  });
});

describe.each(ZONES)('a weekday said on that weekday, in %s (one rule for days and times)', (zone) => {
  const friday = (time: string) => context(zone, `2026-12-04T${time}`);

  it('"by Friday" on Friday afternoon is today: the working day is not over', () => {
    expect(added('Jane will call me by Friday', friday('15:00')).due).toEqual({
      at: endOf('2026-12-04', zone),
      precision: 'day',
    });
  });
  it('"by Friday" once the working day is over is next Friday', () => {
    expect(added('Jane will call me by Friday', friday('18:30')).due).toEqual({
      at: endOf('2026-12-11', zone),
      precision: 'day',
    });
  });
  it('"by Friday 3pm" said at 5 PM that Friday is next week; said at noon, today', () => {
    expect(added('Jane will call me by Friday 3pm', friday('17:00')).due.at).toEqual(
      at('2026-12-11T15:00', zone),
    );
    expect(added('Jane will call me by Friday 3pm', friday('12:00')).due.at).toEqual(
      at('2026-12-04T15:00', zone),
    );
  });
  it('"by Monday" said on Monday morning is today', () => {
    expect(added('Jane will call me by Monday', context(zone, '2026-12-07T09:00')).due).toEqual({
      at: endOf('2026-12-07', zone),
      precision: 'day',
    });
  });
});

describe('a saved contact name is never a pronoun or a date word (property)', () => {
  const notNames = new Set([...PRONOUNS, ...DATE_WORDS]);
  const stand = fc.constantFrom(...PRONOUNS, ...DATE_WORDS, 'Jane', 'the recruiter at Acme', 'Sam Lee');
  const casing = fc.constantFrom(
    (w: string) => w,
    (w: string) => w.toUpperCase(),
    (w: string) => w.charAt(0).toUpperCase() + w.slice(1),
  );
  const verb = fc.constantFrom(
    'will call me',
    'said she would email me',
    "'ll get back to me",
    'promised to call me',
    'is going to reply',
  );
  const when = fc.constantFrom('', 'tomorrow', 'by Friday 3pm', 'in 2 weeks', 'next week', 'soon', 'ASAP');
  const zone = fc.constantFrom(...ZONES);
  it('whatever stands where the name goes', () => {
    fc.assert(
      fc.property(
        stand,
        casing,
        fc.constantFrom('', ',', ' (Acme)'),
        verb,
        when,
        zone,
        (w, cased, after, v, t, z) => {
          const text = `${cased(w)}${after} ${v} ${t}`;
          const result = parseCommand(text, context(z));
          if (result.ok && result.value.kind === 'add') {
            const name = result.value.draft.contact.name
              .toLowerCase()
              .replace(/[^\p{L}\s/]/gu, '')
              .trim();
            expect(notNames.has(name)).toBe(false);
          }
        },
      ),
      { numRuns: runs(2_000) },
    );
  });
});
