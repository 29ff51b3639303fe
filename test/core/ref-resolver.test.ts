import { describe, expect, it } from 'vitest';
import type { FollowUpPromise } from '../../src/core/model.ts';
import { resolveRef } from '../../src/core/ref-resolver.ts';
import { promise } from './fixtures.ts';

const open = [
  promise({ id: 'a', ref: 1, contact: { name: 'Jane Doe', role: null, company: 'Acme' } }),
  promise({ id: 'b', ref: 2, contact: { name: 'Janet King', role: null, company: 'Globex' } }),
  promise({ id: 'c', ref: 3, contact: { name: 'Bob', role: null, company: null } }),
  promise({ id: 'd', ref: 4, contact: { name: 'Sam Lee', role: 'hiring_manager', company: 'Initech' } }),
  promise({ id: 'e', ref: 12, contact: { name: 'José Núñez', role: null, company: null } }),
];

function resolvedId(result: ReturnType<typeof resolveRef>): string {
  if (!result.ok) throw new Error(`expected a promise, got: ${result.error.userMessage}`);
  return result.value.id;
}

function errorOf(result: ReturnType<typeof resolveRef>) {
  if (result.ok) throw new Error(`expected an error, got #${result.value.ref}`);
  return result.error;
}

describe('finding the promise a member means', () => {
  it('#12 finds promise number 12', () => {
    expect(resolvedId(resolveRef({ kind: 'number', ref: 12 }, open))).toBe('e');
  });

  it('a number no open promise has is unknown, and says how to list them', () => {
    const error = errorOf(resolveRef({ kind: 'number', ref: 9 }, open));
    expect(error.code).toBe('unknown_ref');
    expect(error.userMessage).toMatch(/#9[\s\S]*\/promise list/);
  });

  it('a prefix of the first name finds the promise, whatever the case', () => {
    expect(resolvedId(resolveRef({ kind: 'name', prefix: 'BO' }, open))).toBe('c');
  });

  it('a prefix of any word of the name finds it: "doe" finds Jane Doe', () => {
    expect(resolvedId(resolveRef({ kind: 'name', prefix: 'doe' }, open))).toBe('a');
    expect(resolvedId(resolveRef({ kind: 'name', prefix: 'lee' }, open))).toBe('d');
  });

  it('a prefix may run across words: "jane d" is Jane Doe, not Janet King', () => {
    expect(resolvedId(resolveRef({ kind: 'name', prefix: 'jane d' }, open))).toBe('a');
  });

  it('accents are optional: "nunez" finds José Núñez', () => {
    expect(resolvedId(resolveRef({ kind: 'name', prefix: 'nunez' }, open))).toBe('e');
  });

  it('a prefix that matches several lists them as "#n Name (Company)"', () => {
    const error = errorOf(resolveRef({ kind: 'name', prefix: 'jan' }, open));
    expect(error.code).toBe('ambiguous_ref');
    expect(error.userMessage).toBe(
      '"jan" matches more than one promise. Did you mean #1 Jane Doe (Acme), #2 Janet King (Globex)?',
    );
  });

  it('a candidate is listed as "#4 Sam Lee (Initech)"', () => {
    const twoSams = [
      ...open,
      promise({ id: 'f', ref: 7, contact: { name: 'Samira', role: null, company: null } }),
    ];
    expect(errorOf(resolveRef({ kind: 'name', prefix: 'sam' }, twoSams)).userMessage).toContain(
      '#4 Sam Lee (Initech), #7 Samira',
    );
  });

  it('an exact full name wins over the names it also starts', () => {
    const withJane: FollowUpPromise[] = [
      ...open,
      promise({ id: 'g', ref: 8, contact: { name: 'Jane', role: null, company: null } }),
    ];
    expect(resolvedId(resolveRef({ kind: 'name', prefix: 'jane' }, withJane))).toBe('g');
    expect(resolvedId(resolveRef({ kind: 'name', prefix: 'Jane Doe' }, withJane))).toBe('a');
  });

  it('two promises from people with the same full name are ambiguous', () => {
    const twins = [
      open[2],
      promise({ id: 'h', ref: 9, contact: { name: 'Bob', role: null, company: 'Hooli' } }),
    ].filter((p): p is FollowUpPromise => p !== undefined);
    expect(errorOf(resolveRef({ kind: 'name', prefix: 'bob' }, twins)).code).toBe('ambiguous_ref');
  });

  it('a name matching nobody is unknown', () => {
    const error = errorOf(resolveRef({ kind: 'name', prefix: 'zed' }, open));
    expect(error.code).toBe('unknown_ref');
    expect(error.userMessage).toMatch(/"zed"/);
  });

  it('an empty prefix matches nothing rather than everything', () => {
    expect(errorOf(resolveRef({ kind: 'name', prefix: '  ' }, open)).code).toBe('unknown_ref');
  });

  it('with no open promises, every ref is unknown', () => {
    expect(errorOf(resolveRef({ kind: 'name', prefix: 'jane' }, [])).code).toBe('unknown_ref');
    expect(errorOf(resolveRef({ kind: 'number', ref: 1 }, [])).code).toBe('unknown_ref');
  });
});
