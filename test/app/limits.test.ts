import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { members, processedRequests, workspaces } from '../../db/schema.ts';
import { createInbound, type InboundService } from '../../src/app/inbound.ts';
import { checkCommandLengths, formLengthProblem } from '../../src/app/input-limits.ts';
import { TooLongError } from '../../src/core/errors.ts';
import { parseCommand } from '../../src/core/grammar/parse-command.ts';
import { DEFAULT_LIMITS, type Limits } from '../../src/core/limits.ts';
import type { Message } from '../../src/core/message.ts';
import type { Actor, PromiseFields } from '../../src/core/ports/inbound.ts';
import { actor, describeOnDrivers, openWorld, press, say, submit, testLog } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

function text(message: Message): string {
  return message.sections.flatMap((s) => s.items.map((i) => i.text)).join('\n');
}

const NAME_LIMIT = 20;
const NOTE_LIMIT = 30;
const WHAT_LIMIT = 25;

describeOnDrivers('limits on what members may store and how fast', (driver) => {
  let world: World;
  const alice = actor('Alice', 'Europe/Berlin');

  beforeEach(async () => {
    world = await openWorld({ driver, now: '2026-12-02T09:00:00Z' }); // Wednesday 10:00 in Berlin
  });
  afterEach(async () => {
    await world.close();
  });

  function inboundWith(limits: Partial<Limits>): InboundService {
    return createInbound({
      store: world.store,
      clock: world.clock,
      log: testLog,
      limits: { ...DEFAULT_LIMITS, ...limits },
    });
  }

  async function everything(who: Actor = alice) {
    const member = await world.inbound.memberFor(who);
    return world.store.listPromises(
      { workspaceId: member.workspaceId, memberId: member.id },
      { includeClosed: true },
    );
  }

  function form(fields: Partial<PromiseFields> = {}): PromiseFields {
    return {
      who: 'Priya',
      role: '',
      company: 'Initech',
      what: 'email me',
      when: 'tomorrow',
      note: '',
      ...fields,
    };
  }

  describe('field lengths', () => {
    const long = (n: number) => 'x'.repeat(n);

    it.each([
      ['contact name', `Janet ${long(NAME_LIMIT)} will call me back tomorrow`, NAME_LIMIT],
      ['company', `Jane (recruiter, Acme${long(NAME_LIMIT)}) will call me back tomorrow`, NAME_LIMIT],
      ['note', `Jane will call me back tomorrow -- ${long(NOTE_LIMIT + 1)}`, NOTE_LIMIT],
      ['contact name', `met Bob ${long(NAME_LIMIT)} today`, NAME_LIMIT],
      [
        'description of what they promised',
        `Jane will call me back about ${long(WHAT_LIMIT)} tomorrow`,
        WHAT_LIMIT,
      ],
    ])(
      'an over-long %s in a text command is refused, naming the field and the limit, and nothing is stored',
      async (field, line, limit) => {
        const inbound = inboundWith({
          maxNameLength: NAME_LIMIT,
          maxNoteLength: NOTE_LIMIT,
          maxWhatLength: WHAT_LIMIT,
        });
        const reply = await say(inbound, alice, line);
        expect(reply.kind).toBe('error');
        expect(text(reply)).toContain(`The ${field} is too long`);
        expect(text(reply)).toContain(`the limit is ${limit}`);
        expect(await everything()).toEqual([]);
      },
    );

    it('text at exactly the limit is accepted', async () => {
      const inbound = inboundWith({ maxNameLength: NAME_LIMIT, maxNoteLength: NOTE_LIMIT });
      const name = `Jane ${'d'.repeat(NAME_LIMIT - 5)}`;
      const reply = await say(
        inbound,
        alice,
        `${name} will call me back tomorrow -- ${'n'.repeat(NOTE_LIMIT)}`,
      );
      expect(reply.kind).not.toBe('error');
      expect((await everything()).map((p) => p.contact.name)).toEqual([name]);
    });

    it('an over-long note on followed, heard and close changes nothing', async () => {
      const inbound = inboundWith({ maxNoteLength: NOTE_LIMIT });
      await say(inbound, alice, 'Jane will call me back tomorrow');
      for (const line of [
        `followed #1 ${long(NOTE_LIMIT + 1)}`,
        `heard #1 ${long(NOTE_LIMIT + 1)}`,
        `close #1 no ${long(NOTE_LIMIT + 1)}`,
      ]) {
        const reply = await say(inbound, alice, line);
        expect(text(reply)).toContain('The note is too long');
      }
      const [jane] = await everything();
      expect(jane?.outcome).toBeNull();
      expect(jane?.followUps).toEqual([]);
      expect(jane?.note).toBeNull();
    });

    it('a "what" over the default limit is refused, naming the limit, rather than cut short', async () => {
      const limit = DEFAULT_LIMITS.maxWhatLength;
      const topic = (n: number) => 'w'.repeat(n - 'call you back about '.length);
      const fits = await say(world.inbound, alice, `Jane will call me back about ${topic(limit)} tomorrow`);
      expect(fits.kind).not.toBe('error');
      const tooLong = await say(
        world.inbound,
        alice,
        `Bob will call me back about ${topic(limit + 1)} tomorrow`,
      );
      expect(tooLong.kind).toBe('error');
      expect(text(tooLong)).toContain(
        `The description of what they promised is too long (${limit + 1} characters); the limit is ${limit}.`,
      );
      const stored = await everything();
      expect(stored.map((p) => [p.contact.name, p.what])).toEqual([
        ['Jane', `call you back about ${topic(limit)}`],
      ]);
    });

    it('counts characters as members do: an emoji is one', async () => {
      const inbound = inboundWith({ maxNoteLength: 15 });
      const reply = await say(inbound, alice, `Jane will call me back tomorrow -- ${'🎉'.repeat(15)}`);
      expect(reply.kind).not.toBe('error');
      expect(
        text(await say(inbound, alice, `Bob will call me back tomorrow -- ${'🎉'.repeat(16)}`)),
      ).toContain('(16 characters); the limit is 15');
    });

    it.each([
      ['who', 'contact name', { who: `Priya ${long(NAME_LIMIT)}` }, NAME_LIMIT],
      ['role', 'role', { role: long(NAME_LIMIT + 1) }, NAME_LIMIT],
      ['company', 'company', { company: long(NAME_LIMIT + 1) }, NAME_LIMIT],
      ['what', 'description of what they promised', { what: `email ${long(WHAT_LIMIT)}` }, WHAT_LIMIT],
      ['note', 'note', { note: long(NOTE_LIMIT + 1) }, NOTE_LIMIT],
    ])('a form with an over-long %s is refused and stores nothing', async (field, name, fields, limit) => {
      const bounds = { maxNameLength: NAME_LIMIT, maxNoteLength: NOTE_LIMIT, maxWhatLength: WHAT_LIMIT };
      const inbound = inboundWith(bounds);
      const limits = { ...DEFAULT_LIMITS, ...bounds };
      expect(formLengthProblem(form(fields), limits)?.field).toBe(field);
      const reply = await submit(inbound, alice, form(fields));
      expect(reply.kind).toBe('error');
      expect(text(reply)).toContain(`The ${name} is too long`);
      expect(text(reply)).toContain(`the limit is ${limit}`);
      expect(await everything()).toEqual([]);
    });

    it('an Edit with an over-long field keeps the promise it would have replaced', async () => {
      const inbound = inboundWith({ maxNameLength: NAME_LIMIT });
      await submit(inbound, alice, form());
      const [original] = await everything();
      const reply = await submit(inbound, alice, form({ company: long(NAME_LIMIT + 1) }), original?.id ?? '');
      expect(reply.kind).toBe('error');
      expect(await everything()).toEqual([original]);
    });

    it('the length check is a TooLongError with code too_long, on every command that stores text', () => {
      const limits = { ...DEFAULT_LIMITS, maxNameLength: NAME_LIMIT, maxNoteLength: NOTE_LIMIT };
      const parsed = parseCommand(`Jane will call me back tomorrow -- ${long(NOTE_LIMIT + 1)}`, {
        timeZone: 'UTC',
        now: world.clock.now(),
      });
      if (!parsed.ok) throw parsed.error;
      const error = (() => {
        try {
          checkCommandLengths(parsed.value, limits);
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(TooLongError);
      expect(error).toMatchObject({
        code: 'too_long',
        field: 'note',
        limit: NOTE_LIMIT,
        length: NOTE_LIMIT + 1,
      });
    });
  });

  describe('commands per minute', () => {
    // On Slack: the console is one local person and is not limited (see the console tests).
    const onSlack = (name: string, timeZone: string, workspace?: string): Actor => {
      const member = actor(name, timeZone, workspace);
      return { ...member, workspace: { ...member.workspace, platform: 'slack' } };
    };
    const alice = onSlack('Alice', 'Europe/Berlin');

    it('refuses the command over the limit, says when to try again, and changes nothing', async () => {
      const inbound = inboundWith({ commandsPerMinute: 3 });
      await say(inbound, alice, 'Jane will call me back tomorrow');
      world.clock.advance(10_000);
      await say(inbound, alice, 'list');
      world.clock.advance(10_000);
      await say(inbound, alice, 'stats');
      world.clock.advance(5_000);

      const refused = await say(inbound, alice, 'Bob will call me back tomorrow');

      expect(refused.kind).toBe('error');
      // The first command leaves the window 60 s after it ran: 35 s from now.
      expect(text(refused)).toMatch(/more than 3 commands in a minute.*try again in 35 seconds/);
      expect((await everything(alice)).map((p) => p.contact.name)).toEqual(['Jane']);
    });

    it('counts button presses too, per member, per workspace, and lets the member in again as the window slides', async () => {
      const inbound = inboundWith({ commandsPerMinute: 2 });
      const added = await say(inbound, alice, 'Jane will call me back tomorrow');
      const undo = added.sections[0]?.items[0]?.actions?.find((a) => a.kind === 'undo');
      if (undo?.kind !== 'undo') throw new Error('expected an undo button');
      await press(inbound, alice, { kind: 'snooze', promiseId: undo.promiseId, preset: 'tomorrow' });

      const pressed = await press(inbound, alice, { kind: 'followed', promiseId: undo.promiseId });
      expect(text(pressed)).toMatch(/more than 2 commands in a minute/);
      expect((await everything(alice))[0]?.followUps).toEqual([]);

      // Someone else, and Alice's own id in another workspace, count on their own.
      expect((await say(inbound, onSlack('Bob', 'UTC'), 'list')).kind).not.toBe('error');
      expect((await say(inbound, onSlack('Alice', 'UTC', 'ws-2'), 'list')).kind).not.toBe('error');

      world.clock.advance(59_999);
      expect(text(await say(inbound, alice, 'list'))).toMatch(/try again in 1 second\./);
      world.clock.advance(1);
      const later = await press(inbound, alice, { kind: 'followed', promiseId: undo.promiseId });
      expect(text(later)).toMatch(/Logged follow-up 1 of 3/);
    });

    it('a request key is remembered once: a retry gets null and no second effect', async () => {
      const first = await say(world.inbound, alice, 'Jane will call me back tomorrow', 'command:T1');
      const retry = await say(world.inbound, alice, 'Jane will call me back tomorrow', 'command:T1');
      expect(first?.kind).toBe('confirmation');
      expect(retry).toBeNull();
      expect((await everything(alice)).map((p) => p.contact.name)).toEqual(['Jane']);
    });

    it('a refused request writes nothing: no request key, no member upsert', async () => {
      const inbound = inboundWith({ commandsPerMinute: 1 });
      const newcomer = onSlack('Newcomer', 'UTC', 'ws-fresh');
      await say(inbound, newcomer, 'list', 'command:N1');
      const rows = async () => ({
        keys: await world.database.db.select().from(processedRequests),
        members: await world.database.db.select().from(members),
        workspaces: await world.database.db.select().from(workspaces),
      });
      const before = await rows();
      world.clock.advance(1_000);

      const refused = await say(inbound, newcomer, 'list', 'command:N2');
      const pressed = await press(inbound, newcomer, { kind: 'confirm_forget' }, 'action:N3');

      expect(refused?.kind).toBe('error');
      expect(pressed?.kind).toBe('error');
      expect(await rows()).toEqual(before);
    });
  });

  describe('open promises per member', () => {
    it('refuses a new promise at the cap, suggesting to close some; nothing is stored, not even a number', async () => {
      const inbound = inboundWith({ maxOpenPromises: 2 });
      await say(inbound, alice, 'Jane will call me back tomorrow');
      await say(inbound, alice, 'Bob will call me back tomorrow');

      const refused = await say(inbound, alice, 'Priya will call me back tomorrow');
      const met = await say(inbound, alice, 'met Sam at Globex today');
      const viaForm = await submit(inbound, alice, form());

      for (const reply of [refused, met, viaForm]) {
        expect(reply.kind).toBe('error');
        expect(text(reply)).toMatch(
          /already have 2 open promises.*\/promise heard #3.*\/promise close #3 cold/,
        );
      }
      expect((await everything()).map((p) => p.contact.name)).toEqual(['Jane', 'Bob']);

      await say(inbound, alice, 'heard #1');
      await say(inbound, alice, 'Priya will call me back tomorrow');
      const open = (await everything()).filter((p) => p.outcome === null);
      expect(open.map((p) => [p.ref, p.contact.name])).toEqual([
        [2, 'Bob'],
        [3, 'Priya'],
      ]);
    });

    it('an Edit at the cap replaces the promise instead of being refused', async () => {
      const inbound = inboundWith({ maxOpenPromises: 1 });
      await submit(inbound, alice, form());
      const [original] = await everything();
      const edited = await submit(inbound, alice, form({ when: 'in a week' }), original?.id ?? '');
      expect(edited.kind).not.toBe('error');
      const after = await everything();
      expect(after).toHaveLength(1);
      expect(after[0]?.id).not.toBe(original?.id);
      expect(after[0]?.due.precision).toBe('days');
    });

    it('adds sent at the same moment cannot pass the cap together', async () => {
      const inbound = inboundWith({ maxOpenPromises: 2 });
      const replies = await Promise.all(
        ['Ann', 'Ben', 'Cat', 'Dan', 'Eve'].map((name) =>
          say(inbound, alice, `${name} will call me back tomorrow`),
        ),
      );
      expect(replies.filter((r) => r.kind === 'error')).toHaveLength(3);
      expect(await everything()).toHaveLength(2);
    });
  });
});
