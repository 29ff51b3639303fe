import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Action, Message } from '../../src/core/message.ts';
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

/** The message-wide button of `kind` ("Update #N", "Add as new"). */
function button<K extends Action['kind']>(message: Message, kind: K): Extract<Action, { kind: K }> {
  const found = [
    ...(message.actions ?? []),
    ...message.sections.flatMap((s) => s.items.flatMap((i) => i.actions ?? [])),
  ].find((a): a is Extract<Action, { kind: K }> => a.kind === kind);
  if (found === undefined) throw new Error(`no ${kind} button on: ${message.fallbackText}`);
  return found;
}

describeOnDrivers('correcting and carrying threads on, through the inbound service', (driver) => {
  let world: World;
  const alice = actor('Alice', 'Europe/Berlin');
  const bob = actor('Bob', 'America/New_York');
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
  async function all(who = alice) {
    return world.store.listPromises(await scopeOf(who), { includeClosed: true });
  }

  it('a second promise from the same contact and company asks first, and "Update #1" changes #1', async () => {
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    const asked = await say(world.inbound, alice, 'jane doe (acme) will email me the offer by Monday 10am');
    expect(text(asked)).toMatch(
      /already have an open promise from them: #1 Jane Doe \(recruiter, Acme\) promised to call you back by Fri 4 Dec, 3:00 PM/,
    );
    expect(text(asked)).toMatch(/Update #1 with what you just said, or add it as a new promise\?/);
    expect(await all()).toHaveLength(1);

    const update = button(asked, 'dup_update');
    expect(update.ref).toBe(1);
    // The pending add waits on our side: the button carries a short id well inside Discord's 100 characters.
    expect(`thrice:dup_update:${update.pendingId}`.length).toBeLessThanOrEqual(100);
    const updated = await press(world.inbound, alice, { kind: 'dup_update', pendingId: update.pendingId });
    expect(text(updated)).toMatch(
      /^Updated #1: Jane Doe \(recruiter, Acme\) promised to email .*Mon 7 Dec, 10:00 AM/,
    );
    expect(text(updated)).toMatch(/I'll nudge you at 1:00 PM if you haven't heard/);

    const [only, ...rest] = await all();
    expect(rest).toHaveLength(0);
    expect(only?.ref).toBe(1);
    expect(only?.contact.role).toBe('recruiter');
    expect(only?.promisedChannel).toBe('email');
    expect(only?.due.at.toISOString()).toBe('2026-12-07T09:00:00.000Z');
    // The queue column follows the new due: 3 hours after 10:00 Berlin on Monday.
    expect(only?.nextNudgeAt?.toISOString()).toBe('2026-12-07T12:00:00.000Z');

    // The other button of the same question finds nothing left to do, and changes nothing.
    const again = await press(world.inbound, alice, { kind: 'dup_new', pendingId: update.pendingId });
    expect(again.kind).toBe('error');
    expect(text(again)).toMatch(/expired or was already answered/);
    expect(await all()).toHaveLength(1);
  });

  it('"Add as new" saves the second promise; another company or a closed one is no duplicate', async () => {
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    const asked = await say(world.inbound, alice, 'Jane Doe at Acme will send the contract tomorrow');
    const added = await press(world.inbound, alice, {
      kind: 'dup_new',
      pendingId: button(asked, 'dup_new').pendingId,
    });
    expect(text(added)).toMatch(/Saved as #2/);
    expect((await all()).map((p) => p.what)).toEqual(['send the contract', 'call you back']);

    const other = await say(world.inbound, alice, 'Jane Doe at Globex will call me Friday');
    expect(text(other)).toMatch(/Saved as #3/);
    await say(world.inbound, alice, 'heard #3');
    expect(text(await say(world.inbound, alice, 'Jane Doe at Globex will call me Monday'))).toMatch(
      /Saved as #4/,
    );
  });

  it("a pending add is the member's own: another member's press, a forged id or an expired one change nothing", async () => {
    await say(world.inbound, alice, 'Jane Doe (Acme) will call me back by Friday 3pm');
    const asked = await say(world.inbound, alice, 'Jane Doe (Acme) will call me back by Monday');
    const { pendingId } = button(asked, 'dup_update');

    const stolen = await press(world.inbound, bob, { kind: 'dup_update', pendingId });
    expect(stolen.kind).toBe('error');
    expect(text(stolen)).not.toMatch(/Jane/);
    expect(text(await press(world.inbound, alice, { kind: 'dup_new', pendingId: 'not-an-id' }))).toMatch(
      /expired/,
    );

    world.clock.advance(25 * 3_600_000);
    const late = await press(world.inbound, alice, { kind: 'dup_update', pendingId });
    expect(late.kind).toBe('error');
    const [jane] = await all();
    expect(jane?.due.at.toISOString()).toBe('2026-12-04T14:00:00.000Z');
    expect(await all()).toHaveLength(1);
  });

  it('edit by text: company, due, name, role, what and note, each confirmed with the next nudge', async () => {
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    expect(text(await say(world.inbound, alice, 'edit #1 company Plaid'))).toMatch(
      /^Updated #1 Jane Doe \(recruiter, Plaid\): the company is now Plaid\. I'll nudge you on Mon 7 Dec at 9:00 AM/,
    );
    const due = text(await say(world.inbound, alice, 'edit #1 due monday 11am'));
    expect(due).toMatch(/now due by Mon 7 Dec, 11:00 AM CET\. I'll nudge you on Mon 7 Dec at 2:00 PM/);
    expect(text(await say(world.inbound, alice, 'edit jane name Jane Roe'))).toMatch(
      /the name is now Jane Roe/,
    );
    expect(text(await say(world.inbound, alice, 'edit #1 role hiring manager'))).toMatch(
      /Jane Roe \(hiring manager, Plaid\): the role is now hiring manager/i,
    );
    expect(text(await say(world.inbound, alice, 'edit #1 what send the offer details'))).toMatch(
      /they promised to send the offer details/,
    );
    expect(text(await say(world.inbound, alice, 'edit #1 note met at the fair'))).toMatch(
      /the note is updated/,
    );

    const [jane] = await all();
    expect(jane?.contact).toEqual({ name: 'Jane Roe', role: 'hiring_manager', company: 'Plaid' });
    expect(jane?.what).toBe('send the offer details');
    expect(jane?.note).toBe('met at the fair');
    expect(jane?.due).toMatchObject({ precision: 'time' });
    expect(jane?.due.at.toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(jane?.nextNudgeAt?.toISOString()).toBe('2026-12-07T13:00:00.000Z');

    expect(text(await say(world.inbound, alice, 'edit #1 company none'))).toMatch(/no company now/);
    expect((await all())[0]?.contact.company).toBeNull();
  });

  it('edit alone offers the form; bad edits are refused and change nothing', async () => {
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    const before = await all();
    const how = await say(world.inbound, alice, 'edit #1');
    expect(text(how)).toMatch(/edit #1 due friday/);
    expect(button(how, 'edit').promiseId).toBe(before[0]?.id);

    const refusals: [string, RegExp][] = [
      ['edit #9 company Plaid', /#9/],
      ['edit #1 colour blue', /name, company, role, due, what, note, email, phone or linkedin/],
      ['edit #1 company', /Change the company to what\?/],
      ['edit #1 due someday maybe', /couldn't read "someday maybe" as a date/],
      ['edit #1 role astronaut', /I don't know the role "astronaut"/],
      [`edit #1 company ${'x'.repeat(200)}`, /company.*80/],
      [`edit #1 note ${'y'.repeat(600)}`, /note.*500/],
    ];
    for (const [line, expected] of refusals) {
      const reply = await say(world.inbound, alice, line);
      expect(reply.kind, line).toBe('error');
      expect(text(reply), line).toMatch(expected);
    }
    expect(await all()).toEqual(before);

    // Another member's #1 is not Alice's: Bob has none, and learns nothing of hers.
    const stranger = await say(world.inbound, bob, 'edit #1 company Evil');
    expect(stranger.kind).toBe('error');
    expect(text(stranger)).not.toMatch(/Jane|Acme/);
    expect(await all()).toEqual(before);
  });

  it('history lists closed promises with their outcome and day; reopen brings one back with its nudge', async () => {
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    await say(world.inbound, alice, 'Sam Lee at Initech will email me tomorrow');
    await say(world.inbound, alice, 'Raj at Globex will call me in a week');
    expect(text(await say(world.inbound, alice, 'list closed'))).toMatch(/Nothing closed yet/);

    await say(world.inbound, alice, 'heard #1 they called');
    world.clock.advance(24 * 3_600_000);
    await say(world.inbound, alice, 'close #2 cold');
    const history = await say(world.inbound, alice, 'history');
    expect(history.title).toBe('Closed promises (2)');
    expect(text(history)).toMatch(/#2 Sam Lee \(Initech\) — promised to email you\nGone cold on Thu 3 Dec/);
    expect(text(history)).toMatch(
      /#1 Jane Doe \(recruiter, Acme\) — promised to call you back\nHeard back on Wed 2 Dec/,
    );
    expect(text(history)).not.toMatch(/Raj/);
    expect(text(await say(world.inbound, alice, 'list closed'))).toBe(text(history));

    const reopened = await say(world.inbound, alice, 'reopen #1');
    expect(text(reopened)).toMatch(
      /^Reopened #1 Jane Doe \(recruiter, Acme\)\. It's already past due|I'll nudge you/,
    );
    const jane = (await all()).find((p) => p.ref === 1);
    expect(jane?.outcome).toBeNull();
    expect(jane?.closedAt).toBeNull();
    // A call nudge on Friday evening waits for Monday morning (humane timing).
    expect(jane?.nextNudgeAt?.toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(text(await say(world.inbound, alice, 'list'))).toMatch(/#1 Jane Doe/);

    const open = await say(world.inbound, alice, 'reopen #3');
    expect(open.kind).toBe('error');
    expect(text(open)).toMatch(/#3 Raj is still open/);
    const unknown = await say(world.inbound, alice, 'reopen #42');
    expect(unknown.kind).toBe('error');
    expect(text(unknown)).toMatch(/#42/);
    // Bob cannot reopen Alice's closed #2.
    expect((await say(world.inbound, bob, 'reopen #2')).kind).toBe('error');
    expect((await all()).find((p) => p.ref === 2)?.outcome).toBe('cold');
  });

  it('heard with a next meeting closes the promise and logs the meeting, with its thank-you after it', async () => {
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    const reply = text(await say(world.inbound, alice, 'heard #1 second interview Thursday 2pm'));
    expect(reply).toMatch(
      /^Jane Doe got back to you — #1 is done\. Next step: second interview on Thu 3 Dec, 2:00 PM CET, saved as #2\./,
    );
    expect(reply).toMatch(/thank-you note on Fri 4 Dec at 9:00 AM/);

    const [meeting, jane] = await all();
    expect(jane?.outcome).toBe('heard');
    expect(meeting).toMatchObject({
      ref: 2,
      kind: 'meeting',
      note: 'second interview',
      contact: { name: 'Jane Doe', role: 'recruiter', company: 'Acme' },
    });
    expect(meeting?.due.at.toISOString()).toBe('2026-12-03T13:00:00.000Z');
    // A plain "heard" with a note and no meeting stays a plain heard.
    await say(world.inbound, alice, 'Sam at Initech will email me tomorrow');
    expect(text(await say(world.inbound, alice, 'heard #3 they said thanks'))).toMatch(
      /#3 is done\. Following up works!/,
    );
    expect(await all()).toHaveLength(3);
  });

  it('met with someone who has an open thread carries that thread on', async () => {
    await say(world.inbound, alice, 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    await say(world.inbound, alice, 'Janet King will call me tomorrow');
    const reply = text(await say(world.inbound, alice, 'met Jane today'));
    expect(reply).toMatch(/Logged your conversation with Jane Doe \(recruiter, Acme\) \(#3\)/);
    expect(reply).toMatch(/It carries on #1 \(call you back\), which I closed as heard back\./);
    const promises = await all();
    const meeting = promises.find((p) => p.ref === 3);
    expect(meeting?.kind).toBe('meeting');
    expect(meeting?.note).toBe('Carries on #1');
    expect(promises.find((p) => p.ref === 1)?.outcome).toBe('heard');
    expect(promises.find((p) => p.ref === 2)?.outcome).toBeNull();

    // No open thread with that person: a meeting of its own, as before.
    expect(text(await say(world.inbound, alice, 'met Carol at Hooli today'))).not.toMatch(/carries on/);
    // Several open threads the name could mean: none is guessed, and both stay open.
    await say(world.inbound, alice, 'Sam Lee will call me tomorrow');
    await say(world.inbound, alice, 'Sam Park will call me tomorrow');
    expect(text(await say(world.inbound, alice, 'met Sam today'))).not.toMatch(/carries on/);
    const sams = (await all()).filter((p) => p.kind === 'promise' && p.contact.name.startsWith('Sam'));
    expect(sams.map((p) => p.outcome)).toEqual([null, null]);
  });
});
