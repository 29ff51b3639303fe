import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { guardProcess, UNCAUGHT_LIMIT, UNCAUGHT_WINDOW_MS } from '../../src/runtime/process-guard.ts';
import type { Shutdown } from '../../src/runtime/shutdown.ts';

/** A guard on an emitter of its own, with the log lines, exits and shutdowns it caused. */
function guarded() {
  const source = new EventEmitter();
  const lines: { level: number; msg: string; err?: { message: string } }[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    }),
  );
  const exits: number[] = [];
  const counted: string[] = [];
  let clock = 0;
  const guard = guardProcess({ log, source, exit: (code) => exits.push(code), now: () => clock });
  guard.attach({ count: (kind) => counted.push(kind) });
  const begun: { reason: string; exitCode: number }[] = [];
  const shutdown: Shutdown = {
    begin(reason, exitCode) {
      begun.push({ reason, exitCode });
    },
    get started() {
      return begun.length > 0;
    },
  };
  return {
    source,
    lines,
    exits,
    counted,
    begun,
    attachShutdown: () => guard.attach({ shutdown }),
    advance: (ms: number) => {
      clock += ms;
    },
    throwUncaught: (message: string) =>
      source.emit('uncaughtException', new Error(message), 'uncaughtException'),
  };
}

describe('the process guard', () => {
  it('logs and counts an unhandled rejection, and keeps serving', () => {
    const g = guarded();
    g.attachShutdown();
    for (let i = 0; i < 10; i++)
      g.source.emit('unhandledRejection', new Error(`lost ${i}`), Promise.resolve());
    expect(g.counted).toEqual(Array(10).fill('rejection'));
    expect(g.lines[0]).toMatchObject({
      level: 50,
      msg: 'unhandled promise rejection; still serving',
      err: { message: 'lost 0' },
    });
    expect(g.exits).toEqual([]);
    expect(g.begun).toEqual([]);
  });

  it('keeps serving through an isolated uncaught exception, and exceptions far apart never add up', () => {
    const g = guarded();
    g.attachShutdown();
    for (let i = 0; i < UNCAUGHT_LIMIT * 3; i++) {
      g.throwUncaught(`stray ${i}`);
      g.advance(UNCAUGHT_WINDOW_MS / (UNCAUGHT_LIMIT - 1));
    }
    expect(g.lines.every((line) => line.msg === 'uncaught exception; still serving')).toBe(true);
    expect(g.counted).toHaveLength(UNCAUGHT_LIMIT * 3);
    expect(g.exits).toEqual([]);
    expect(g.begun).toEqual([]);
  });

  it('repeated uncaught exceptions begin a graceful shutdown that exits 1', () => {
    const g = guarded();
    g.attachShutdown();
    for (let i = 0; i < UNCAUGHT_LIMIT; i++) g.throwUncaught(`broken ${i}`);
    expect(g.begun).toEqual([{ reason: 'repeated uncaught exceptions', exitCode: 1 }]);
    expect(g.lines.at(-1)).toMatchObject({
      level: 60,
      msg: 'repeated uncaught exceptions; stopping so the process can be restarted',
    });
    expect(g.exits).toEqual([]);
  });

  it('an uncaught exception during shutdown exits 1 at once', () => {
    const g = guarded();
    g.attachShutdown();
    for (let i = 0; i < UNCAUGHT_LIMIT; i++) g.throwUncaught(`broken ${i}`);
    g.throwUncaught('while stopping');
    expect(g.exits).toEqual([1]);
    expect(g.lines.at(-1)).toMatchObject({
      level: 60,
      msg: 'uncaught exception during shutdown; exiting now',
    });
  });

  it('before the runtime can shut down gracefully, repeated exceptions exit 1', () => {
    const g = guarded();
    for (let i = 0; i < UNCAUGHT_LIMIT; i++) g.throwUncaught(`early ${i}`);
    expect(g.exits).toEqual([1]);
  });
});
