import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildRoundup } from '../../src/core/roundup.ts';
import { commandInteraction, GUILD_ID, type Sender } from '../support/fake-discord.ts';
import { describeOnDrivers } from '../support/world.ts';
import {
  customIdsOf,
  type Harness,
  type Json,
  markdownOf,
  openHarness,
  plainTextsOf,
  requestTo,
  STRING,
  shown,
} from './harness.ts';

/*
 * Member text reaches Discord in display names, contact names and companies, echoes of what was
 * typed, and server names. Discord renders markdown in content, embeds and text displays: none of
 * it may become a link, heading, quote, list, code, spoiler or mention. Each attack carries a
 * marker; `live` finds it still working in markdown once escaped characters are taken out.
 */
const CORPUS: { text: string; live: RegExp }[] = [
  { text: '[Claim prize](https://evil.example/x)', live: /\[claim prize\]\(https?:\/\/evil\.example\/x\)/i },
  { text: 'https://evil.example/bare', live: /https?:\/\/evil\.example\/bare/i },
  { text: '<https://evil.example/angle>', live: /<https?:\/\/evil\.example\/angle>/i },
  { text: '# Heading attack', live: /^(?:>+ ?)?#{1,3} +heading attack/im },
  { text: '-# Subtext attack', live: /^(?:>+ ?)?-# +subtext attack/im },
  { text: '> Quote attack', live: /^>+ *quote attack/im },
  { text: '- List attack', live: /^(?:>+ ?)?[-*+] +list attack/im },
  { text: '1. Numbered attack', live: /^(?:>+ ?)?\d+\. +numbered attack/im },
  { text: '```Fence attack```', live: /```fence attack/i },
  { text: '`Inline attack`', live: /`inline attack`/i },
  { text: '||Spoiler attack||', live: /\|\|spoiler attack\|\|/i },
  { text: '**Bold attack**', live: /\*\*bold attack\*\*/i },
  { text: '__Underline attack__', live: /__underline attack__/i },
  { text: '~~Strike attack~~', live: /~~strike attack~~/i },
  { text: '*Italic attack*', live: /(?<!\*)\*italic attack\*/i },
  { text: '<t:1700000000:R>', live: /<t:1700000000(?::[a-z])?>/i },
  { text: '<@123456789012345678>', live: /<@!?123456789012345678>/ },
  { text: '<@&223456789012345678>', live: /<@&223456789012345678>/ },
  { text: '<#323456789012345678>', live: /<#323456789012345678>/ },
  { text: '</promise:423456789012345678>', live: /<\/promise:423456789012345678>/i },
  { text: '<:pwn:523456789012345678>', live: /<:pwn:523456789012345678>/i },
  { text: '<a:pwn:623456789012345678>', live: /<a:pwn:623456789012345678>/i },
  { text: '@everyone', live: /@everyone/i },
  { text: '@here', live: /@here/i },
];
const CHANNEL = '300000000000000009';
const SERVER_ATTACK = { text: '[Server prize](https://evil.example/s)', live: /\[server prize\]\(https?:/i };

/** Markdown with every backslash-escaped character taken out, as Discord's parser sees what is left. */
function unescaped(markdown: string): string {
  return markdown.replace(/\\[^\p{L}\p{N}\s]/gu, '\u0000');
}

/** Mention and link syntax in text Discord shows plain: harmless today, but never passed through as is. */
const PLAIN_LIVE = /@(?:everyone|here)|<[@#:/]|<t:|<a:|\]\(/i;

/**
 * Display names that put each line-start attack first (where a roundup shout-out starts a line)
 * and the others after it; each user also records a promise naming the contact the same way.
 */
const PEOPLE = [
  [3, 0],
  [4, 1, 15],
  [5, 16, 17],
  [6, 18, 19],
  [7, 20, 21],
  [8, 9, 10, 22],
  [11, 12, 13, 14, 23, 2],
].map((attacks, i) => ({
  userId: `40000000000000010${i}`,
  name: attacks.map((a) => CORPUS[a]?.text ?? '').join(' '),
}));

describeOnDrivers('Discord markdown and mentions in member text, on every surface', (driver) => {
  let h: Harness;

  beforeAll(async () => {
    // Monday 30 November 2026: the week of the first roundup.
    h = await openHarness(driver, { now: '2026-11-30T08:00:00Z' });
  });
  afterAll(async () => {
    await h.close();
  });

  /**
   * The week's roundup of the server, built from the members' own rows and posted through the
   * delivery port, as the planner does on Monday (kept out of planTick here: the roundup activity
   * query is the outbox's, tested on both drivers there).
   */
  async function postRoundup() {
    h.world.clock.set('2026-12-07T10:00:00Z');
    const sharers = [];
    for (const person of PEOPLE) {
      const member = await h.world.inbound.memberFor({
        workspace: { platform: 'discord', externalId: GUILD_ID, name: null },
        user: { externalId: person.userId, displayName: person.name },
        canManageWorkspace: false,
      });
      const scope = { workspaceId: member.workspaceId, memberId: member.id };
      sharers.push({ member, promises: await h.world.store.listPromises(scope, { includeClosed: true }) });
    }
    const message = buildRoundup({
      workspace: { roundupCadence: 'weekly' },
      period: { from: new Date('2026-11-30T10:00:00Z'), to: new Date('2026-12-07T10:00:00Z') },
      activity: { followUps: 3 * PEOPLE.length, callbacks: 0, activeMembers: PEOPLE.length, sharers },
      now: h.world.clock.now(),
    });
    await h.adapter.delivery.send({
      id: '3b6f3a52-6c1e-4c53-9a7e-2f1d8f9c1a14',
      workspaceId: sharers[0]?.member.workspaceId ?? '',
      memberId: null,
      kind: 'roundup',
      dedupeKey: 'roundup',
      target: { kind: 'channel', platform: 'discord', workspaceExternalId: GUILD_ID, channelId: CHANNEL },
      message,
      attempts: 1,
      resumed: false,
    });
  }

  /** The payloads Discord received that it renders: replies, edits, updates, messages, and autocomplete answers. */
  function payloads(): { path: string; body: Json }[] {
    return h.discord.requests.flatMap(({ path, body }) => {
      const b = (body ?? {}) as Json;
      if (path.startsWith('/interactions/'))
        return b.data === undefined ? [] : [{ path, body: b.data as Json }];
      if (path.startsWith('/webhooks/')) return [{ path, body: (b.payload ?? b) as Json }];
      if (/^\/channels\/\d+\/messages$/.test(path)) return [{ path, body: b }];
      return [];
    });
  }

  it('no link, heading, quote, list, code, spoiler, emphasis, timestamp or mention survives in any reply, list, digest, nudge, roundup, update or choice', async () => {
    for (const person of PEOPLE) {
      const who: Sender = { userId: person.userId, globalName: person.name };
      await h.slash('settings', [{ name: 'share', type: 5, value: true }], who);
      await h.slash(
        'add',
        [{ name: 'text', type: STRING, value: `Eve ${person.name} will call me back today 3pm` }],
        who,
      );
      // Some attacks are no name the grammar reads: a plain contact makes sure everyone has a thread.
      await h.slash(
        'add',
        [{ name: 'text', type: STRING, value: 'Sam Plain will call me back today 3pm' }],
        who,
      );
      // Echoes of what was typed: an add that cannot be read, a ref that finds nothing.
      await h.slash('add', [{ name: 'text', type: STRING, value: person.name }], who);
      await h.slash('followed', [{ name: 'ref', type: STRING, value: person.name }], who);
      const ask = commandInteraction('heard', [{ name: 'ref', type: STRING, value: '', focused: true }], {
        ...who,
        type: 4,
      });
      const from = h.discord.requests.length;
      h.discord.dispatch('INTERACTION_CREATE', ask);
      await requestTo(h.discord, new RegExp(`^/interactions/${ask.id}/`), from);
    }
    // A member of a second server whose name is an attack: a DM command names the server it used.
    const first = PEOPLE[0] ?? { userId: '', name: '' };
    await h.world.store.ensureWorkspace({
      platform: 'discord',
      externalId: '200000000000000002',
      name: SERVER_ATTACK.text,
    });
    await h.slash('add', [{ name: 'text', type: STRING, value: 'Bob will email me tomorrow' }], {
      userId: first.userId,
      globalName: first.name,
      guildId: '200000000000000002',
    });
    await h.slash('list', [], { userId: first.userId, globalName: first.name, dm: true });
    await h.slash('export', [], { userId: first.userId, globalName: first.name });

    // Nudges on Tuesday morning, the digest, then three follow-ups each (the first pressed on the list).
    await h.tickAt('2026-12-01T09:00:00Z');
    for (const [day, person] of ['2026-12-01', '2026-12-02', '2026-12-03'].flatMap((d) =>
      PEOPLE.map((p) => [d, p] as const),
    )) {
      h.world.clock.set(`${day}T11:00:00Z`);
      const who: Sender = { userId: person.userId, globalName: person.name };
      if (day === '2026-12-01') {
        const { edit } = await h.slash('list', [], who);
        // #1: the contact named with the attacks when the grammar read one, else the plain one.
        const followed = customIdsOf(edit).find((id) => id.startsWith('thrice:followed:')) ?? '';
        expect(
          (await h.press(followed, { components: edit?.components, flags: edit?.flags }, who)).type,
        ).toBe(7);
      } else {
        await h.slash('followed', [{ name: 'ref', type: STRING, value: '#1' }], who);
      }
    }
    await postRoundup();

    const all = payloads();
    const problems: string[] = [];
    for (const { path, body } of all) {
      for (const markdown of markdownOf(body)) {
        for (const attack of [...CORPUS, SERVER_ATTACK])
          if (attack.live.test(unescaped(markdown)))
            problems.push(`${path}: ${attack.text} is live in ${markdown}`);
      }
      const choices = ((body.choices ?? []) as Json[]).map((c) => String(c.name));
      for (const plain of [...plainTextsOf(body), ...choices])
        if (PLAIN_LIVE.test(plain) || /\n/.test(plain)) problems.push(`${path}: plain text ${plain}`);
    }
    expect(problems).toEqual([]);

    // The attacks did reach every surface, shown to the member exactly as typed.
    const seen = all
      .map(({ body }) =>
        markdownOf(body)
          .map(shown)
          .join('\n')
          .replace(/\u200b/g, ''),
      )
      .join('\n');
    for (const text of [...PEOPLE.map((p) => p.name), SERVER_ATTACK.text]) expect(seen).toContain(text);
    // A press is acknowledged first; the message is then edited through the interaction's webhook.
    const updates = all.filter(
      ({ path, body }) => path.endsWith('/messages/@original') && body.components !== undefined,
    );
    expect(updates.map(({ body }) => markdownOf(body).map(shown).join('\n')).join('\n')).toMatch(
      /✓ Logged follow-up \d of 3 with Eve # Heading attack \[Claim prize\]/i,
    );
    const posted = h.discord.requestsTo(new RegExp(`^/channels/${CHANNEL}/messages$`));
    expect(posted).toHaveLength(1);
    const shoutOuts = markdownOf(posted[0]?.body)
      .map(shown)
      .join('\n')
      .replace(/\u200b/g, '');
    for (const person of PEOPLE) expect(shoutOuts).toContain(`${person.name} followed up 3 times`);
    const autocomplete = all.flatMap(({ body }) => (body.choices ?? []) as Json[]);
    expect(autocomplete.length).toBeGreaterThanOrEqual(PEOPLE.length);
    // Every message goes out with mentions off, and files keep names that are only names.
    for (const { path, body } of all)
      if (markdownOf(body).length > 0)
        expect({ path, mentions: body.allowed_mentions }).toEqual({ path, mentions: { parse: [] } });
    const files = h.discord.requests.flatMap((r) => (r.body as { files?: string[] } | null)?.files ?? []);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file).toMatch(/^[\w.-]+$/);
    expect(h.discord.rejections).toEqual([]);
  });
});
