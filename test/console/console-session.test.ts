import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyDataDir, runThrice } from '../support/run-thrice.ts';

describe('the console, through the real entry point', () => {
  it('npm start on a new machine (no data directory) adds promises, lists them, logs a follow-up and shows a digest from piped input; a restart keeps them', async () => {
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

    // Started again on the same directory, it keeps what was added; a line it cannot read gets a
    // friendly example and saves nothing.
    const second = await runThrice('/promise Jane will maybe do something on the 45th\n/promise list\n', {
      DATA_DIR: dataDir,
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/For example/);
    expect(second.stdout).toMatch(/#1 Jane Doe \(recruiter, Acme\)/);
    expect(second.stdout).toMatch(/#2 Bob/);
    expect(second.stdout).not.toMatch(/#3/);
  });
});
