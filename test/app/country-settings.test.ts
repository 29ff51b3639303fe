import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Message } from '../../src/core/message.ts';
import type { Actor, Reply } from '../../src/core/ports/inbound.ts';
import { actor, describeOnDrivers, openWorld, resetDatabase } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

function text(message: Message): string {
  return message.sections.flatMap((s) => s.items.map((i) => i.text)).join('\n');
}

describeOnDrivers('a member’s country for public holidays', (driver) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ driver, now: '2026-12-02T09:00:00Z' });
  });
  beforeEach(async () => {
    await resetDatabase(world.database);
  });
  afterAll(async () => {
    await world?.close();
  });

  async function handle(who: Actor, line: string): Promise<Reply> {
    const reply = await world.inbound.handle({ actor: who, input: { kind: 'text', text: line } });
    if (reply === null) throw new Error('no reply');
    return reply;
  }

  async function settingsOf(who: Actor) {
    return (await world.inbound.memberFor(who)).settings;
  }

  it('is set with a country and a region, stored, and shown in the settings', async () => {
    const ana = actor('Ana', 'America/Los_Angeles');
    const saved = await handle(ana, 'settings country US region CA');
    expect(saved.message.kind).toBe('confirmation');
    expect(text(saved.message)).toContain('Public holidays: United States of America (California)');
    expect(await settingsOf(ana)).toMatchObject({ country: 'US', region: 'CA' });

    expect(text((await handle(ana, 'settings')).message)).toContain('(California)');
    // A new country without a region drops the old region.
    await handle(ana, 'settings country DE');
    expect(await settingsOf(ana)).toMatchObject({ country: 'DE', region: null });
    // The names people say, besides the library's own ("United States of America").
    await handle(ana, 'settings country United States');
    expect(await settingsOf(ana)).toMatchObject({ country: 'US' });
    await handle(ana, 'settings country the UK');
    expect(await settingsOf(ana)).toMatchObject({ country: 'GB' });
    await handle(ana, 'settings country off');
    expect(await settingsOf(ana)).toMatchObject({ country: null, region: null });
    expect(text((await handle(ana, 'settings')).message)).toContain('Public holidays: none set');
  });

  it('an unknown country or region is refused and changes nothing', async () => {
    const ben = actor('Ben', 'Europe/Berlin');
    await handle(ben, 'settings country DE');
    const refused = await handle(ben, 'settings country Atlantis');
    expect(refused.message.kind).toBe('error');
    expect(refused.message.fallbackText).toContain("isn't a country I know holidays for");
    const badRegion = await handle(ben, 'settings country US region <b>XX</b>');
    expect(badRegion.message.kind).toBe('error');
    expect(await settingsOf(ben)).toMatchObject({ country: 'DE', region: null });
  });

  it('is asked once, on first use, and not of someone who sets it first', async () => {
    const cem = actor('Cem', 'Europe/Istanbul');
    const first = await handle(cem, 'list');
    expect(first.notices).toContainEqual({ kind: 'country_unset', country: null, place: null });
    const second = await handle(cem, 'list');
    expect(second.notices.map((n) => n.kind)).not.toContain('country_unset');

    const dana = actor('Dana', 'Europe/Berlin');
    const setting = await handle(dana, 'settings country DE');
    expect(setting.notices.map((n) => n.kind)).not.toContain('country_unset');
    expect((await handle(dana, 'list')).notices.map((n) => n.kind)).not.toContain('country_unset');
  });

  it('is guessed from a platform locale that names a country, and the member is told so', async () => {
    const eve: Actor = { ...actor('Eve', 'America/New_York'), locale: 'en-US' };
    const first = await handle(eve, 'list');
    expect(first.notices).toContainEqual({
      kind: 'country_unset',
      country: 'US',
      place: 'United States of America',
    });
    expect(await settingsOf(eve)).toMatchObject({ country: 'US', region: null });

    const finn: Actor = { ...actor('Finn', 'Europe/Berlin'), locale: 'de' };
    await handle(finn, 'list');
    expect((await settingsOf(finn)).country).toBeNull();
  });
});
