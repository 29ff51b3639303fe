import { inArray, sql } from 'drizzle-orm';
import { openDatabase } from '../../db/connection.ts';
import { members } from '../../db/schema.ts';
import { DrizzleStore } from '../../db/store.ts';
import { defaultSettings } from '../../src/core/policy-defaults.ts';
import { commandBody, type FakeSlack, postSigned } from './fake-slack.ts';

/** The Slack team every load test's members belong to. */
export const TEAM = 'T1';

/**
 * Seeds Slack members `${prefix}0…` of team T1, each with one open promise (so a digest has
 * something to say) and no digest due yet; `makeDigestsDue` then makes some due.
 */
export async function seedSlackMembers(
  databaseUrl: string,
  options: { members: number; prefix: string },
): Promise<void> {
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://' });
  try {
    const store = new DrizzleStore(database.db);
    const workspace = await store.ensureWorkspace({ platform: 'slack', externalId: TEAM, name: null });
    const settings = defaultSettings('UTC');
    const now = new Date();
    for (let m = 0; m < options.members; m++) {
      const id = `${options.prefix}${m}`;
      await store.transaction(async (tx) => {
        // The display name is what the fake's users.info says, so a command does not rewrite the row.
        const member = await tx.ensureMember(workspace.id, {
          externalId: id,
          displayName: id,
          settings,
          nextDigestAt: null,
        });
        await tx.createPromise(
          { workspaceId: workspace.id, memberId: member.id },
          {
            kind: 'promise',
            contact: { name: `Seeded Contact ${m}`, role: 'recruiter', company: 'Acme' },
            what: 'call you back',
            promisedChannel: 'call',
            due: { at: new Date(now.getTime() + 3 * 86_400_000), precision: 'day' },
            note: null,
            createdAt: now,
            nextNudgeAt: null,
          },
        );
      });
    }
  } finally {
    await database.close();
  }
}

/**
 * Makes the digests of the given members due now (a moment earlier today, so the planner
 * sends rather than skips them) and returns how many rows changed.
 */
export async function makeDigestsDue(databaseUrl: string, externalIds: readonly string[]): Promise<number> {
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://' });
  try {
    const rows = await database.db
      .update(members)
      .set({
        nextDigestAt: sql`greatest(now() - interval '1 minute', date_trunc('day', now() at time zone 'UTC') at time zone 'UTC')`,
      })
      .where(inArray(members.externalId, [...externalIds]))
      .returning({ id: members.id });
    return rows.length;
  } finally {
    await database.close();
  }
}

/** One `/promise` the stream sent, and what came of it. */
export interface SentCommand {
  id: string;
  user: string;
  text: string;
  /** The contact name an add records (unique per command), or null for other commands. */
  contact: string | null;
  /** HTTP status of the signed request, or the network error's message. */
  status: number | string;
}

/**
 * A stream of signed `/promise` commands from many members to whatever port Thrice listens on
 * at the moment (null while it is down), at a steady rate, answered through response_url on
 * the fake Slack.
 */
export class CommandStream {
  readonly sent: SentCommand[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private next = 0;

  constructor(
    private readonly options: {
      slack: FakeSlack;
      signingSecret: string;
      users: readonly string[];
      port: () => number | null;
      perSecond: number;
      /** Tells responses of this stream apart from others on the same fake. */
      tag: string;
      /** Share of adds; the rest are `list` (reads). Default 1. */
      addShare?: number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => this.fire(), 1000 / this.options.perSecond);
  }

  /** Stops sending and waits for every request already sent to be answered. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(this.inFlight);
  }

  private fire(): void {
    const port = this.options.port();
    if (port === null) return;
    const n = this.next++;
    const { users, slack, signingSecret, tag } = this.options;
    const user = users[n % users.length] ?? 'U0';
    const add = Math.random() < (this.options.addShare ?? 1);
    const contact = add ? `Pat Q${n}` : null;
    const text = add ? `${contact} (Acme) will call me back by Friday 3pm` : 'list';
    const command: SentCommand = { id: `${tag}-${n}`, user, text, contact, status: 'not sent' };
    this.sent.push(command);
    const request = postSigned(
      `http://127.0.0.1:${port}/slack/events`,
      commandBody({ text, user, team: TEAM, responseUrl: `${slack.apiUrl}respond/${command.id}` }),
      signingSecret,
      { signal: AbortSignal.timeout(20_000) },
    ).then(
      async (response) => {
        command.status = response.status;
        await response.arrayBuffer();
      },
      (error: unknown) => {
        command.status = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      },
    );
    this.inFlight.add(request);
    void request.finally(() => this.inFlight.delete(request));
  }
}

/** The text Thrice sent back through a command's response_url, if it did. */
export function replyTo(slack: FakeSlack, commandId: string): string | undefined {
  const call = slack.callsOf(`respond/${commandId}`)[0];
  return call === undefined ? undefined : String(call.args.text ?? '');
}

/** An add's success reply echoes the promise ("Pat Q1 (Acme) promised to call you back …"). */
export function isAddConfirmation(reply: string | undefined, contact: string): boolean {
  if (reply === undefined) return false;
  // Notices (a first-use question about the country, say) may come before the confirmation.
  const at = reply.indexOf(contact);
  return at !== -1 && reply.indexOf(' promised to ', at) !== -1;
}

/** How many times each delivery id was posted with chat.postMessage (from message metadata). */
export function postsPerDelivery(slack: FakeSlack): Map<string, number> {
  const posts = new Map<string, number>();
  for (const call of slack.callsOf('chat.postMessage')) {
    const metadata = call.args.metadata as { event_payload?: { delivery_id?: unknown } } | undefined;
    const id = metadata?.event_payload?.delivery_id;
    if (typeof id !== 'string') continue;
    posts.set(id, (posts.get(id) ?? 0) + 1);
  }
  return posts;
}
