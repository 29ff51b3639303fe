import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DeliveryPort } from '../../src/core/ports/delivery.ts';
import type { Actor, InboundPort } from '../../src/core/ports/inbound.ts';
import { createLineHandler } from './listeners.ts';

/** Options of the console adapter; streams are injectable so it can be driven by pipes. */
export interface ConsoleAdapterOptions {
  inbound: InboundPort;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Show a prompt (only when a person is typing). */
  interactive: boolean;
  /** Where charts are written, their paths printed (default: `thrice` in the system's temp folder). */
  filesDir?: string;
}

/** Thrice in a terminal: the same commands and replies as the platforms, as text. */
export interface ConsoleAdapter {
  /** The member the console speaks for. */
  readonly actor: Actor;
  /** Reads commands until the input ends (or /quit); resolves then. */
  run(): Promise<void>;
  /** Sends the scheduler's digests and nudges to this terminal. */
  readonly delivery: DeliveryPort;
}

/** The console's one workspace and its member: the person at the terminal. */
export function consoleActor(): Actor {
  const name = userInfo().username || 'you';
  return {
    workspace: { platform: 'console', externalId: 'local', name: 'Console' },
    user: { externalId: name, displayName: name },
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    canManageWorkspace: true,
  };
}

/** Creates the console adapter. */
export function createConsoleAdapter(options: ConsoleAdapterOptions): ConsoleAdapter {
  const actor = consoleActor();
  const conversation = createLineHandler(
    options.inbound,
    actor,
    options.filesDir ?? join(tmpdir(), 'thrice'),
  );
  const write = (text: string) => options.output.write(text.endsWith('\n') ? text : `${text}\n`);
  const prompt = () => {
    if (options.interactive) options.output.write('thrice> ');
  };
  return {
    actor,
    delivery: {
      platform: 'console',
      async send(delivery) {
        const text = conversation.show(delivery.message);
        write(options.interactive ? `\n${text}` : text);
        prompt();
        return { platformMessageId: delivery.id };
      },
    },
    async run() {
      const lines = createInterface({
        input: options.input,
        terminal: false,
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      if (options.interactive) {
        write(`Thrice — who promised to get back to you? Type /promise help, or /quit to leave.`);
      }
      prompt();
      for await (const line of lines) {
        const command = line.trim().toLowerCase();
        if (command === '/quit' || command === '/exit') break;
        const reply = await conversation.onLine(line);
        if (reply !== '') write(`${reply}\n`);
        prompt();
      }
      lines.close();
    },
  };
}
