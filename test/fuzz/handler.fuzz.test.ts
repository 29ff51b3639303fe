import { asc } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDiscord } from '../../adapters/discord/render.ts';
import { renderBlocks, renderFallback } from '../../adapters/slack/render.ts';
import { followUps, members, promises, workspaces } from '../../db/schema.ts';
import { createInbound, type InboundService } from '../../src/app/inbound.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';
import { type Message, textMessage } from '../../src/core/message.ts';
import type { Actor, InboundPort } from '../../src/core/ports/inbound.ts';
import { resetDatabase } from '../support/database.ts';
import { runs } from '../support/fuzz.ts';
import { actor, describeOnDrivers, openWorld, say, testLog } from '../support/world.ts';
import { commandText, HOSTILE, noise } from './arbitraries.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

const START = '2026-12-02T09:00:00Z'; // Wednesday 10:00 in Berlin
const GENERIC_APOLOGY = /something went wrong on my side/;

/** Mention syntax that would ping someone if it reached Slack unescaped. */
const SLACK_PINGS = /<!(?:channel|here|everyone|subteam)|<@[A-Z0-9]|<#[A-Z0-9]/i;

/** Every string of a message, flattened, for checks that look at what the member sees. */
function textsOf(message: Message): string[] {
  return [
    message.title,
    message.summary,
    message.footer,
    message.fallbackText,
    ...message.sections.flatMap((s) => [
      s.heading,
      ...s.items.flatMap((i) => [i.text, i.quote, ...(i.details ?? [])]),
    ]),
  ].filter((text): text is string => text !== undefined);
}

/** Slack: nothing a member typed can become a mention once rendered. */
function checkSlack(message: Message): void {
  const rendered = JSON.stringify(renderBlocks(message)) + renderFallback(message);
  expect(rendered).not.toMatch(SLACK_PINGS);
}

/** Every text Discord shows of a payload: content, embed titles and descriptions, Components V2 text displays. */
function discordTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(discordTexts);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    typeof inner === 'string'
      ? ['content', 'title', 'description', 'text', 'label'].includes(key)
        ? [inner]
        : []
      : discordTexts(inner),
  );
}

