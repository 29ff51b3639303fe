import type { Message } from '../../src/core/message.ts';
import type { ActionInput, Actor, InboundPort, Input, PromiseFields } from '../../src/core/ports/inbound.ts';

/**
 * Sends one request and returns the reply's message; with a key, null when that key was already
 * handled. Without a key a null reply is a bug, and throws.
 */
async function ask(inbound: InboundPort, actor: Actor, input: Input, key?: string): Promise<Message | null> {
  const reply = await inbound.handle(
    key === undefined ? { actor, input } : { actor, input, idempotencyKey: key },
  );
  if (reply === null && key === undefined) throw new Error('a request without a key got no reply');
  return reply?.message ?? null;
}

/** A typed `/promise` line. */
export function say(inbound: InboundPort, actor: Actor, text: string): Promise<Message>;
export function say(inbound: InboundPort, actor: Actor, text: string, key: string): Promise<Message | null>;
export function say(inbound: InboundPort, actor: Actor, text: string, key?: string) {
  return ask(inbound, actor, { kind: 'text', text }, key);
}

/** A button press. */
export function press(inbound: InboundPort, actor: Actor, action: ActionInput): Promise<Message>;
export function press(
  inbound: InboundPort,
  actor: Actor,
  action: ActionInput,
  key: string,
): Promise<Message | null>;
export function press(inbound: InboundPort, actor: Actor, action: ActionInput, key?: string) {
  return ask(inbound, actor, { kind: 'action', action }, key);
}

/** The add form; with `replaces`, its Edit of that promise. */
export async function submit(
  inbound: InboundPort,
  actor: Actor,
  fields: PromiseFields,
  replaces: string | null = null,
): Promise<Message> {
  return (await ask(inbound, actor, { kind: 'form', fields, replaces })) as Message;
}
