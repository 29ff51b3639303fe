import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../adapters/console/index.ts';
import { DEFAULT_LIMITS } from '../../src/core/limits.ts';
import { openWorld } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

describe('the console serves one local person, so it is not rate-limited', () => {
  let world: World;
  afterEach(async () => {
    await world.close();
  });

  it('a scripted session of 50 piped commands within a minute runs all 50', async () => {
    const commands = 50;
    expect(commands).toBeGreaterThan(DEFAULT_LIMITS.commandsPerMinute);
    // The clock stands still: every command falls in the same minute.
    world = await openWorld({ now: '2026-12-02T09:00:00Z' });
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
    });
    const adapter = createConsoleAdapter({ inbound: world.inbound, input, output, interactive: false });
    // One promise, then lists: each list answers with it, so every answer can be counted.
    const script = [
      '/promise Jane Doe (recruiter, Acme) will call me back tomorrow',
      ...Array.from({ length: commands - 1 }, () => '/promise list'),
    ];
    input.end(`${script.join('\n')}\n`);
    await adapter.run();

    expect(printed).not.toMatch(/commands in a minute/);
    expect(printed.match(/Saved as #1\./g)).toHaveLength(1);
    expect(printed.match(/#1 Jane Doe/g)).toHaveLength(commands - 1);
  });
});