/** Discord: mentions are off, and `@everyone`, `@here` and `<@…>` are broken in every text Discord shows. */
function checkDiscord(message: Message): void {
  const payload = renderDiscord(message);
  expect(payload.allowed_mentions).toEqual({ parse: [] });
  const texts = discordTexts(payload);
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) {
    expect(text).not.toMatch(/@(?:everyone|here)/i);
    expect(text).not.toMatch(/<[@#][!&]?\d|<@!?[A-Za-z0-9]|<t:|<a?:/);
  }
}

describe('rendering member text on Slack and Discord', () => {
  const fuzzText = fc.oneof(
    noise,
    fc
      .array(fc.oneof(noise, fc.constantFrom(...HOSTILE)), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join(' ')),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
  );

  it('an error or confirmation echoing fuzzed text never pings', () => {
    fc.assert(
      fc.property(
        fuzzText,
        fuzzText,
        fuzzText,
        fc.constantFrom('error', 'confirmation', 'reply') as fc.Arbitrary<Message['kind']>,
        (a, b, c, kind) => {
          const plain = textMessage(kind, `I couldn't find an open promise matching "${a}".`);
          const rich: Message = {
            kind,
            title: `Added ${a}`,
            summary: b,
            sections: [
              {
                heading: c,
                items: [{ text: `${a} promised to ${b}`, details: [c], quote: `Hi ${a},\n${b}` }],
              },
            ],
            fallbackText: `${a} ${b} ${c}`,
          };
          for (const message of [plain, rich]) {
            checkSlack(message);
            checkDiscord(message);
          }
        },
      ),
      { numRuns: runs(10_000) },
    );
  });
});

describeOnDrivers('fuzzing /promise over a real store', (driver) => {
  let world: World;
  /** The real inbound service, with the rate limit lifted so thousands of commands a minute reach the grammar and store. */
  let inbound: InboundService;
  const alice: Actor = actor('Alice', 'Europe/Berlin');
  const bob: Actor = { ...actor('Bob', 'America/New_York'), canManageWorkspace: false };

  /** Alice's and Bob's promises, a logged follow-up and a closed thread: something for every ref to find. */
  async function seed(): Promise<void> {
    world.clock.set(START);
    for (const line of [
      'Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
      'Janet King will email me tomorrow',
      'Bob at Globex asked for a week to interview the rest',
      'Priya from Initech will email the offer details next week',
      'met Sam Lee at Hooli today',
    ]) {
      expect((await say(inbound, alice, line)).kind).not.toBe('error');
    }
    expect((await say(inbound, alice, 'followed doe via email')).kind).not.toBe('error');
    expect((await say(inbound, alice, 'close bob no')).kind).not.toBe('error');
    expect((await say(inbound, bob, 'Omar (referral, Tyrell) will intro me by Friday')).kind).not.toBe(
      'error',
    );
  }

  /** Every row a command could change, in a stable order. */
  async function snapshot() {
    const { db } = world.database;
    return {
      workspaces: await db.select().from(workspaces).orderBy(asc(workspaces.id)),
      members: await db.select().from(members).orderBy(asc(members.id)),
      promises: await db.select().from(promises).orderBy(asc(promises.id)),
      followUps: await db.select().from(followUps).orderBy(asc(followUps.id)),
    };
  }

  beforeAll(async () => {
    world = await openWorld({ driver, now: START });
    inbound = createInbound({
      store: world.store,
      clock: world.clock,
      log: testLog,
      limits: { ...DEFAULT_LIMITS, commandsPerMinute: 1_000_000 },
    });
    await seed();
  });
  afterAll(async () => {
    await world.close();
  });

  const tally = { errors: 0, changes: 0 };

  /** Runs one command at START + offset and checks the reply and the store. */
  async function runOne(through: InboundPort, text: string, who: Actor, offset: number): Promise<void> {
    world.clock.set(new Date(Date.parse(START) + offset));
    const before = await snapshot();
    const reply = await say(through, who, text);
    const after = await snapshot();
    for (const shown of textsOf(reply)) expect(shown).not.toMatch(GENERIC_APOLOGY);
    checkSlack(reply);
    checkDiscord(reply);
    if (reply.kind === 'error') {
      tally.errors++;
      const said = JSON.stringify(text);
      expect(after.workspaces, `workspaces after ${said}`).toEqual(before.workspaces);
      expect(after.members, `members after ${said}`).toEqual(before.members);
      expect(after.promises, `promises after ${said}`).toEqual(before.promises);
      expect(after.followUps, `follow-ups after ${said}`).toEqual(before.followUps);
      return;
    }
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      tally.changes++;
      // Keep the store small and the refs meaningful: back to the seed after a few changes.
      if (after.promises.length > 20) {
        await resetDatabase(world.database);
        await seed();
      }
    }
  }

  it('an error reply changes nothing stored, no command hits an unexpected failure, and no reply pings', async () => {
    tally.errors = 0;
    tally.changes = 0;
    const commands = runs(1_000);
    await fc.assert(
      fc.asyncProperty(
        commandText,
        fc.constantFrom(alice, alice, bob),
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        (text, who, offset) => runOne(inbound, text, who, offset),
      ),
      { numRuns: commands },
    );
    // The fuzz reached both sides: refusals and real changes.
    expect(tally.errors).toBeGreaterThan(commands / 10);
    expect(tally.changes).toBeGreaterThan(commands / 50);
  }, 120_000);

  it('with the real rate limit, a refused burst changes nothing either', async () => {
    tally.errors = 0;
    const commands = runs(200);
    await fc.assert(
      fc.asyncProperty(commandText, fc.integer({ min: 0, max: 120_000 }), (text, offset) =>
        runOne(world.inbound, text, alice, offset),
      ),
      { numRuns: commands },
    );
    expect(tally.errors).toBeGreaterThan(commands / 10);
  }, 60_000);
});
