import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Item, Message, ReachOut } from '../../src/core/message.ts';
import { planTick } from '../../src/scheduler/planner.ts';
import { actor, describeOnDrivers, openWorld, say, submit, testLog } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

/*
 * Contact details through the inbound service (issue 13): an e-mail, a phone number and a
 * LinkedIn profile typed, by form or by edit are stored, shown, exported, and offered with the
 * nudge's wording (a mailto link with subject and body, the number, the profile).
 */

function items(message: Message): Item[] {
  return message.sections.flatMap((s) => s.items);
}

function text(message: Message): string {
  return items(message)
    .flatMap((i) => [i.text, ...(i.details ?? [])])
    .join('\n');
}

function reachOf(message: Message): ReachOut[] {
  return items(message).flatMap((i) => i.reach ?? []);
}

describeOnDrivers('contact details, through the inbound service', (driver) => {
  let world: World;
  const alice = actor('Alice', 'Europe/Berlin');
  beforeEach(async () => {
    world = await openWorld({ driver, now: '2026-12-02T09:00:00Z' }); // Wednesday 10:00 in Berlin
  });
  afterEach(async () => {
    await world.close();
  });

  async function promises() {
    const member = await world.inbound.memberFor(alice);
    return world.store.listPromises(
      { workspaceId: member.workspaceId, memberId: member.id },
      { includeClosed: true },
    );
  }

  it('typed details are saved and shown in the confirmation, the list and the export', async () => {
    const added = await say(
      world.inbound,
      alice,
      'Jane Roe (recruiter, Acme) jane@acme.com +1 415 555 0100 https://www.linkedin.com/in/janeroe will call me Friday',
    );
    expect(added.kind).toBe('confirmation');
    expect(text(added)).toContain(
      'Reach them: jane@acme.com · +1 415 555 0100 · https://www.linkedin.com/in/janeroe',
    );
    const [saved] = await promises();
    expect(saved?.contact).toEqual({
      name: 'Jane Roe',
      role: 'recruiter',
      company: 'Acme',
      title: 'recruiter',
      email: 'jane@acme.com',
      phone: '+1 415 555 0100',
      linkedin: 'https://www.linkedin.com/in/janeroe',
    });
    expect(text(await say(world.inbound, alice, 'list'))).toContain('Reach them: jane@acme.com');
    const exported = await say(world.inbound, alice, 'export');
    const csv = String(exported.attachments?.find((a) => a.filename.endsWith('.csv'))?.content ?? '');
    const [header = '', row = ''] = csv.split('\n');
    expect(header).toContain('email,phone,linkedin');
    // A leading "+" is a formula to a spreadsheet: the export keeps it as text.
    expect(row).toContain("jane@acme.com,'+1 415 555 0100,https://www.linkedin.com/in/janeroe");
  });

  it('edit sets, changes and clears each detail; a malformed one is refused and nothing changes', async () => {
    await say(world.inbound, alice, 'Jane Roe (Acme) will call me Friday');
    const phone = await say(world.inbound, alice, 'edit #1 phone +44 20 7946 0958');
    expect(text(phone)).toMatch(/^Updated #1 Jane Roe \(Acme\): the phone is now \+44 20 7946 0958\./);
    expect(text(phone)).toContain('Reach them: +44 20 7946 0958');
    await say(world.inbound, alice, 'edit #1 linkedin linkedin.com/in/janeroe');
    await say(world.inbound, alice, 'edit #1 email jane@acme.com');
    expect((await promises())[0]?.contact).toMatchObject({
      email: 'jane@acme.com',
      phone: '+44 20 7946 0958',
      linkedin: 'https://www.linkedin.com/in/janeroe',
    });
    const before = await promises();
    for (const [line, why] of [
      ['edit #1 phone call me maybe', /doesn't look like a phone number/],
      ['edit #1 linkedin https://evil.example/in/jane', /isn't a LinkedIn profile link/],
      ['edit #1 email jane at acme', /isn't an e-mail address/],
    ] as const) {
      const refused = await say(world.inbound, alice, line);
      expect(refused.kind, line).toBe('error');
      expect(refused.fallbackText, line).toMatch(why);
    }
    expect(await promises()).toEqual(before);
    const cleared = await say(world.inbound, alice, 'edit #1 phone none');
    expect(text(cleared)).toMatch(/no phone now/);
    expect((await promises())[0]?.contact.phone).toBeUndefined();
    expect((await promises())[0]?.contact.email).toBe('jane@acme.com');
  });

  it('the form stores the details, and refuses a malformed one beside its field', async () => {
    const fields = {
      who: 'Sam',
      role: 'Recruiter',
      company: 'Initech',
      what: 'call me',
      when: 'Friday',
      note: '',
    };
    const refused = await world.inbound.handle({
      actor: alice,
      input: { kind: 'form', fields: { ...fields, phone: 'not a number' }, replaces: null },
    });
    expect(refused?.message.kind).toBe('error');
    expect(refused?.field).toBe('phone');
    expect(await promises()).toEqual([]);
    await submit(world.inbound, alice, { ...fields, email: 'sam@initech.com', phone: '(415) 555-0100' });
    expect((await promises())[0]?.contact).toMatchObject({
      email: 'sam@initech.com',
      phone: '(415) 555-0100',
    });
  });

  it('the Edit form keeps a typed title when its role menu is left as it was', async () => {
    await say(world.inbound, alice, 'Ann (VP Eng, Plaid) will call me Friday');
    const [original] = await promises();
    expect(original?.contact).toMatchObject({ title: 'VP Eng', company: 'Plaid' });
    // The Slack form shows the role menu; the member changes only the note.
    await submit(
      world.inbound,
      alice,
      { who: 'Ann', role: '', company: 'Plaid', what: 'call me', when: 'Friday', note: 'met at the fair' },
      original?.id ?? null,
    );
    expect((await promises())[0]?.contact.title).toBe('VP Eng');
  });

  it('an overdue add offers the nudge with a subject, a mailto link, the number and the profile', async () => {
    const reply = await say(
      world.inbound,
      alice,
      'Jane (Acme) jane@acme.com +1 415 555 0100 linkedin.com/in/janeroe promised to email me yesterday',
    );
    const [item] = items(reply);
    expect(item?.quote).toMatch(
      /^Subject: Following up on our conversation about the role at Acme\n\nHi Jane,/,
    );
    const [email, call, linkedin] = reachOf(reply);
    expect(call).toEqual({ kind: 'call', label: 'Call Jane', phone: '+1 415 555 0100' });
    expect(linkedin).toEqual({
      kind: 'linkedin',
      label: 'Message Jane on LinkedIn',
      url: 'https://www.linkedin.com/in/janeroe',
    });
    expect(email?.kind).toBe('email');
    const url = new URL(email?.kind === 'email' ? email.url : '');
    expect(url.protocol).toBe('mailto:');
    expect(url.pathname).toBe('jane@acme.com');
    expect(url.searchParams.get('subject')).toBe('Following up on our conversation about the role at Acme');
    const body = url.searchParams.get('body') ?? '';
    expect(body).toMatch(/^Hi Jane,\r\n\r\nI hope your week is going well\./);
    expect(body).not.toContain('Subject:');
  });

  it('the timed nudge and the digest carry the mailto link; a contact without details gets none', async () => {
    await say(world.inbound, alice, 'Jane (Acme) jane@acme.com will email me today 2pm');
    await say(world.inbound, alice, 'Bob (Globex) will call me today 1pm');
    const tick = async (at: string) => {
      world.clock.set(at);
      const planned = await planTick({ store: world.outbox, now: world.clock.now(), log: testLog });
      return planned.planned.map((delivery) => delivery.message);
    };
    await tick('2026-12-02T15:00:00Z'); // Bob's nudge, 16:00 in Berlin
    const [nudge] = await tick('2026-12-02T16:00:00Z'); // Jane's, 17:00
    expect(nudge?.kind).toBe('nudge');
    expect(reachOf(nudge as Message)).toMatchObject([
      { kind: 'email', label: 'E-mail Jane', address: 'jane@acme.com' },
    ]);
    const [digest] = await tick('2026-12-03T08:00:00Z'); // Thursday's digest, 09:00
    expect(digest?.kind).toBe('digest');
    const overdue = items(digest as Message);
    const jane = overdue.find((i) => i.text.includes('Jane'));
    const bob = overdue.find((i) => i.text.includes('Bob'));
    expect(jane?.quote).toMatch(/^Subject: /);
    expect(jane?.reach?.[0]?.kind).toBe('email');
    expect(bob?.quote).toBeDefined();
    expect(bob?.reach).toBeUndefined();
  });
});
