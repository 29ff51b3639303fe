import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HELP, parseCommandLine } from '../../src/cli.ts';
import { entry, ROOT } from '../support/run-thrice.ts';

describe('the command line', () => {
  it('with no arguments, or start, starts Thrice', () => {
    expect(parseCommandLine([])).toEqual({ ok: true, value: { command: 'start' } });
    expect(parseCommandLine(['start'])).toEqual({ ok: true, value: { command: 'start' } });
  });

  it('reads each command with its own options', () => {
    expect(parseCommandLine(['tick'])).toEqual({ ok: true, value: { command: 'tick', dryRun: false } });
    expect(parseCommandLine(['tick', '--dry-run'])).toEqual({
      ok: true,
      value: { command: 'tick', dryRun: true },
    });
    expect(parseCommandLine(['discord-register'])).toEqual({
      ok: true,
      value: { command: 'discord-register' },
    });
    for (const args of [
      ['discord-register', '--guild', '200000000000000001'],
      ['discord-register', '--guild=200000000000000001'],
    ]) {
      expect(parseCommandLine(args)).toEqual({
        ok: true,
        value: { command: 'discord-register', guild: '200000000000000001' },
      });
    }
    expect(parseCommandLine(['rotate-keys'])).toEqual({ ok: true, value: { command: 'rotate-keys' } });
  });

  it('--help or -h anywhere asks for help, and the help lists every command', () => {
    for (const args of [['--help'], ['-h'], ['tick', '--help'], ['frob', '-h']]) {
      expect(parseCommandLine(args)).toEqual({ ok: true, value: { command: 'help' } });
    }
    for (const usage of [
      'start',
      'tick [--dry-run]',
      'discord-register [--guild <id>]',
      'rotate-keys',
      '--help',
    ])
      expect(HELP).toContain(`  ${usage}`);
  });

  it('refuses an unknown command, option or argument with one line that names it', () => {
    const problems: [string[], RegExp][] = [
      [['frob'], /^unknown command "frob"; run "thrice --help"/],
      [['--verbose'], /^unknown option "--verbose"/],
      [['tick', '--force'], /^tick: unknown option "--force"/],
      [['start', '--dry-run'], /^start: unknown option "--dry-run"/],
      [['rotate-keys', 'now'], /^rotate-keys: unexpected argument "now"/],
      [['tick', '--dry-run=yes'], /^tick: --dry-run takes no value/],
      [['discord-register', '--guild'], /^discord-register: --guild needs a value/],
      [['discord-register', '--guild', '--dry-run'], /^discord-register: --guild takes a server id/],
      [['constructor'], /^unknown command "constructor"/],
    ];
    for (const [args, problem] of problems) {
      const parsed = parseCommandLine(args);
      expect(parsed.ok, args.join(' ')).toBe(false);
      if (!parsed.ok) expect(parsed.problem).toMatch(problem);
    }
  });

  it('the entry point prints the help with exit 0, and stops at a typo with exit 2 before reading any setting', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [...entry(), ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        // A malformed setting: the command line is answered before configuration is read.
        env: { PATH: process.env.PATH ?? '', PORT: 'eighty' },
      });
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(HELP);
    const typo = run(['tikc']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toBe('thrice: unknown command "tikc"; run "thrice --help" for the commands.\n');
  });
});
