import { createConsoleAdapter } from '../adapters/console/index.ts';
import { renderText } from '../adapters/console/render.ts';
import { createDiscordAdapter } from '../adapters/discord/index.ts';
import { createSlackAdapter } from '../adapters/slack/index.ts';
import { openDatabase } from '../db/connection.ts';
import { DrizzleInstallationRepository } from '../db/installation-store.ts';
import { DrizzleOutboxStore } from '../db/outbox-store.ts';
import { DrizzleStore } from '../db/store.ts';
import { createCommandHandler } from './app/command-handler.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import type { DeliveryPort } from './core/delivery.ts';
import { isThriceError } from './core/errors.ts';
import type { Platform } from './core/model.ts';
import type { Clock } from './core/ports.ts';
import { createLogger } from './logger.ts';
import { planTick } from './scheduler/planner.ts';
import { newWorkerId, runTick, startScheduler } from './scheduler/scheduler.ts';

/** Operator-facing failure: print each line, exit 2 (configuration), no stack trace. */
function fail(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`thrice: ${line}\n`);
  process.exit(2);
}

const systemClock: Clock = { now: () => new Date() };

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.problems);
    throw error;
  }
}

async function open(config: Config) {
  return openDatabase(
    config.databaseUrl === undefined
      ? { dataDir: config.dataDir }
      : { dataDir: config.dataDir, databaseUrl: config.databaseUrl },
  );
}

/** `thrice tick [--dry-run]`: one planning and sending pass, for an external cron. */
async function tick(config: Config, dryRun: boolean): Promise<void> {
  const log = createLogger(config.logLevel);
  const database = await open(config);
  const store = new DrizzleOutboxStore(database.db);
  try {
    if (dryRun) {
      const report = await planTick({ store, now: systemClock.now(), log, dryRun: true });
      for (const delivery of report.planned) {
        process.stdout.write(`--- ${delivery.kind} → ${delivery.target.kind} (${delivery.dedupeKey})\n`);
        process.stdout.write(`${renderText(delivery.message).text}\n`);
      }
      process.stdout.write(
        `dry run: would send ${report.digests} digests, ${report.nudges} nudges, ${report.roundups} roundups; nothing was changed.\n`,
      );
      return;
    }
    // Console deliveries are printed here; platform ports join when their adapters exist.
    const ports = new Map<Platform, DeliveryPort>([
      [
        'console',
        {
          platform: 'console',
          async send(delivery) {
            process.stdout.write(`${renderText(delivery.message).text}\n`);
            return { platformMessageId: delivery.id };
          },
        },
      ],
    ]);
    const report = await runTick({ store, ports, clock: systemClock, log, workerId: newWorkerId() });
    process.stdout.write(
      `tick: planned ${report.plan.digests} digests, ${report.plan.nudges} nudges, ${report.plan.roundups} roundups; sent ${report.drain.sent}, retrying ${report.drain.retried + report.drain.rateLimited}, dead ${report.drain.dead}.\n`,
    );
  } finally {
    await database.close();
  }
}

/** The console: the bot in a terminal, on the embedded database unless DATABASE_URL is set. */
async function runConsole(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  const database = await open(config);
  const store = new DrizzleStore(database.db);
  const handler = createCommandHandler({ store, clock: systemClock, log });
  // Output piped into `head` and closed early is a normal end, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const consoleAdapter = createConsoleAdapter({
    handler,
    input: process.stdin,
    output: process.stdout,
    interactive: process.stdin.isTTY === true,
  });
  const scheduler =
    config.scheduler === 'in-process'
      ? startScheduler({
          store: new DrizzleOutboxStore(database.db),
          ports: new Map([['console', consoleAdapter.delivery]]),
          clock: systemClock,
          log,
        })
      : null;
  await scheduler?.tickNow();
  await consoleAdapter.run();
  await scheduler?.stop();
  await database.close();
}

/** Slack and/or Discord, with the in-process scheduler delivering to them. */
async function runPlatforms(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  const database = await open(config);
  const store = new DrizzleStore(database.db);
  const handler = createCommandHandler({ store, clock: systemClock, log });
  const adapters: { platform: Platform; delivery: DeliveryPort; stop(): Promise<void> }[] = [];
  if (config.slack !== undefined) {
    const installations = new DrizzleInstallationRepository(database.db);
    const slack = createSlackAdapter({
      config: config.slack,
      handler,
      store,
      installations,
      log,
      port: config.port,
    });
    await slack.start();
    adapters.push({ platform: 'slack', delivery: slack.delivery, stop: () => slack.stop() });
  }
  if (config.discord !== undefined) {
    const discord = createDiscordAdapter({ config: config.discord, handler, store, log });
    await discord.start();
    adapters.push({ platform: 'discord', delivery: discord.delivery, stop: () => discord.stop() });
  }
  const scheduler =
    config.scheduler === 'in-process'
      ? startScheduler({
          store: new DrizzleOutboxStore(database.db),
          ports: new Map(adapters.map((adapter) => [adapter.platform, adapter.delivery])),
          clock: systemClock,
          log,
        })
      : null;
  await scheduler?.tickNow();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'shutting down');
    await scheduler?.stop();
    for (const adapter of adapters) await adapter.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

async function main(args: readonly string[]): Promise<void> {
  const config = readConfig();
  if (args[0] === 'tick') return tick(config, args.includes('--dry-run'));
  if (args.length > 0)
    fail([`unknown command "${args.join(' ')}"; use no arguments to start, or "tick [--dry-run]".`]);
  if (config.slack !== undefined || config.discord !== undefined) return runPlatforms(config);
  await runConsole(config);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (isThriceError(error)) fail([error.userMessage]);
  process.stderr.write(
    `thrice: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
