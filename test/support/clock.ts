import pino from 'pino';
import type { Clock } from '../../src/core/ports/store.ts';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Silent logs for tests (set TEST_LOG=debug to see them). */
export const testLog = pino({ level: process.env.TEST_LOG ?? 'silent' });
