import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Command, ParseContext } from '../../src/core/command.ts';
import { parseCommand } from '../../src/core/promise-grammar.ts';

/** Wednesday 2 December 2026, 10:00 local, in each zone. */
const ZONES = ['America/Los_Angeles', 'Europe/Berlin', 'Asia/Kolkata'] as const;

function context(zone: string, local = '2026-12-02T10:00'): ParseContext {
  return { timeZone: zone, now: DateTime.fromISO(local, { zone }).toJSDate() };
}

function local(iso: string, zone: string): Date {
  return DateTime.fromISO(iso, { zone }).toJSDate();
}

function endOfDay(date: string, zone: string): Date {
  return DateTime.fromISO(date, { zone }).endOf('day').toJSDate();
}

function parsed(text: string, ctx: ParseContext): Command {
  const result = parseCommand(text, ctx);
  if (!result.ok) throw new Error(`expected "${text}" to parse: ${result.error.userMessage}`);
  return result.value;
}

function added(text: string, ctx: ParseContext) {
  const command = parsed(text, ctx);
  if (command.kind !== 'add') throw new Error(`expected an add, got ${command.kind}`);
  return command.draft;
}

describe.each(ZONES)('adding a promise in %s', (zone) => {
  const ctx = context(zone);
  const cases: [string, object, Date | ((z: string) => Date), string][] = [
    [
      'Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
      { name: 'Jane Doe', role: 'recruiter', company: 'Acme' },
      (z) => local('2026-12-04T15:00', z),
      'time',
    ],
    [
      'Bob at Globex asked for a week to interview the rest',
      { name: 'Bob', role: null, company: 'Globex' },
      (z) => local('2026-12-09T10:00', z),
      'days',
    ],
    [
      'Priya from Initech will email the offer details tomorrow',
      { name: 'Priya', role: null, company: 'Initech' },
      (z) => endOfDay('2026-12-03', z),
      'day',
    ],
    [
      'Sam Lee, hiring manager at Initech, said he’d get back to me next week',
      { name: 'Sam Lee', role: 'hiring_manager', company: 'Initech' },
      (z) => local('2026-12-09T10:00', z),
      'days',
    ],
    [
      "Sam Lee, hiring manager at Initech, said he'd get back to me next week",
      { name: 'Sam Lee', role: 'hiring_manager', company: 'Initech' },
      (z) => local('2026-12-09T10:00', z),
      'days',
    ],
    [
      'Omar (referral, Tyrell) will intro me to the hiring manager by the 12th',
      { name: 'Omar', role: 'referral', company: 'Tyrell' },
      (z) => endOfDay('2026-12-12', z),
      'day',
    ],
    [
      'Jane will call Monday morning',
      { name: 'Jane', role: null, company: null },
      (z) => local('2026-12-07T12:00', z),
      'time',
    ],
    [
      'Acme HR will send the contract by end of day',
      { name: 'Acme HR', role: 'hr', company: null },
      (z) => local('2026-12-02T17:00', z),
      'time',
    ],
    [
      'Jane promised to reply in 3 days',
      { name: 'Jane', role: null, company: null },
      (z) => local('2026-12-05T10:00', z),
      'days',
    ],
    [
      'Li Wei (HR, Umbrella) will get back to me by Thursday',
      { name: 'Li Wei', role: 'hr', company: 'Umbrella' },
      (z) => endOfDay('2026-12-03', z),
      'day',
    ],
    [
      'Ana (hiring manager at Wonka) will call me at 4pm tomorrow',
      { name: 'Ana', role: 'hiring_manager', company: 'Wonka' },
      (z) => local('2026-12-03T16:00', z),
      'time',
    ],
    [
      'Tom from Hooli said he would send feedback within two weeks',
      { name: 'Tom', role: null, company: 'Hooli' },
      (z) => local('2026-12-16T10:00', z),
      'days',
    ],
    [
      'Kim (recruiter) will ring me Friday afternoon',
      { name: 'Kim', role: 'recruiter', company: null },
      (z) => local('2026-12-04T17:00', z),
      'time',
    ],
    [
      'Max at Stark Industries will email me on Dec 10',
      { name: 'Max', role: null, company: 'Stark Industries' },
      (z) => endOfDay('2026-12-10', z),
      'day',
    ],
    [
      'Eve (networking, Pied Piper) will message me on LinkedIn by Friday',
      { name: 'Eve', role: 'networking', company: 'Pied Piper' },
      (z) => endOfDay('2026-12-04', z),
      'day',
    ],
    [
      'Raj will get back to me in a week',
      { name: 'Raj', role: null, company: null },
      (z) => local('2026-12-09T10:00', z),
      'days',
    ],
    [
      'Noor (Acme) will call me back at 2:30pm today',
      { name: 'Noor', role: null, company: 'Acme' },
      (z) => local('2026-12-02T14:30', z),
      'time',
    ],
    [
      'Dana, the recruiter at Vandelay, will phone me next Tuesday at 11am',
      { name: 'Dana', role: 'recruiter', company: 'Vandelay' },
      (z) => local('2026-12-08T11:00', z),
      'time',
    ],
    [
      'José Núñez (recruiter, Café Ltd) will call me back by Friday 3pm',
      { name: 'José Núñez', role: 'recruiter', company: 'Café Ltd' },
      (z) => local('2026-12-04T15:00', z),
      'time',
    ],
    [
      'Jane Doe (recruiter, Acme) will call me back by Friday 3pm -- asked about salary range',
      { name: 'Jane Doe', role: 'recruiter', company: 'Acme' },
      (z) => local('2026-12-04T15:00', z),
      'time',
    ],
  ];

  it.each(cases)('"%s"', (text, contact, due, precision) => {
    const draft = added(text, ctx);
    expect(draft.contact).toEqual(contact);
    expect(draft.due.precision).toBe(precision);
    expect(draft.due.at).toEqual(typeof due === 'function' ? due(zone) : due);
  });

  it('reads what was promised from the member’s side, and the channel', () => {
    const draft = added('Jane Doe (recruiter, Acme) will call me back by Friday 3pm', ctx);
    expect(draft.what).toBe('call you back');
    expect(draft.promisedChannel).toBe('call');
    expect(added('Priya from Initech will email the offer details tomorrow', ctx)).toMatchObject({
      what: 'email the offer details',
      promisedChannel: 'email',
    });
    expect(added('Bob at Globex asked for a week to interview the rest', ctx).due.days).toBe(7);
  });

  it('keeps a trailing note', () => {
    expect(
      added('Jane Doe (recruiter, Acme) will call me back by Friday 3pm -- asked about salary range', ctx)
        .note,
    ).toBe('asked about salary range');
  });

  it('an explicit "add" works the same', () => {
    expect(added('add Jane will call me tomorrow', ctx).contact.name).toBe('Jane');
  });
});

