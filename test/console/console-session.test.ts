import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyDataDir, runThrice } from '../support/run-thrice.ts';
import { ThriceProcess } from '../support/thrice-process.ts';

async function get(port: number, path: string) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, text: await response.text() };
}

/** Sends `request` as it is, bytes no HTTP client would send, and reads the answer. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('the console, through the real entry point', () => {
  it('npm start on a new machine (no data directory) adds promises, lists them, logs a follow-up and shows a digest from piped input; started again it keeps them, serves the ops routes and stops on SIGTERM', async () => {
    // The one test that goes through `npm start` itself, as the README says, from no database at
    // all: not even its directory, which Thrice creates (initdb and every migration).
    const dataDir = join(emptyDataDir(), 'nested', 'data');
    const script = [
      '/promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
      '/promise Bob at Globex asked for a week to interview the rest',
      '/promise list',
      '/promise followed bob via email sent a short note',
      '/digest',
      '',
    ].join('\n');
    const result = await runThrice(script, { DATA_DIR: dataDir, TZ: 'Europe/Berlin' }, { npm: true });
    expect(result.stderr).not.toMatch(/error|failed/i);
    expect(result.code).toBe(0);
    const out = result.stdout;
    // The confirmation names who, where and the resolved day and time.
    expect(out).toMatch(/Jane Doe[^\n]*Acme[^\n]*Fri \d{1,2} \w{3}, 3:00 PM/);
    // The list shows both, Jane with her number.
    const list = out.slice(out.indexOf('Bob'));
    expect(list).toMatch(/#1 Jane Doe/);
    expect(list).toMatch(/#2 Bob/);
    expect(out).toMatch(/follow-up 1 of 3/i);
    expect(out).toMatch(/Good (morning|afternoon|evening|day)/);

    // Started again on the same directory, as a long-running process: it keeps what was added;
    // a line it cannot read gets a friendly example and saves nothing; it serves the ops routes
    // and the organiser page, and exits 0 on SIGTERM.
    const second = new ThriceProcess({ DATA_DIR: dataDir });
    try {
      const port = await second.opsPort();
      const ready = await get(port, '/readyz');
      expect(JSON.parse(ready.text)).toEqual({
        ready: true,
        checks: { database: 'ok' },
        unreachable: { members: 0, channels: 0 },
      });
      // A request without a valid organiser link is refused.
      expect((await get(port, '/organiser?t=not-a-link')).status).toBe(403);
      // A request target no URL parser accepts gets 400, and the process serves on.
      expect(await rawRequest(port, 'GET http://a:99999/ HTTP/1.1\r\nHost: a\r\n\r\n')).toMatch(
        /^HTTP\/1\.1 400/,
      );
      expect((await get(port, '/healthz')).status).toBe(200);

      second.child.stdin.write('/promise Jane will maybe do something on the 45th\n/promise list\n');
      await second.waitFor(() => (/#2 Bob/.test(second.stdout) ? true : undefined), 'the list');
      expect(second.stdout).toMatch(/For example/);
      expect(second.stdout).toMatch(/#1 Jane Doe \(recruiter, Acme\)/);
      expect(second.stdout).not.toMatch(/#3/);

      second.signal('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
      expect(second.logs.map((l) => l.msg)).toContain('shut down cleanly');
    } finally {
      await second.kill();
    }
  });
});
