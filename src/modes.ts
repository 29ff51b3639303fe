/*
 * What each command of the entry point does once the configuration is read: the long-running
 * console and platform modes, and the one-shot tick, key rotation and command registration. Kept
 * apart from main.ts so that --help and a configuration error answer without loading any of it.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createConsoleAdapter } from '../adapters/console/index.ts';
import { renderText } from '../adapters/console/render.ts';
import { DISCORD_INTERACTIONS_PATH } from '../adapters/discord/path.ts';
import { type Database, openDatabase } from '../db/connection.ts';
import {
  DrizzleInstallationRepository,
  InstallationSecretError,
  keyId,
  reencryptInstallations,
} from '../db/installation-store.ts';
import { DrizzleOrganiserStore } from '../db/organiser-store.ts';
import { DrizzleOutboxStore } from '../db/outbox-store.ts';
import { DrizzlePacingStore } from '../db/pacing-store.ts';
import { DrizzleStore } from '../db/store.ts';
import { createInbound } from './app/inbound.ts';
import type { Config } from './config.ts';
import type { Platform } from './core/model.ts';
import { organiserChartData } from './core/organiser-report.ts';
import type { DeliveryPort } from './core/ports/delivery.ts';
import type { PlatformAdapter } from './core/ports/platform.ts';
import type { Clock } from './core/ports/store.ts';
import { fail } from './exit.ts';
import { ORGANISER_PATH, organiserLinks, organiserRoute } from './organiser/route.ts';
import { createMetrics, type Metrics } from './runtime/metrics.ts';
import { type OpsRoute, opsRoutes, type ReadinessCheck, startOpsServer } from './runtime/ops-server.ts';
import type { ProcessGuard } from './runtime/process-guard.ts';
import { exitOnSignals } from './runtime/shutdown.ts';
import { createWorkGate, type WorkGate } from './runtime/work-gate.ts';
import { planTick } from './scheduler/planner.ts';
import { newWorkerId, type RunningScheduler, runTick, startScheduler } from './scheduler/scheduler.ts';

const systemClock: Clock = { now: () => new Date() };

/** How long shutdown waits for commands already running to answer. */
const IN_FLIGHT_GRACE_MS = 5_000;

async function open(config: Config): Promise<Database> {
  return openDatabase(
    config.databaseUrl === undefined
      ? { dataDir: config.dataDir }
      : { dataDir: config.dataDir, databaseUrl: config.databaseUrl },
  );
}

