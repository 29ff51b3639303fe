import { DateTime } from 'luxon';
import type { FollowUp, FollowUpPromise, MemberSettings } from '../../src/core/model.ts';
import { defaultSettings } from '../../src/core/policy-defaults.ts';

/** An instant from a local wall-clock time in `zone`. */
export function at(iso: string, zone: string): Date {
  const value = DateTime.fromISO(iso, { zone });
  if (!value.isValid) throw new Error(`bad test time ${iso}`);
  return value.toJSDate();
}

/** A member's settings in `zone`, with overrides. */
export function settingsIn(zone: string, overrides: Partial<MemberSettings> = {}): MemberSettings {
  return { ...defaultSettings(zone), ...overrides };
}

/** A plain open promise; override what the test is about. */
export function promise(overrides: Partial<FollowUpPromise> = {}): FollowUpPromise {
  const createdAt = overrides.createdAt ?? new Date('2026-11-30T09:00:00Z');
  return {
    id: 'p1',
    ref: 1,
    workspaceId: 'w',
    memberId: 'm',
    kind: 'promise',
    contact: { name: 'Jane Doe', role: 'recruiter', company: 'Acme' },
    what: 'call you back',
    promisedChannel: 'call',
    due: { at: new Date('2026-12-04T14:00:00Z'), precision: 'time' },
    note: null,
    createdAt,
    lastActivityAt: createdAt,
    snoozedUntil: null,
    keepGoing: false,
    rightPersonSuggested: false,
    lastNudgedAttempt: 0,
    thanked: false,
    nextNudgeAt: null,
    outcome: null,
    closedAt: null,
    followUps: [],
    ...overrides,
  };
}

/** Follow-ups logged at the given instants. */
export function followUps(...entries: [Date, FollowUp['channel']][]): FollowUp[] {
  return entries.map(([when, channel], i) => ({
    id: `f${i + 1}`,
    promiseId: 'p1',
    at: when,
    attempt: i + 1,
    channel,
    note: null,
  }));
}
