import type { ThriceError } from './errors.ts';

/** An expected outcome or an expected failure, as a value. */
export type Result<T, E extends ThriceError = ThriceError> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a success. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Wraps an expected failure. */
export function err<E extends ThriceError>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
