import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.ts';
import { DrizzleInstallationRepository } from '../../db/installation-store.ts';
import { workspaces } from '../../db/schema.ts';
import { createInbound } from '../../src/app/inbound.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';
import {
  type BlockActionsShape,
  blockActionsPayload,
  commandBody,
  FakeSlack,
  interactionBody,
  postSigned,
  type SlackCall,
  viewSubmissionPayload,
} from '../support/fake-slack.ts';
import { describeOnDrivers, openWorld, resetDatabase } from '../support/world.ts';

/*
 * What a real Slack sends beyond the tidy payloads: JSON null for the payload itself, clicks
 * with `channel` null (App Home), no `message` (ephemeral replies), `team` null (org-wide
 * installs), no user name, no workspace at all; forms without private_metadata. Each must be
 * answered, act in the right workspace or in none, and leave no error behind.
 */

const KEYS = [randomBytes(32)];
const SECRET = 'payloads-signing-secret';

async function callTo(
  slack: FakeSlack,
  match: (call: SlackCall) => boolean,
  from: number,
): Promise<SlackCall> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = slack.calls.slice(from).find(match);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no matching call; saw ${slack.calls.map((c) => c.method).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const text = (call: SlackCall) => JSON.stringify(call.args.blocks ?? call.args.view ?? call.args.text ?? '');

describeOnDrivers('Slack payloads with null and missing fields', (driver) => {
  const slack = new FakeSlack();
  const lines: Record<string, unknown>[] = [];
  // Debug, as an operator chasing a problem would run it: member text must stay out even then.
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    }),
  );
  let world: Awaited<ReturnType<typeof openWorld>>;
  let adapter: SlackAdapter;
  let events = '';
  let responses = 0;
  const responseUrl = () => `${slack.url}/response/${++responses}`;
  const isResponse = (url: string) => (call: SlackCall) => `${slack.url}/${call.method}` === url;
  /** Log lines that mean something went wrong: a handler threw, or a request was never acked. */
  const failures = () =>
    lines.filter(
      (line) => Number(line.level) >= 50 || /not acknowledged|unhandled/i.test(String(line.msg ?? '')),
    );

  async function command(text: string, team = 'T1'): Promise<SlackCall> {
    const url = responseUrl();
    const from = slack.calls.length;
    const response = await postSigned(events, commandBody({ text, responseUrl: url, team }), SECRET);
    expect(response.status).toBe(200);
    return callTo(slack, isResponse(url), from);
  }

  /** Adds a promise and returns the value its buttons carry (the promise id). */
  async function promiseId(who: string, team = 'T1'): Promise<string> {
    const added = await command(`${who} will call me back tomorrow`, team);
    const blocks = added.args.blocks as { elements?: { action_id: string; value?: string }[] }[];
    const undo = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'thrice_undo');
    expect(undo?.value).toBeDefined();
    return undo?.value ?? '';
  }

  /** Presses "They got back to me" on promise `id` in the Home tab; resolves with the republished view. */
  async function heardInHome(id: string): Promise<SlackCall> {
    const from = slack.calls.length;
    const payload = blockActionsPayload({
      shape: 'app_home',
      action: { type: 'button', action_id: 'thrice_heard', block_id: `thrice_actions:${id}`, value: id },
    });
    expect((await postSigned(events, interactionBody(payload), SECRET)).status).toBe(200);
    return callTo(slack, (c) => c.method === 'views.publish', from);
  }

  async function member(team = 'T1') {
    return world.inbound.memberFor({
      workspace: { platform: 'slack', externalId: team, name: null },
      user: { externalId: 'U1', displayName: 'U1' },
      canManageWorkspace: false,
    });
  }

  beforeAll(async () => {
    await slack.start();
    world = await openWorld({ driver, now: new Date().toISOString() });
    adapter = createSlackAdapter({
      config: { mode: 'single', signingSecret: SECRET, botToken: 'xoxb-test', apiUrl: slack.apiUrl },
      inbound: createInbound({
        store: world.store,
        clock: world.clock,
        log,
        limits: { ...DEFAULT_LIMITS, commandsPerMinute: 10_000 },
      }),
      installations: new DrizzleInstallationRepository(world.database.db, KEYS),
      log,
      port: 0,
    });
    events = `http://127.0.0.1:${await adapter.start()}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await world.close();
    await slack.stop();
  });
  beforeEach(async () => {
    await resetDatabase(world.database);
    world.clock.set(new Date());
    lines.length = 0;
  });

  it('at LOG_LEVEL=debug, no log line carries what the member typed (Bolt and its Web API client log whole bodies)', async () => {
    await promiseId('Zephyrine Quastbrook (Vexalith)');
    const id = await promiseId('Jane Doe');
    // A press in the Home tab republishes it through the Web API client, Zephyrine's line included.
    const published = await heardInHome(id);
    expect(JSON.stringify(published.args)).toMatch(/Quastbrook/);
    expect(lines.some((line) => Number(line.level) === 20)).toBe(true);
    expect(JSON.stringify(lines)).not.toMatch(/Quastbrook|Vexalith/);
  });

  it('a signed interaction whose payload is JSON null is refused with 400, and the next command answers', async () => {
    const response = await postSigned(events, interactionBody(null), SECRET);
    expect(response.status).toBe(400);
    const json = await postSigned(events, 'null', SECRET, { contentType: 'application/json' });
    expect(json.status).toBe(400);
    // Unsigned, the same body is refused as any unsigned request is.
    expect((await postSigned(events, interactionBody(null), SECRET, { tamper: true })).status).toBe(401);
    // Bolt's own check is off (the adapter verifies first): a request with no signature at all is refused too.
    const unsigned = await fetch(events, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: commandBody({ text: 'Mallory will call me tomorrow', responseUrl: responseUrl() }),
    });
    expect(unsigned.status).toBe(401);
    expect(text(await command('list'))).toMatch(/No open promises/);
    expect(failures()).toEqual([]);
  });

  for (const shape of [
    'message',
    'ephemeral',
    'org_install',
    'no_user_name',
  ] as const satisfies BlockActionsShape[]) {
    it(`a click on "I followed up" works when Slack sends the ${shape} shape`, async () => {
      const id = await promiseId('Jane Doe');
      const url = responseUrl();
      const from = slack.calls.length;
      const payload = blockActionsPayload({
        shape,
        responseUrl: url,
        action: { type: 'button', action_id: 'thrice_followed', block_id: `thrice_actions:${id}`, value: id },
      });
      expect((await postSigned(events, interactionBody(payload), SECRET)).status).toBe(200);
      expect(text(await callTo(slack, isResponse(url), from))).toMatch(
        /Logged follow-up 1 of 3 with Jane Doe/,
      );
      const { workspaceId, id: memberId } = await member();
      const [promise] = await world.store.listPromises({ workspaceId, memberId });
      expect(promise?.followUps).toHaveLength(1);
      expect(failures()).toEqual([]);
    });
  }

  it('a click in the Home tab (channel null, no message, no response_url) acts and republishes the Home tab', async () => {
    const id = await promiseId('Jane Doe');
    const published = await heardInHome(id);
    expect(published.args.user_id).toBe('U1');
    const { workspaceId, id: memberId } = await member();
    expect(await world.store.listPromises({ workspaceId, memberId })).toEqual([]);
    // A cancel click there has no response_url to answer through: it is dropped quietly.
    const cancel = blockActionsPayload({
      shape: 'app_home',
      action: { type: 'button', action_id: 'thrice_cancel', value: 'cancel' },
    });
    expect((await postSigned(events, interactionBody(cancel), SECRET)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(failures()).toEqual([]);
  });

  it('a click that names no workspace changes nothing anywhere and says so', async () => {
    const id = await promiseId('Jane Doe');
    const url = responseUrl();
    const from = slack.calls.length;
    const payload = blockActionsPayload({
      shape: 'no_team',
      responseUrl: url,
      action: { type: 'button', action_id: 'thrice_heard', block_id: `thrice_actions:${id}`, value: id },
    });
    expect((await postSigned(events, interactionBody(payload), SECRET)).status).toBe(200);
    expect(String((await callTo(slack, isResponse(url), from)).args.text)).toMatch(
      /couldn't tell which Slack workspace/,
    );
    const { workspaceId, id: memberId } = await member();
    const [promise] = await world.store.listPromises({ workspaceId, memberId });
    expect(promise?.outcome).toBeNull();
    // Nothing was created in a nameless workspace either.
    const teams = await world.database.db.select({ externalId: workspaces.externalId }).from(workspaces);
    expect(teams.map((t) => t.externalId)).toEqual(['T1']);
    expect(failures()).toEqual([]);
  });

  it('the form from an org-wide install, with no private_metadata and an empty select, records the promise', async () => {
    const value = (v: string) => ({ type: 'plain_text_input', value: v });
    const from = slack.calls.length;
    const payload = viewSubmissionPayload({
      orgInstall: true,
      values: {
        who: { who: value('Priya') },
        role: { role: { type: 'static_select', selected_option: null } },
        company: { company: value('Initech') },
        what: { what: value('email me the offer') },
        when: { when: { type: 'plain_text_input', value: 'tomorrow' } },
        note: { note: { type: 'plain_text_input', value: null } },
      },
    });
    const response = await postSigned(events, interactionBody(payload), SECRET);
    expect(response.status).toBe(200);
    const dm = await callTo(slack, (c) => c.method === 'chat.postMessage' && text(c).includes('Priya'), from);
    expect(text(dm)).toMatch(/Priya \(Initech\) promised to email you the offer/);
    const { workspaceId, id: memberId } = await member();
    expect((await world.store.listPromises({ workspaceId, memberId })).map((p) => p.contact.name)).toEqual([
      'Priya',
    ]);
    expect(failures()).toEqual([]);
  });
});
