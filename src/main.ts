#!/usr/bin/env node
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createConsoleAdapter } from '../adapters/console/index.ts';
import { renderText } from '../adapters/console/render.ts';
import { type Database, openDatabase } from '../db/connection.ts';
import {
  DrizzleInstallationRepository,
  InstallationSecretError,
  keyId,
  reencryptInstallations,
} from '../db/installation-store.ts';
import { DrizzleOutboxStore } from '../db/outbox-store.ts';
import { DrizzleStore } from '../db/store.ts';
import { createInbound } from './app/inbound.ts';
import { HELP, parseCommandLine } from './cli.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { isThriceError } from './core/errors.ts';
import type { Platform } from './core/model.ts';
import type { DeliveryPort } from './core/ports/delivery.ts';
import type { PlatformAdapter } from './core/ports/platform.ts';
import type { Clock } from './core/ports/store.ts';
import { createLogger } from './runtime/logger.ts';
import { createMetrics, type Metrics } from './runtime/metrics.ts';
import { type OpsRoute, opsRoutes, type ReadinessCheck, startOpsServer } from './runtime/ops-server.ts';
import { guardProcess, type ProcessGuard } from './runtime/process-guard.ts';
import { exitOnSignals } from './runtime/shutdown.ts';
import { createWorkGate, type WorkGate } from './runtime/work-gate.ts';
import { planTick } from './scheduler/planner.ts';
import { newWorkerId, type RunningScheduler, runTick, startScheduler } from './scheduler/scheduler.ts';

/** Operator-facing failure: print each line, exit 2 (configuration), no stack trace. */
function fail(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`thrice: ${line}\n`);
  process.exit(2);
}

const systemClock: Clock = { now: () => new Date() };

/** How long shutdown waits for commands already running to answer. */
const IN_FLIGHT_GRACE_MS = 5_000;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.problems);
    throw error;
  }
}

/** Every configured value that must never reach a log line. */
function secretsOf(config: Config): string[] {
  const secrets: (string | undefined)[] = [
    config.slack?.signingSecret,
    config.slack?.appToken,
    config.slack?.mode === 'single' ? config.slack.botToken : config.slack?.clientSecret,
    config.slack?.mode === 'oauth' ? config.slack.stateSecret : undefined,
    config.discord?.token,
    ...(config.encryptionKeys ?? []).map((key) => key.toString('base64')),
  ];
  if (config.databaseUrl !== undefined && URL.canParse(config.databaseUrl)) {
    const password = new URL(config.databaseUrl).password;
    secrets.push(password, decodeURIComponent(password));
  }
  return secrets.filter((secret): secret is string => secret !== undefined && secret !== '');
}

async function open(config: Config): Promise<Database> {
  return openDatabase(
    config.databaseUrl === undefined
      ? { dataDir: config.dataDir }
      : { dataDir: config.dataDir, databaseUrl: config.databaseUrl },
  );
}

/** `thrice tick [--dry-run]`: one planning and sending pass, for an external cron. */
async function tick(config: Config, log: Logger, dryRun: boolean): Promise<void> {
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
    // The console's deliveries are printed; platform deliveries stay for the running bot.
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
    const report = await runTick({
      store,
      ports,
      clock: systemClock,
      log,
      workerId: newWorkerId(),
      leaseMs: config.claimLeaseMs,
    });
    process.stdout.write(
      `tick: planned ${report.plan.digests} digests, ${report.plan.nudges} nudges, ${report.plan.roundups} roundups; sent ${report.drain.sent}, retrying ${report.drain.retried + report.drain.rateLimited}, dead ${report.drain.dead}.\n`,
    );
  } finally {
    await database.close();
  }
}

/** `thrice rotate-keys`: re-encrypts every stored installation with the newest key. */
async function rotateKeys(config: Config): Promise<void> {
  const keys = config.encryptionKeys;
  const newest = keys?.[0];
  if (keys === undefined || newest === undefined)
    fail(['THRICE_ENCRYPTION_KEY: set it (newest key first) to rotate the installation tokens.']);
  const database = await open(config);
  try {
    const report = await reencryptInstallations(database.db, keys);
    process.stdout.write(
      `rotate-keys: re-encrypted ${report.reencrypted} installation(s) with key ${keyId(newest)}; ${report.current} already used it.\n`,
    );
  } catch (error) {
    if (error instanceof InstallationSecretError) fail([error.userMessage]);
    throw error;
  } finally {
    await database.close();
  }
}