describe('subcommands', () => {
  const zone = 'Europe/Berlin';
  const ctx = context(zone);
  const cases: [string, object][] = [
    ['', { kind: 'form' }],
    ['list', { kind: 'list' }],
    ['LIST', { kind: 'list' }],
    ['ls', { kind: 'list' }],
    ['/promise list', { kind: 'list' }],
    ['stats', { kind: 'stats' }],
    ['export', { kind: 'export' }],
    ['forget-me', { kind: 'forget_me' }],
    ['resume', { kind: 'resume' }],
    ['help', { kind: 'help', topic: null }],
    ['help snooze', { kind: 'help', topic: 'snooze' }],
    ['followed #2', { kind: 'followed', ref: { kind: 'number', ref: 2 }, channel: null, note: null }],
    [
      'followed 2 via email sent a short note',
      { kind: 'followed', ref: { kind: 'number', ref: 2 }, channel: 'email', note: 'sent a short note' },
    ],
    [
      'followed jane call left a voicemail',
      { kind: 'followed', ref: { kind: 'name', prefix: 'jane' }, channel: 'call', note: 'left a voicemail' },
    ],
    [
      'followed #2 constructor called',
      { kind: 'followed', ref: { kind: 'number', ref: 2 }, channel: null, note: 'constructor called' },
    ],
    [
      'heard #3 offered an interview',
      { kind: 'heard', ref: { kind: 'number', ref: 3 }, note: 'offered an interview' },
    ],
    ['heard bob', { kind: 'heard', ref: { kind: 'name', prefix: 'bob' }, note: null }],
    ['close #4 offer', { kind: 'close', ref: { kind: 'number', ref: 4 }, outcome: 'offer', note: null }],
    [
      'close #4 no they went with someone else',
      { kind: 'close', ref: { kind: 'number', ref: 4 }, outcome: 'no', note: 'they went with someone else' },
    ],
    [
      'close priya withdrawn',
      { kind: 'close', ref: { kind: 'name', prefix: 'priya' }, outcome: 'withdrawn', note: null },
    ],
    ['keep #2', { kind: 'keep_going', ref: { kind: 'number', ref: 2 } }],
    ['keep going #2', { kind: 'keep_going', ref: { kind: 'number', ref: 2 } }],
    ['settings', { kind: 'settings', patch: {} }],
    ['settings tz america/new_york', { kind: 'settings', patch: { timeZone: 'America/New_York' } }],
    [
      'settings digest 08:30 workdays mon-thu',
      { kind: 'settings', patch: { digestTime: { hour: 8, minute: 30 }, workDays: [1, 2, 3, 4] } },
    ],
    [
      'settings digest off share on target 7',
      { kind: 'settings', patch: { digestTime: null, share: true, target: 7 } },
    ],
    ['settings workdays sun-thu', { kind: 'settings', patch: { workDays: [1, 2, 3, 4, 7] } }],
    ['settings workdays mon,wed,fri', { kind: 'settings', patch: { workDays: [1, 3, 5] } }],
    ['channel <#C024BE91L|job-hunt>', { kind: 'channel', channel: { id: 'C024BE91L' } }],
    ['channel #job-hunt', { kind: 'channel', channel: { id: 'job-hunt' } }],
    ['channel off', { kind: 'channel', channel: null }],
  ];
  it.each(cases)('"%s"', (text, expected) => {
    expect(parsed(text, ctx)).toEqual(expected);
  });

  it.each([
    ['snooze #2 3 hours', local('2026-12-02T13:00', zone)],
    ['snooze #2 tomorrow', local('2026-12-03T09:00', zone)],
    ['snooze #2 next week', local('2026-12-07T09:00', zone)],
    ['snooze #2 friday', local('2026-12-04T09:00', zone)],
    ['snooze jane until Dec 10', local('2026-12-10T09:00', zone)],
  ])('"%s" snoozes until the right moment', (text, until) => {
    expect(parsed(text, ctx)).toMatchObject({ kind: 'snooze', until });
  });

  it.each([
    ['pause until Jan 6', local('2027-01-06T09:00', zone)],
    ['pause Jan 6', local('2027-01-06T09:00', zone)],
    ['pause until next week', local('2026-12-09T09:00', zone)],
  ])('"%s" pauses until the right moment', (text, until) => {
    expect(parsed(text, ctx)).toEqual({ kind: 'pause', until });
  });

  it.each([
    ['met Bob at Globex today', { name: 'Bob', role: null, company: 'Globex' }, ctx.now],
    [
      'met Sam Lee (hiring manager, Initech) yesterday',
      { name: 'Sam Lee', role: 'hiring_manager', company: 'Initech' },
      new Date(ctx.now.getTime() - 86_400_000),
    ],
    ['met Ana', { name: 'Ana', role: null, company: null }, ctx.now],
  ])('"%s" logs a meeting', (text, contact, when) => {
    expect(parsed(text, ctx)).toMatchObject({ kind: 'met', contact, at: when });
  });
});

