import { describe, expect, it } from 'vitest';
import { resolveRef } from '../../src/core/ref-resolver.ts';
import { promise } from './fixtures.ts';

const open = [
  promise({ id: 'a', ref: 1, contact: { name: 'Jane Doe', role: null, company: 'Acme' } }),
  promise({ id: 'b', ref: 2, contact: { name: 'Janet King', role: null, company: 'Globex' } }),
  promise({ id: 'c', ref: 3, contact: { name: 'Bob', role: null, company: null } }),
  promise({ id: 'd', ref: 4, contact: { name: 'Jan', role: null, company: null } }),
];

describe('finding the promise a member means', () => {
  it('by number', () => {
    expect(resolveRef({ kind: 'number', ref: 3 }, open)).toMatchObject({ ok: true, value: { id: 'c' } });
  });
  it('by the start of any word of the name, case-insensitively', () => {
    expect(resolveRef({ kind: 'name', prefix: 'DOE' }, open)).toMatchObject({ ok: true, value: { id: 'a' } });
    expect(resolveRef({ kind: 'name', prefix: 'bo' }, open)).toMatchObject({ ok: true, value: { id: 'c' } });
  });
  it('an exact full name wins over prefix matches', () => {
    expect(resolveRef({ kind: 'name', prefix: 'jan' }, open)).toMatchObject({ ok: true, value: { id: 'd' } });
  });
  it('an ambiguous prefix lists the candidates', () => {
    const result = resolveRef({ kind: 'name', prefix: 'jane' }, open);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.userMessage).toBe(
        '"jane" matches more than one promise. Did you mean #1 Jane Doe (Acme), #2 Janet King (Globex)?',
      );
  });
  it('nothing found says how to list', () => {
    const result = resolveRef({ kind: 'number', ref: 9 }, open);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.userMessage).toMatch(/\/promise list/);
  });
});
