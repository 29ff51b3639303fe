import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { type Driver, openTestDatabase } from './drivers.ts';
import { emptyDataDir, entry, ROOT, tempDataDir } from './run-thrice.ts';

/**
 * The environment that points a Thrice process at a fresh database on `driver`: a PGlite
 * directory of its own (a copy of the run's migrated one), or a Postgres database copied from the
 * run's template (dropped on close).
 */
export async function processDatabase(
  driver: Driver,
): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  if (driver === 'pglite') return { env: { DATA_DIR: tempDataDir() }, close: async () => {} };
  const database = await openTestDatabase('postgres');
  return {
    // DATA_DIR unused beside DATABASE_URL: an empty directory, not a copy of the PGlite template.
    env: { DATABASE_URL: database.url ?? '', DATA_DIR: emptyDataDir() },
    close: () => database.close(),
  };
}

/** One JSON log line of the running process. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** How the process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The real entry point (the run's build of src/main.ts, `entry()`, without npm in between so
 * signals reach Thrice itself) as a long-running process a test can probe, signal and kill.
 */
export class ThriceProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly logs: LogLine[] = [];
  readonly exited: Promise<Exit>;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly env: Record<string, string>,
    args: readonly string[] = [],
  ) {
    this.child = spawn(process.execPath, [...entry(), ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? ROOT,
        LOG_LEVEL: 'info',
        PORT: '0',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let partial = '';
    this.child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      this.stderr += text;
      partial += text;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          // Not a log line (a startup failure message): kept in `stderr` only.
        }
      }
      this.wake();
    });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString();
      this.wake();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.wake();
        resolve({ code, signal });
      });
    });
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Waits until `found` returns a value (checked on every output), or fails after `timeoutMs`. */
  async waitFor<T>(found: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = found();
      if (value !== undefined) return value;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no ${what} (exit ${this.child.exitCode})\nstderr: ${this.stderr.slice(-4000)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(250, Math.max(1, deadline - Date.now())));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The first log line whose message is `msg`. */
  waitForLog(msg: string, timeoutMs?: number): Promise<LogLine> {
    return this.waitFor(() => this.logs.find((line) => line.msg === msg), `log "${msg}"`, timeoutMs);
  }

  /**
   * The port of `/healthz`, `/readyz` and `/metrics`: the ops server's (always, with OPS_PORT), or
   * Slack's HTTP port when they share it.
   */
  async opsPort(timeoutMs?: number): Promise<number> {
    const names =
      this.env.OPS_PORT === undefined
        ? ['health and metrics listening', 'slack adapter started']
        : ['health and metrics listening'];
    const line = await this.waitFor(
      () => this.logs.find((l) => names.includes(String(l.msg)) && typeof l.port === 'number'),
      'ops port',
      timeoutMs,
    );
    return line.port as number;
  }

  /** Slack's HTTP port (PORT), where `/slack/events` is served. */
  async slackPort(timeoutMs?: number): Promise<number> {
    const line = await this.waitFor(
      () => this.logs.find((l) => l.msg === 'slack adapter started' && typeof l.port === 'number'),
      'slack port',
      timeoutMs,
    );
    return line.port as number;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Stops it for good (SIGKILL) and waits; harmless when it already ended. */
  async kill(): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }
}
