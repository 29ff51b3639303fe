import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Message } from '../../src/core/message.ts';
import { actor, describeOnDrivers, openWorld, press, say } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

function text(message: Message): string {
  return [
    message.title,
    ...message.sections.flatMap((s) => s.items.flatMap((i) => [i.text, ...(i.details ?? [])])),
    message.footer,
  ]
    .filter(Boolean)
    .join('\n');
}

describeOnDrivers('the /promise use cases over a real store', (driver) => {
  let world: World;
  const alice = actor('Alice', 'Europe/Berlin');
  beforeEach(async () => {
    world = await openWorld({ driver, now: '2026-12-02T09:00:00Z' }); // Wednesday 10:00 in Berlin
  });
  afterEach(async () => {
    await world.close();
  });

  async function scopeOf(who = alice) {
    const member = await world.inbound.memberFor(who);
    return { workspaceId: member.workspaceId, memberId: member.id };
  }

  it('add, list, follow up by name, and hear back', async () => {
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    await say(world.inbound, alice, 'Bob at Globex asked for a week to interview the rest');
    const list = text(await say(world.inbound, alice, 'list'));
    expect(list).toMatch(/#1 Jane Doe.*\n.*\n#2 Bob/);

    const followed = await say(world.inbound, alice, 'followed doe via email');
    expect(text(followed)).toMatch(/Logged follow-up 1 of 3 with Jane Doe \(#1\)/);
    const [jane] = await world.store.listPromises(await scopeOf());
    expect(jane?.followUps).toHaveLength(1);
    expect(jane?.followUps[0]?.channel).toBe('email');

    expect(text(await say(world.inbound, alice, 'heard #1 they want a second interview'))).toMatch(/done/);
    const open = await world.store.listPromises(await scopeOf());
    expect(open.map((p) => p.contact.name)).toEqual(['Bob']);
  });

  it('an ambiguous name asks which one, and changes nothing', async () => {
    await say(world.inbound, alice, 'Jane Doe will call me tomorrow');
    await say(world.inbound, alice, 'Janet King will call me tomorrow');
    const reply = await say(world.inbound, alice, 'followed jan');
    expect(reply.kind).toBe('error');
    expect(text(reply)).toMatch(/Did you mean #1 Jane Doe, #2 Janet King/);
    const promises = await world.store.listPromises(await scopeOf());
    expect(promises.every((p) => p.followUps.length === 0)).toBe(true);
  });

  it('buttons: snooze preset, close with a "no" from a recruiter, undo', async () => {
    const added = await say(
      world.inbound,
      alice,
      'Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
    );
    const undo = added.sections[0]?.items[0]?.actions?.find((a) => a.kind === 'undo');
    if (undo?.kind !== 'undo') throw new Error('expected an undo button');
    const snoozed = await press(world.inbound, alice, {
      kind: 'snooze',
      promiseId: undo.promiseId,
      preset: 'tomorrow',
    });
    expect(text(snoozed)).toMatch(/Snoozed #1 Jane Doe until Thu 3 Dec, 9:00 AM/);
    const closed = await press(world.inbound, alice, {
      kind: 'close',
      promiseId: undo.promiseId,
      outcome: 'no',
    });
    expect(text(closed)).toMatch(/with a no.*hiring manager/);
    expect(text(await press(world.inbound, alice, { kind: 'followed', promiseId: undo.promiseId }))).toMatch(
      /already closed/,
    );
    expect(text(await press(world.inbound, alice, { kind: 'undo', promiseId: undo.promiseId }))).toMatch(
      /Undone/,
    );
    expect(await world.store.listPromises(await scopeOf(), { includeClosed: true })).toEqual([]);
  });

  it('a zone the platform reports but nobody knows falls back to UTC instead of hanging', async () => {
    const mars = actor('Zed', 'Mars/Olympus');
    const reply = await say(world.inbound, mars, 'Ana will call me tomorrow');
    expect(reply.kind).not.toBe('error');
    expect((await world.inbound.memberFor(mars)).settings).toMatchObject({
      timeZone: 'UTC',
      timeZoneConfirmed: false,
    });
  });

  it('another member cannot press my buttons', async () => {
    const added = await say(world.inbound, alice, 'Jane Doe will call me tomorrow');
    const undo = added.sections[0]?.items[0]?.actions?.find((a) => a.kind === 'undo');
    if (undo?.kind !== 'undo') throw new Error('expected an undo button');
    const mallory = actor('Mallory', 'Europe/Berlin');
    expect(text(await press(world.inbound, mallory, { kind: 'undo', promiseId: undo.promiseId }))).toMatch(
      /Nothing to undo/,
    );
    expect(text(await press(world.inbound, mallory, { kind: 'heard', promiseId: undo.promiseId }))).toMatch(
      /no longer there/,
    );
    expect(await world.store.listPromises(await scopeOf())).toHaveLength(1);
  });

  it('export gives formula-safe CSV and a calendar of open due dates', async () => {
    await say(world.inbound, alice, '=HYPERLINK("http://x") will call me back by Friday 3pm');
    const reply = await say(world.inbound, alice, 'export');
    const [promisesCsv, followUpsCsv, calendar] = reply.attachments ?? [];
    expect(promisesCsv?.filename).toBe('thrice-promises.csv');
    expect(promisesCsv?.content).toContain(`'=HYPERLINK`);
    expect(String(followUpsCsv?.content).split('\n')[0]).toBe('ref,contact,attempt,at,channel,note');
    expect(calendar?.content).toContain('BEGIN:VEVENT');
    expect(calendar?.content).toContain('DTSTART');
  });

  it('the calendar holds UTC times, Thrice’s PRODID, each next nudge, and no line a member typed', async () => {
    const hostile = {
      ...alice,
      user: { ...alice.user, displayName: 'Alice\r\nBEGIN:VEVENT\r\nSUMMARY:injected' },
    };
    await say(world.inbound, hostile, 'Jane (recruiter, Acme) will call me back by Friday 3pm');
    await say(world.inbound, hostile, 'Bob at Globex will email me by Monday');
    const reply = await say(world.inbound, hostile, 'export');
    const ics = String(reply.attachments?.find((file) => file.filename.endsWith('.ics'))?.content ?? '');
    const lines = ics.split('\r\n').filter((line) => line !== '');

    // Friday 3 PM in Berlin, and its nudge (three hours later is 6 PM on a Friday: no call then,
    // so Monday 09:00), as absolute UTC times.
    expect(lines).toContain('DTSTART:20261204T140000Z');
    expect(lines).toContain('DTSTART:20261207T080000Z');
    // A promised day is an all-day event on that day; its nudge the next working day at the digest time.
    expect(lines).toContain('DTSTART;VALUE=DATE:20261207');
    expect(lines).toContain('DTSTART:20261208T080000Z');
    expect(lines.filter((line) => line.startsWith('DTSTAMP:')).every((line) => line.endsWith('Z'))).toBe(
      true,
    );
    expect(lines.find((line) => line.startsWith('PRODID:'))).toMatch(/Thrice/);
    expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(4);
    expect(lines).not.toContain('SUMMARY:injected');
    // Every line is a property (NAME[;params]:value) or a folded continuation, nothing bare.
    for (const line of lines) expect(line).toMatch(/^([A-Z-]+[;:]| )/);
  });

  it('forget-me asks first, then deletes everything about the member', async () => {
    await say(world.inbound, alice, 'Jane will call me tomorrow');
    const ask = await say(world.inbound, alice, 'forget-me');
    expect(ask.actions?.map((a) => a.kind)).toEqual(['confirm_forget', 'cancel']);
    const scope = await scopeOf();
    expect(await world.store.listPromises(scope)).toHaveLength(1);
    expect(text(await press(world.inbound, alice, { kind: 'confirm_forget' }))).toMatch(/deleted 1 promises/);
    expect(await world.store.getMember(scope)).toBeNull();
  });

  it('only an admin sets the accountability channel', async () => {
    const member = { ...actor('Bob', 'Europe/Berlin'), canManageWorkspace: false };
    const refused = await say(world.inbound, member, 'channel #job-hunt');
    expect(refused.kind).toBe('error');
    expect(text(refused)).toMatch(/Only a workspace admin/);
    const workspace = await world.store.ensureWorkspace(member.workspace);
    expect(workspace.accountabilityChannelId).toBeNull();
    await say(world.inbound, alice, 'channel #job-hunt');
    expect((await world.store.ensureWorkspace(member.workspace)).accountabilityChannelId).toBe('job-hunt');
  });

  it('settings move the digest to the new zone and time', async () => {
    await say(world.inbound, alice, 'settings tz America/New_York digest 07:45');
    const member = await world.inbound.memberFor(alice);
    expect(member.settings.timeZone).toBe('America/New_York');
    const outboxDue = await world.outbox.claimDueDigests(new Date('2026-12-02T12:44:00Z'), 10);
    expect(outboxDue).toHaveLength(0);
    const due = await world.outbox.claimDueDigests(new Date('2026-12-02T12:45:00Z'), 10);
    expect(due.map((d) => d.dueAt)).toEqual([new Date('2026-12-02T12:45:00Z')]);
  });

  it('bad input saves nothing', async () => {
    for (const line of ['Jane will call me on the 45th', 'snooze #1 whenever', 'close #1 maybe', 'lsit']) {
      expect((await say(world.inbound, alice, line)).kind).toBe('error');
    }
    expect(await world.store.listPromises(await scopeOf(), { includeClosed: true })).toEqual([]);
  });
});