/** `thrice tick [--dry-run]`: one planning and sending pass, for an external cron. */
export async function tick(config: Config, log: Logger, dryRun: boolean): Promise<void> {
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
export async function rotateKeys(config: Config): Promise<void> {
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
export async function discordRegister(config: Config, guild: string | undefined): Promise<void> {
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
  /** Tells organiser links which port the public server bound (PORT may be 0: any free one). */
  publicPortBound(port: number): void;
}

async function openRuntime(config: Config, log: Logger): Promise<Runtime> {
  const database = await open(config);
  const store = new DrizzleStore(database.db);
  const outbox = new DrizzleOutboxStore(database.db);
  const metrics = createMetrics(systemClock.now);
  metrics.watchOutbox(() => outbox.backlog(systemClock.now()));
  const reachability = () => outbox.reachability();
  metrics.watchReachability(reachability);
  const organiserStore = new DrizzleOrganiserStore(database.db);
  let publicPort = config.port;
  const organiser = organiserLinks(
    organiserStore,
    () => config.publicUrl ?? `http://localhost:${publicPort}`,
  );
  const inbound = createInbound({
    store,
    clock: systemClock,
    log,
    limits: config.limits,
    organiser,
    observe: (event) => metrics.command(event.platform, event.kind, event.outcome, event.seconds),
  });
  const gate = createWorkGate(inbound);
  const checks: ReadinessCheck[] = [{ name: 'database', check: () => database.check() }];
  const routes = [
    ...opsRoutes({ checks, metrics, draining: () => gate.closed, reachability, log }),
    organiserRoute({
      store: organiserStore,
      clock: systemClock,
      log,
      // ECharts is loaded with the first page, not at start.
      chart: async (report) =>
        (await import('./charts/stats-chart.ts')).groupChartSvg(organiserChartData(report)),
    }),
  ];
  return {
    log,
    database,
    outbox,
    metrics,
    gate,
    routes,
    checks,
    publicPortBound: (port) => {
      publicPort = port;
    },
  };
}

function schedulerFor(
  config: Config,
  runtime: Runtime,
  ports: ReadonlyMap<Platform, DeliveryPort>,
): RunningScheduler | null {
  if (config.scheduler !== 'in-process') return null;
  const { outbox, log, metrics } = runtime;
  // Paced against budgets in the database, so every instance together stays within the limits.
  const pacing = { budget: new DrizzlePacingStore(runtime.database.db), limits: config.pacing };
  return startScheduler(
    { store: outbox, ports, clock: systemClock, log, metrics, leaseMs: config.claimLeaseMs, pacing },
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
export async function runConsole(config: Config, log: Logger, guard: ProcessGuard): Promise<void> {
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
  const publicServer = await servePublicPort(config, runtime, server, log);
  const scheduler = schedulerFor(config, runtime, new Map([['console', consoleAdapter.delivery]]));
  const stop = () => stopRuntime(runtime, scheduler, [closeServer(server), closeServer(publicServer)]);
  guard.attach({ shutdown: exitOnSignals(log, stop) });
  await scheduler?.tickNow();
  await consoleAdapter.run();
  await stop();
}

/** What PORT keeps when OPS_PORT takes the rest; Discord's HTTP interactions are POSTed from the internet. */
const PUBLIC_PATHS = new Set(['/healthz', ORGANISER_PATH, DISCORD_INTERACTIONS_PATH]);

/**
 * The routes the public PORT serves: all of them, or only /healthz and the organiser page when
 * OPS_PORT takes the rest.
 */
function publicRoutes(config: Config, routes: readonly OpsRoute[]): OpsRoute[] {
  // /healthz stays on PORT: the image's HEALTHCHECK and load balancers probe the public port,
  // and it says nothing but "up". The organiser page is opened from members' browsers.
  return config.opsPort === undefined ? [...routes] : routes.filter((route) => PUBLIC_PATHS.has(route.path));
}

function portOf(server: Server | null): number | null {
  const address = server?.address();
  return typeof address === 'object' && address !== null ? address.port : null;
}

/**
 * Where no platform serves HTTP: the ops server is the public one unless OPS_PORT moved it, and
 * then PORT gets a server of its own for /healthz and the organiser page (returned, to close).
 */
async function servePublicPort(
  config: Config,
  runtime: Runtime,
  opsServer: Server | null,
  log: Logger,
): Promise<Server | null> {
  if (config.opsPort === undefined) {
    const port = portOf(opsServer);
    if (port !== null) runtime.publicPortBound(port);
    return null;
  }
  const routes = publicRoutes(config, runtime.routes);
  const server = await startOpsServer(routes, config.port, log, 'public port listening').catch(
    (error: unknown) => {
      // Discord's HTTP interactions come to PORT only: without it, Discord reaches this process
      // nowhere, while OPS_PORT's /readyz would call it ready. Better to fail the start loudly.
      if (config.discord?.interactions?.mode === 'http') throw error;
      log.warn(
        { err: error, port: config.port },
        'public port not served: no /healthz or organiser page on it',
      );
      return null;
    },
  );
  const port = portOf(server);
  if (port !== null) runtime.publicPortBound(port);
  return server;
}

/** Slack and/or Discord, with the in-process scheduler delivering to them. */
export async function runPlatforms(config: Config, log: Logger, guard: ProcessGuard): Promise<void> {
  const runtime = await openRuntime(config, log);
  guard.attach({ count: (kind) => runtime.metrics.processError(kind) });
  const { gate, checks, routes } = runtime;
  const inbound = gate.inbound;
  const adapters: PlatformAdapter[] = [];
  // Each platform's library is loaded only where it is configured: discord.js alone takes about a
  // second and tens of MB to load, which a Slack-only deployment (or the console) never needs.
  // Discord is made first: with HTTP interactions its route joins the public port's, whichever
  // server (Slack's, or our own) listens there.
  let discord: PlatformAdapter | null = null;
  if (config.discord !== undefined) {
    const { createDiscordAdapter } = await import('../adapters/discord/index.ts');
    const adapter = createDiscordAdapter({ config: config.discord, inbound, log, limits: config.limits });
    routes.push(...adapter.routes);
    discord = adapter;
  }
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
  if (discord !== null) adapters.push(discord);
  const ports = new Map<Platform, DeliveryPort>();
  const closers: (() => Promise<void>)[] = [];
  for (const adapter of adapters) {
    // An unreachable platform does not fail this: the adapter retries and /readyz names it meanwhile.
    const bound = await adapter.start();
    if (adapter.servesHttp && typeof bound === 'number') runtime.publicPortBound(bound);
    ports.set(adapter.platform, adapter.delivery);
    checks.push({ name: adapter.platform, check: () => adapter.connectionProblem() });
    closers.push(() => adapter.stop());
  }
  if (config.publicUrl === undefined)
    log.warn(
      { port: config.port },
      'PUBLIC_URL is not set: /promise dashboard links point at http://localhost, which only this machine opens',
    );
  const opsOnPublicPort = adapters.some((adapter) => adapter.servesHttp) && config.opsPort === undefined;
  const discordOverHttp = config.discord?.interactions?.mode === 'http';
  if ((opsOnPublicPort || discordOverHttp) && config.opsPort === undefined)
    log.warn(
      { port: config.port },
      `/metrics and /readyz answer on PORT, the port ${opsOnPublicPort ? 'Slack' : 'Discord'} reaches from the internet; set OPS_PORT to serve them privately`,
    );
  // On a private OPS_PORT, Discord's interactions have no business: they come to PORT.
  const opsServerRoutes =
    config.opsPort === undefined
      ? routes
      : routes.filter((route) => route.path !== DISCORD_INTERACTIONS_PATH);
  const server = opsOnPublicPort
    ? null
    : await startOpsServer(opsServerRoutes, config.opsPort ?? config.port, log);
  closers.push(closeServer(server));
  if (!adapters.some((adapter) => adapter.servesHttp))
    closers.push(closeServer(await servePublicPort(config, runtime, server, log)));
  const scheduler = schedulerFor(config, runtime, ports);
  guard.attach({ shutdown: exitOnSignals(log, () => stopRuntime(runtime, scheduler, closers)) });
  await scheduler?.tickNow();
}
