import { describe, expect, it } from 'vitest';
import { emptyDataDir, runThrice, tempDataDir } from '../support/run-thrice.ts';

describe('the console, through the real entry point', () => {
  it('npm start on a new machine (empty data directory) adds promises, lists them, logs a follow-up and shows a digest from piped input', async () => {
    // The one test that goes through `npm start` itself, as the README says, from no database at all.
    const dataDir = emptyDataDir();
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
  });

  it('keeps what was added across restarts; input it cannot read gets a friendly example and saves nothing', async () => {
    const dataDir = tempDataDir();
    await runThrice('/promise Priya from Initech will email the offer details tomorrow\n', {
      DATA_DIR: dataDir,
    });
    // The second start also gets a line it cannot read: a process start costs seconds.
    const second = await runThrice('/promise Jane will maybe do something on the 45th\n/promise list\n', {
      DATA_DIR: dataDir,
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/For example/);
    expect(second.stdout).toMatch(/#1 Priya \(Initech\)/);
    expect(second.stdout).not.toMatch(/#\d Jane/);
  });
});
