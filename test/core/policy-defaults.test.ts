import { expect, it } from 'vitest';
import { defaultSettings, isKnownZone } from '../../src/core/policy-defaults.ts';

it('knows a zone the same way every time it is asked, and never a made-up one', () => {
  for (let i = 0; i < 3; i++) {
    expect(isKnownZone('Europe/Berlin')).toBe(true);
    expect(isKnownZone('Mars/Olympus_Mons')).toBe(false);
  }
  // Remembered answers do not leak from one zone to another.
  expect(isKnownZone('America/New_York')).toBe(true);
  expect(isKnownZone('')).toBe(false);
});

it('a new member in a zone the platform reports but the runtime does not know gets UTC, unconfirmed', () => {
  expect(defaultSettings('Mars/Olympus_Mons')).toMatchObject({ timeZone: 'UTC', timeZoneConfirmed: false });
  expect(defaultSettings('Mars/Olympus_Mons')).toMatchObject({ timeZone: 'UTC', timeZoneConfirmed: false });
  expect(defaultSettings('Asia/Kolkata')).toMatchObject({
    timeZone: 'Asia/Kolkata',
    timeZoneConfirmed: true,
  });
});