/** `thrice discord-register [--guild <id>]`: registers `/promise` with Discord. */
async function discordRegister(config: Config, guild: string | undefined): Promise<void> {
  if (config.discord === undefined)
    fail(['DISCORD_TOKEN: set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register commands.']);
  const { registerCommands } = await import('../adapters/discord/register.ts');
  await registerCommands(config.discord, config.limits, guild);
  process.stdout.write(
    `Registered /promise ${guild === undefined ? 'globally (may take up to an hour to appear)' : `in guild ${guild}`}.\n`,
  );
}

/** What every long-running mode shares: database, metrics, the command gate, health routes. */
interface Runtime {
  log: Logger;
  database: Database;
  outbox: DrizzleOutboxStore;
  metrics: Metrics;
  gate: WorkGate;
  routes: OpsRoute[];
  /** Platform connections /readyz waits for (added as adapters are created). */
  checks: ReadinessCheck[];
}

async function openRuntime(config: Config, log: Logger): Promise<Runtime> {
  const database = await open(config);
  const store = new DrizzleStore(database.db);
  const outbox = new DrizzleOutboxStore(database.db);
  const metrics = createMetrics(systemClock.now);
  metrics.watchOutbox(() => outbox.backlog(systemClock.now()));
  const inbound = createInbound({
    store,
    clock: systemClock,
    log,
    limits: config.limits,
    observe: (event) => metrics.command(event.platform, event.kind, event.outcome, event.seconds),
  });
  const gate = createWorkGate(inbound);
  const checks: ReadinessCheck[] = [{ name: 'database', check: () => database.check() }];
  const routes = opsRoutes({ checks, metrics, draining: () => gate.closed, log });
  return { log, database, outbox, metrics, gate, routes, checks };
}

function schedulerFor(
  config: Config,
  runtime: Runtime,
  ports: ReadonlyMap<Platform, DeliveryPort>,
): RunningScheduler | null {
  if (config.scheduler !== 'in-process') return null;
  const { outbox, log, metrics } = runtime;
  return startScheduler(
    { store: outbox, ports, clock: systemClock, log, metrics, leaseMs: config.claimLeaseMs },
    config.tickSchedule,
  );
}

/**
 * The order of a graceful stop: turn new commands away, stop ticking and hand back unsent
 * claims, let running commands answer, then close connections and the database.
 */
async function stopRuntime(
  runtime: Runtime,
  scheduler: RunningScheduler | null,
  closers: readonly (() => Promise<void>)[],
): Promise<void> {
  runtime.gate.close();
  await scheduler?.stop();
  if (!(await runtime.gate.idle(IN_FLIGHT_GRACE_MS)))
    runtime.log.warn('commands still running at shutdown were cut off');
  for (const close of closers) {
    await close().catch((error: unknown) => runtime.log.warn({ err: error }, 'close failed'));
  }
  await runtime.database.close();
}

function closeServer(server: Server | null): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (server === null) return resolve();
      server.close(() => resolve());
      server.closeIdleConnections();
    });
}

/** The console: the bot in a terminal, on the embedded database unless DATABASE_URL is set. */
async function runConsole(config: Config, log: Logger, guard: ProcessGuard): Promise<void> {
  const runtime = await openRuntime(config, log);
  guard.attach({ count: (kind) => runtime.metrics.processError(kind) });
  // Output piped into `head` and closed early is a normal end, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const consoleAdapter = createConsoleAdapter({
    inbound: runtime.gate.inbound,
    input: process.stdin,
    output: process.stdout,
    interactive: process.stdin.isTTY === true,
    filesDir: join(config.dataDir, 'files'),
  });
  // Health and metrics are a convenience here: a second console on the same port just goes without.
  const opsPort = config.opsPort ?? config.port;
  const server = await startOpsServer(runtime.routes, opsPort, log).catch((error: unknown) => {
    log.warn({ err: error, port: opsPort }, 'health and metrics endpoints not started');
    return null;
  });
  const scheduler = schedulerFor(config, runtime, new Map([['console', consoleAdapter.delivery]]));
  const stop = () => stopRuntime(runtime, scheduler, [closeServer(server)]);
  guard.attach({ shutdown: exitOnSignals(log, stop) });
  await scheduler?.tickNow();
  await consoleAdapter.run();
  await stop();
}