describe('mistakes get a friendly message with an example, and nothing is saved', () => {
  const ctx = context('Europe/Berlin');
  it.each([
    ['lsit', /Did you mean `\/promise list`/],
    ['folowed #2', /Did you mean `\/promise followed`/],
    ['stast', /Did you mean `\/promise stats`/],
    ['Jane will call me', /When did Jane say/],
    ['Jane will call me yesterday', /already passed/],
    ['asdf qwerty', /For example/],
    ['__proto__', /For example/],
    ['constructor #2', /For example/],
    ['will call me tomorrow', /For example/],
    ['!!! will call me tomorrow', /couldn't tell who/],
    ['followed', /Which promise/],
    ['close #2 maybe', /Close it how/],
    ['snooze #2', /Snooze until when/],
    ['snooze #2 whenever', /couldn't read "whenever"/],
    ['pause', /Pause until when/],
    ['settings tz Mars/Olympus', /isn't a time zone/],
    ['settings digest 25:00', /isn't a time of day/],
    ['settings target 0', /target is a whole number/],
    ['settings workdays funday', /isn't a list of days/],
    ['settings colour blue', /don't know the setting/],
    ['channel job-hunt', /Which channel/],
    [`Jane will call me ${'very '.repeat(500)}soon`, /too long/],
  ])('"%s"', (text, message) => {
    const result = parseCommand(text, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.userMessage).toMatch(message);
  });
});

describe('daylight-saving change week', () => {
  it('in New York, "Monday 3pm" said on Friday before the March change lands at 3pm EDT', () => {
    const ctx = context('America/New_York', '2027-03-12T10:00');
    const draft = added('Jane will call me Monday 3pm', ctx);
    expect(draft.due.at).toEqual(new Date('2027-03-15T19:00:00Z'));
  });
  it('in Berlin, "Monday 3pm" said before the October change lands at 3pm CET', () => {
    const ctx = context('Europe/Berlin', '2027-10-29T10:00');
    expect(added('Jane will call me Monday 3pm', ctx).due.at).toEqual(new Date('2027-11-01T14:00:00Z'));
  });
  it('"in a week" across the change keeps the local clock time', () => {
    const ctx = context('Europe/Berlin', '2027-10-27T10:00');
    expect(added('Jane will call me in a week', ctx).due.at).toEqual(
      local('2027-11-03T10:00', 'Europe/Berlin'),
    );
  });
});

describe('curly apostrophes, as phones type them', () => {
  it('"said he’d get back to me" reads like the straight version', () => {
    const draft = added(
      'Sam Lee, hiring manager at Initech, said he’d get back to me next week',
      context('UTC'),
    );
    expect(draft.what).toBe('get back to you');
  });
});
