import { generateKeyPairSync } from 'node:crypto';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { followUps, members, promises, workspaces } from '../../db/schema.ts';
import type { FollowUpPromise, MemberScope } from '../../src/core/model.ts';
import { resetDatabase } from '../support/database.ts';
import {
  APPLICATION_ID,
  commandInteraction,
  componentInteraction,
  dmChannelOf,
  GUILD_ID,
  messageObject,
  type Sender,
  signatureHeaders,
  USER_ID,
} from '../support/fake-discord.ts';
import { describeOnDrivers } from '../support/world.ts';
import { customIdsOf, type Harness, openHarness, requestTo, STRING, shownText } from './harness.ts';

/*
 * Discord's HTTP interactions (DISCORD_INTERACTIONS=http): the fake Discord signs each interaction
 * with a key pair made here and POSTs it to the bot's route on a real HTTP server; no gateway is
 * opened. The first answer is the HTTP response; follow-ups reach the fake's webhook endpoints.
 */

const ALICE: Sender = { userId: USER_ID, globalName: 'Alice' };
const ALICE_DM: Sender = { ...ALICE, dm: true };

describeOnDrivers('Discord interactions over HTTP', (driver) => {
  let h: Harness;

  beforeAll(async () => {
    // Monday 30 November 2026, 08:00 UTC.
    h = await openHarness(driver, { now: '2026-11-30T08:00:00Z', http: true });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await resetDatabase(h.world.database);
    h.world.clock.set('2026-11-30T08:00:00Z');
    h.discord.rejections.length = 0;
    h.discord.messages.length = 0;
  });

  /** Every row an interaction could change, in a stable order. */
  async function everything() {
    const { db } = h.world.database;
    return {
      workspaces: await db.select().from(workspaces).orderBy(asc(workspaces.id)),
      members: await db.select().from(members).orderBy(asc(members.id)),
      promises: await db.select().from(promises).orderBy(asc(promises.id)),
      followUps: await db.select().from(followUps).orderBy(asc(followUps.id)),
    };
  }

  /** POSTs `body` to the bot's route with the given headers, as an attacker or a broken proxy could. */
  async function post(body: string, headers: Record<string, string>) {
    const res = await fetch(h.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, body: await res.text() };
  }

  async function add(text: string, who: Sender = ALICE) {
    const { callback, edit } = await h.slash('add', [{ name: 'text', type: STRING, value: text }], who);
    // Deferred, privately, in the HTTP response: nothing went to the callback endpoint.
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(shownText(edit)).toMatch(/promised to/);
    return edit;
  }

  async function scopeIn(guildId: string): Promise<MemberScope> {
    const member = await h.world.inbound.memberFor({
      workspace: { platform: 'discord', externalId: guildId, name: null },
      user: { externalId: USER_ID, displayName: 'Alice' },
      canManageWorkspace: false,
    });
    return { workspaceId: member.workspaceId, memberId: member.id };
  }

  const byName = (list: readonly FollowUpPromise[], name: string) => {
    const found = list.find((p) => p.contact.name === name);
    if (found === undefined) throw new Error(`no promise from ${name}`);
    return found;
  };

  it('answers the PING Discord sends when the endpoint URL is saved, without opening a gateway', async () => {
    const ping = JSON.stringify({ id: '1', application_id: APPLICATION_ID, type: 1, token: 't', version: 1 });
    const answer = await post(ping, signatureHeaders(h.keys.privateKey, ping));
    expect(answer).toEqual({ status: 200, body: '{"type":1}' });
    expect(h.discord.identified).toEqual([]);
    expect(h.discord.requestsTo(/^\/gateway/)).toEqual([]);
  });

  it('refuses a forged, tampered, unsigned or stale request with 401 and does nothing', async () => {
    const interaction = commandInteraction('add', [
      { name: 'text', type: STRING, value: 'Jane Doe will call me back tomorrow' },
    ]);
    const body = JSON.stringify(interaction);
    const from = h.discord.requests.length;
    const before = await everything();
    // Signed by someone else's key (Discord's own check when the URL is saved does the same).
    const mallory = generateKeyPairSync('ed25519');
    expect((await post(body, signatureHeaders(mallory.privateKey, body))).status).toBe(401);
    // Our key, but over another body.
    const tampered = body.replace('Jane Doe', 'Mallory');
    expect((await post(tampered, signatureHeaders(h.keys.privateKey, body))).status).toBe(401);
    // No signature, or one that is not hex.
    expect((await post(body, {})).status).toBe(401);
    expect(
      (await post(body, { 'x-signature-ed25519': 'zz', 'x-signature-timestamp': String(Date.now()) })).status,
    ).toBe(401);
    // Validly signed, ten minutes ago: a replay.
    const old = String(Math.floor(Date.now() / 1000) - 600);
    expect((await post(body, signatureHeaders(h.keys.privateKey, body, old))).status).toBe(401);
    expect(await everything()).toEqual(before);
    expect(before.promises).toEqual([]);
    expect(h.discord.requests.slice(from)).toEqual([]);
  });

  it('refuses a signed body that is not JSON, or not an interaction, with 400 and does nothing', async () => {
    const from = h.discord.requests.length;
    for (const body of ['{"type":2,"id":', '[]', '{"id":"5"}', 'null']) {
      const answer = await post(body, signatureHeaders(h.keys.privateKey, body));
      expect(answer.status, body).toBe(400);
    }
    expect((await everything()).promises).toEqual([]);
    expect(h.discord.requests.slice(from)).toEqual([]);
  });

  it('/promise add from a server and from the bot DM saves to the member’s own promises; follow-ups reach the webhook', async () => {
    const from = h.discord.requests.length;
    // A new member's first command brings the welcome, a DM sent over REST: no gateway needed to send.
    const { edit: empty } = await h.slash('list', [], ALICE);
    expect(shownText(empty)).toMatch(/No open promises/);
    await requestTo(h.discord, /^\/users\/@me\/channels$/, from);
    await requestTo(h.discord, new RegExp(`^/channels/${dmChannelOf(USER_ID)}/messages$`), from);
    const edit = await add('Jane Doe (recruiter, Acme) will call me back tomorrow');
    expect(shownText(edit)).toMatch(/Jane Doe \(recruiter, Acme\) promised to call you back/);
    // The answer is an edit of @original over REST, after the deferral in the HTTP response.
    const original = await requestTo(
      h.discord,
      new RegExp(`^/webhooks/${APPLICATION_ID}/[^/]+/messages/@original$`),
      from,
    );
    expect(original.method).toBe('PATCH');

    await add('Bob (Globex) will email me on Friday', ALICE_DM);
    const { edit: list } = await h.slash('list', [], ALICE_DM);
    expect(shownText(list)).toMatch(/Jane Doe/);
    expect(shownText(list)).toMatch(/Bob/);
    // Both in the server's workspace: the DM found the member's own, made no workspace of its own.
    const scope = await scopeIn(GUILD_ID);
    expect((await h.world.store.listPromises(scope)).map((p) => p.contact.name).sort()).toEqual([
      'Bob',
      'Jane Doe',
    ]);
    expect((await h.world.store.workspacesOfUser('discord', USER_ID)).map((w) => w.externalId)).toEqual([
      GUILD_ID,
    ]);
    // Every first answer came in an HTTP response, none through the callback endpoint.
    expect(h.discord.requestsTo(/\/callback$/)).toEqual([]);
    expect(h.discord.identified).toEqual([]);
    expect(h.discord.rejections).toEqual([]);
  });

  it('an edit that overtakes the answer in the HTTP response ("Unknown Webhook") is retried until Discord has the answer', async () => {
    await h.slash('list', [], ALICE);
    h.discord.httpAnswerLagMs = 400;
    try {
      const from = h.discord.requests.length;
      const edit = await add('Jane Doe (recruiter, Acme) will call me back tomorrow');
      expect(shownText(edit)).toMatch(/Jane Doe \(recruiter, Acme\) promised to call you back/);
      // The first edit was refused while Discord was still taking the answer; it was sent again.
      const original = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;
      const first = h.discord.requests.findIndex((r, i) => i >= from && original.test(r.path));
      const again = await requestTo(h.discord, original, first + 1);
      expect(again.body).toEqual(h.discord.requests[first]?.body);
    } finally {
      h.discord.httpAnswerLagMs = 0;
    }
  });

  it('a digest button pressed in the DM is acknowledged in the response and edits the digest in place', async () => {
    await add('Jane Doe (recruiter, Acme) will call me back today 1pm');
    await add('Bob (Globex) will email me today 2pm');
    const scope = await scopeIn(GUILD_ID);
    const jane = byName(await h.world.store.listPromises(scope), 'Jane Doe');
    const bob = byName(await h.world.store.listPromises(scope), 'Bob');
    const { plan, drain } = await h.tickAt('2026-12-01T09:00:00Z');
    expect(plan.digests).toBeGreaterThan(0);
    expect(drain.dead).toBe(0);
    const digest = h.discord.messages.find(
      (m) => m.channel_id === dmChannelOf(USER_ID) && shownText(m.body).includes('Good morning, Alice'),
    );
    if (digest === undefined) throw new Error('no digest was delivered to Alice');

    const followed = await h.press(`thrice:followed:${jane.id}`, h.discord.message(digest.id), ALICE_DM);
    expect(h.discord.httpAnswers.at(-1)?.body).toEqual({ type: 6 });
    expect(followed.type).toBe(7);
    expect(shownText(followed.data)).toMatch(/✓ Logged follow-up 1 of 3 with Jane Doe/);
    expect(byName(await h.world.store.listPromises(scope), 'Jane Doe').followUps).toHaveLength(1);
    const ids = customIdsOf(h.discord.message(digest.id));
    expect(ids.filter((id) => id.endsWith(jane.id))).toEqual([]);
    expect(ids).toContain(`thrice:heard:${bob.id}`);
    expect(h.discord.requestsTo(/\/callback$/)).toEqual([]);
    expect(h.discord.rejections).toEqual([]);
  });

  it('/promise add with no options answers with the form (type 9); its submission saves the promise', async () => {
    const { callback, edit } = await h.slash('add', []);
    expect(edit).toBeNull();
    const modal = callback.body as { type: number; data: { custom_id: string } };
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toBe('thrice:form');

    const { data: _command, ...base } = commandInteraction('add', []);
    const submission = {
      ...base,
      type: 5,
      data: {
        custom_id: 'thrice:form',
        components: [
          { type: 1, components: [{ type: 4, custom_id: 'who', value: 'Priya (recruiter)' }] },
          { type: 1, components: [{ type: 4, custom_id: 'company', value: 'Initech' }] },
          { type: 1, components: [{ type: 4, custom_id: 'what', value: 'email me the offer' }] },
          { type: 1, components: [{ type: 4, custom_id: 'when', value: 'tomorrow' }] },
          { type: 1, components: [{ type: 4, custom_id: 'note', value: '' }] },
        ],
      },
    };
    const from = h.discord.requests.length;
    const first = await h.send(submission, from);
    expect(first.body).toEqual({ type: 5, data: { flags: 64 } });
    const saved = await requestTo(
      h.discord,
      new RegExp(`^/webhooks/${APPLICATION_ID}/${submission.token}/messages/@original$`),
      from,
    );
    expect(shownText(saved.body)).toMatch(/Priya \(recruiter, Initech\) promised to email you the offer/);
    const rows = (await everything()).promises;
    expect(rows).toHaveLength(1);
    expect(h.discord.requestsTo(/\/callback$/)).toEqual([]);
  });

  it('Track as a promise (a message command) answers with the form filled in; autocomplete answers with choices', async () => {
    const target = messageObject('300000000000000001', {
      content: 'Hi! This is Dana from Stripe, I will get back to you by Friday.',
    });
    const base = commandInteraction('add', []);
    const track = {
      ...base,
      data: {
        id: '600000000000000002',
        name: 'Track as a promise',
        type: 3,
        target_id: target.id,
        resolved: { messages: { [target.id]: target } },
      },
    };
    const modal = (await h.send(track, h.discord.requests.length)).body as {
      type: number;
      data: { custom_id: string; components: { components: { custom_id: string; value?: string }[] }[] };
    };
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toBe('thrice:form');
    const who = modal.data.components.flatMap((row) => row.components).find((c) => c.custom_id === 'who');
    expect(who?.value).toBe('Dana');

    await add('Jane Doe (recruiter, Acme) will call me back tomorrow');
    const typing = commandInteraction(
      'followed',
      [{ name: 'ref', type: STRING, value: 'ja', focused: true }],
      {
        ...ALICE,
        type: 4,
      },
    );
    const choices = await h.send(typing, h.discord.requests.length);
    expect(choices.body).toEqual({
      type: 8,
      data: { choices: [{ name: '#1 Jane Doe (Acme)', value: '#1' }] },
    });
    expect(h.discord.requestsTo(/\/callback$/)).toEqual([]);
  });

  it('an interaction nothing handles is answered 400, not left to time out', async () => {
    // A button of another app's message: the listeners leave it alone, as on the gateway.
    const other = componentInteraction('another-app:thing', { components: [] }, ALICE);
    const answer = await h.discord.deliver(h.endpoint, other, h.keys.privateKey);
    expect(answer.status).toBe(400);
    expect((await everything()).promises).toEqual([]);
  });
});
