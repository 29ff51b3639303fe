import fc from 'fast-check';
import { inject } from 'vitest';

/*
 * Every property and fuzz test of a run shares one seed (test/support/global-setup.ts): fixed in
 * `npm test`, drawn at random and printed in `npm run test:thorough`, which CI runs too.
 */
fc.configureGlobal({ seed: inject('fuzzSeed') });

/** How many inputs a fuzz test tries: all of them in the thorough run, a tenth in `npm test`. */
export function runs(thorough: number): number {
  return inject('fuzzThorough') ? thorough : Math.max(100, Math.ceil(thorough / 10));
}
