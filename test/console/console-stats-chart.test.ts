import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createLineHandler } from '../../adapters/console/listeners.ts';
import { actor, describeOnDrivers, openWorld } from '../support/world.ts';

describeOnDrivers('the console writes the stats chart to a file and prints its path', (driver) => {
  let world: Awaited<ReturnType<typeof openWorld>>;
  let dir = '';
  const me = actor('Me', 'Europe/Berlin', 'console');
  beforeEach(async () => {
    world = await openWorld({ driver, now: '2026-12-02T09:00:00Z' });
    dir = mkdtempSync(join(tmpdir(), 'thrice-charts-'));
  });
  afterEach(async () => {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('/promise stats prints the numbers and where the PNG went', async () => {
    const console = createLineHandler(world.inbound, me, join(dir, 'files'));
    await console.onLine('/promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    await console.onLine('/promise followed jane');
    const shown = await console.onLine('/promise stats');
    expect(shown).toMatch(/This week: 1 follow-up/);
    const path = /--- thrice-stats\.png \(image\/png\) ---\nSaved to (.+)$/m.exec(shown)?.[1];
    expect(path).toBe(join(dir, 'files', 'thrice-stats.png'));
    const png = PNG.sync.read(readFileSync(path ?? ''));
    expect([png.width, png.height]).toEqual([1440, 1080]);
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(20);
  });

  it('without a folder for files, it says the chart was not saved instead of printing bytes', async () => {
    const shown = await createLineHandler(world.inbound, me).onLine('/promise stats');
    expect(shown).toMatch(/thrice-stats\.png \(image\/png\) ---\nNot saved/);
    expect(shown).not.toMatch(/PNG|\uFFFD/);
  });
});
