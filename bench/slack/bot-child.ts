import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { BotReply, BotRequest, MemorySample } from './bot-process.ts';

/** Thrice; a Bolt app that only acks; a Bolt app that does the add by hand (bot-process.ts). */
export type BotMode = 'thrice' | 'bare' | 'bare-add';

/** What one tick in the bot did. */
export type TickReply = Extract<BotReply, { type: 'tick' }>;

const SCRIPT = fileURLToPath(new URL('./bot-process.ts', import.meta.url));

/** A running bot process (bot-process.ts) and a way to ask it things. */
export interface BotChild {
  mode: BotMode;
  port: number;
  pid: number;
  /** Resident memory now, in bytes. */
  rss(): Promise<number>;
  /** Resident memory, V8's heap and off-heap buffers now, in bytes. */
  memory(): Promise<MemorySample>;
  /** One scheduler tick at `now`, with its peak resident memory. */
  tick(now: Date): Promise<TickReply>;
  /** A CPU profile of the process for `ms`: owners, then top functions. */
  profile(ms: number): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts bot-process.ts in `mode` and waits until it listens. */
export async function startBotChild(
  mode: BotMode,
  env: { databaseUrl: string; slackApiUrl: string; signingSecret: string },
): Promise<BotChild> {
  const child: ChildProcess = fork(SCRIPT, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      BENCH_BOT_MODE: mode,
      BENCH_DATABASE_URL: env.databaseUrl,
      BENCH_SLACK_API_URL: env.slackApiUrl,
      BENCH_SIGNING_SECRET: env.signingSecret,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = async <T extends BotReply['type']>(type: T): Promise<Extract<BotReply, { type: T }>> => {
    for (;;) {
      const [message] = (await once(child, 'message')) as [BotReply];
      if (message.type === type) return message as Extract<BotReply, { type: T }>;
    }
  };
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`bench bot (${mode}) exited with ${String(code)}`);
  });
  exited.catch(() => {});
  const ready = await Promise.race([next('ready'), exited]);
  const ask = <T extends BotReply['type']>(request: BotRequest, type: T) => {
    const reply = next(type);
    child.send(request);
    return Promise.race([reply, exited]);
  };
  return {
    mode,
    port: ready.port,
    pid: child.pid ?? 0,
    async rss() {
      const reply = await ask({ type: 'rss' }, 'rss');
      return reply.rss;
    },
    async memory() {
      const { type: _type, ...sample } = await ask({ type: 'rss' }, 'rss');
      return sample;
    },
    tick: (now) => ask({ type: 'tick', now: now.toISOString() }, 'tick'),
    async profile(ms) {
      const reply = await ask({ type: 'profile', ms }, 'profile');
      return [...reply.lines, '— top functions:', ...reply.functions];
    },
    async stop() {
      if (child.exitCode !== null) return;
      const gone = once(child, 'exit');
      child.send({ type: 'stop' } satisfies BotRequest);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