/** The routes the public PORT serves: all of them, or only /healthz when OPS_PORT takes the rest. */
function publicRoutes(config: Config, routes: readonly OpsRoute[]): OpsRoute[] {
  // /healthz stays on PORT: the image's HEALTHCHECK and load balancers probe the public port,
  // and it says nothing but "up".
  return config.opsPort === undefined ? [...routes] : routes.filter((route) => route.path === '/healthz');
}

/** Slack and/or Discord, with the in-process scheduler delivering to them. */
async function runPlatforms(config: Config, log: Logger, guard: ProcessGuard): Promise<void> {
  const runtime = await openRuntime(config, log);
  guard.attach({ count: (kind) => runtime.metrics.processError(kind) });
  const { gate, checks, routes } = runtime;
  const inbound = gate.inbound;
  const adapters: PlatformAdapter[] = [];
  // Each platform's library is loaded only where it is configured: discord.js alone takes about a
  // second and tens of MB to load, which a Slack-only deployment (or the console) never needs.
  if (config.slack !== undefined) {
    const { createSlackAdapter } = await import('../adapters/slack/index.ts');
    adapters.push(
      createSlackAdapter({
        config: config.slack,
        inbound,
        installations: new DrizzleInstallationRepository(runtime.database.db, config.encryptionKeys ?? []),
        log,
        port: config.port,
        routes: publicRoutes(config, routes),
        limits: config.limits,
      }),
    );
  }
  if (config.discord !== undefined) {
    const { createDiscordAdapter } = await import('../adapters/discord/index.ts');
    adapters.push(createDiscordAdapter({ config: config.discord, inbound, log, limits: config.limits }));
  }
  const ports = new Map<Platform, DeliveryPort>();
  const closers: (() => Promise<void>)[] = [];
  for (const adapter of adapters) {
    // An unreachable platform does not fail this: the adapter retries and /readyz names it meanwhile.
    await adapter.start();
    ports.set(adapter.platform, adapter.delivery);
    checks.push({ name: adapter.platform, check: () => adapter.connectionProblem() });
    closers.push(() => adapter.stop());
  }
  const opsOnPublicPort = adapters.some((adapter) => adapter.servesHttp) && config.opsPort === undefined;
  if (opsOnPublicPort)
    log.warn(
      { port: config.port },
      '/metrics and /readyz answer on PORT, the port Slack reaches from the internet; set OPS_PORT to serve them privately',
    );
  const server = opsOnPublicPort ? null : await startOpsServer(routes, config.opsPort ?? config.port, log);
  closers.push(closeServer(server));
  const scheduler = schedulerFor(config, runtime, ports);
  guard.attach({ shutdown: exitOnSignals(log, () => stopRuntime(runtime, scheduler, closers)) });
  await scheduler?.tickNow();
}

async function main(args: readonly string[]): Promise<void> {
  // The command line before the configuration: --help and a typo need no settings to answer.
  const parsed = parseCommandLine(args);
  if (!parsed.ok) fail([parsed.problem]);
  const invocation = parsed.value;
  if (invocation.command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const config = readConfig();
  const log = createLogger(config.logLevel, { secrets: secretsOf(config) });
  if (invocation.command === 'tick') return tick(config, log, invocation.dryRun);
  if (invocation.command === 'rotate-keys') return rotateKeys(config);
  if (invocation.command === 'discord-register') return discordRegister(config, invocation.guild);
  // Long-running modes keep serving through a stray rejection or exception (one-shot commands
  // above fail loudly instead).
  const guard = guardProcess({ log });
  if (config.slack !== undefined || config.discord !== undefined) return runPlatforms(config, log, guard);
  await runConsole(config, log, guard);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (isThriceError(error)) fail([error.userMessage]);
  process.stderr.write(
    `thrice: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
