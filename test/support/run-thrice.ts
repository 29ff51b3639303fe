import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

/** The repository root, where `npm start` runs. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a finished run of Thrice printed and how it exited. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A data directory of its own holding an empty, migrated embedded database: a copy of the one
 * global-setup.ts made for the run, so a process skips initdb and the migrations (seconds each).
 */
export function tempDataDir(): string {
  const dir = emptyDataDir();
  cpSync(inject('pgliteTemplateDir'), dir, { recursive: true });
  return dir;
}

/** An empty directory, for a test of the first start on a new machine (initdb and every migration). */
export function emptyDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thrice-test-'));
  made.push(dir);
  return dir;
}

/** Every data directory made since the last call (tens of MB each once used). */
const made: string[] = [];

/** Removes the data directories a test file made (test/support/per-file.ts calls it when the file ends). */
export function removeDataDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * The node arguments that start Thrice as the tests' processes run it: the entry point as
 * global-setup.ts compiled it for the run (`thriceMain`), which is `npm start` minus npm and tsx.
 * A test process lives seconds, so V8 compiles PGlite's WASM with its baseline compiler only: the
 * optimizing tier costs a second of CPU per start and pays off only in long runs. Neither changes
 * what the code does, only how fast it starts.
 */
export function entry(): string[] {
  return ['--liftoff-only', inject('thriceMain')];
}

/**
 * Runs the real entry point with `input` piped to stdin and only the given variables (plus
 * PATH/HOME), so no developer's platform credentials leak in. It runs `node` directly on the
 * run's build (`entry()`); `{ npm: true }` goes through `npm start` itself, as the README says.
 */
export function runThrice(
  input: string,
  env: Record<string, string>,
  options: { timeoutMs?: number; npm?: boolean } = {},
): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const [command, args] = options.npm === true ? ['npm', ['start', '--silent']] : [process.execPath, entry()];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? ROOT,
        LOG_LEVEL: 'warn',
        PORT: '0',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`thrice did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}
