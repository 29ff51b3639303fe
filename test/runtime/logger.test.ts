import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { withLogContext } from '../../src/runtime/log-context.ts';
import { createLogger } from '../../src/runtime/logger.ts';

function capture(secrets: readonly string[] = []) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger('debug', { secrets, destination });
  return { log, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('logger', () => {
  it('puts the request or delivery id of the work in hand on every line, however deep', async () => {
    const { log, parsed } = capture();
    await withLogContext({ requestId: 'req-1' }, async () => {
      await Promise.resolve();
      log.info('inside a command');
      await withLogContext({ deliveryId: 'del-9' }, async () => log.warn('inside a delivery'));
    });
    log.info('outside');
    const [command, delivery, outside] = parsed();
    expect(command).toMatchObject({ msg: 'inside a command', requestId: 'req-1' });
    expect(delivery).toMatchObject({ msg: 'inside a delivery', requestId: 'req-1', deliveryId: 'del-9' });
    expect(outside).not.toHaveProperty('requestId');
  });

  it('never prints a configured secret, in fields, nested objects, errors or free text', () => {
    const secrets = ['sig-secret-123456', 'xoxb-111-222-abcdef', 'dbp@ss/word!'];
    const { log, lines } = capture(secrets);
    log.info({ signingSecret: 'sig-secret-123456', config: { botToken: 'xoxb-111-222-abcdef' } }, 'start');
    log.error({ err: new Error('auth failed for token xoxb-111-222-abcdef') }, 'slack call failed');
    log.warn(`connecting to postgres://thrice:${encodeURIComponent('dbp@ss/word!')}@db:5432/thrice`);
    log.info({ installation: { bot: { token: 'xoxb-111-222-abcdef' } } }, 'stored');
    log.info({ headers: { authorization: 'Bot abcdefghijklmnopqrstuvwxyz012345' } }, 'request');
    log.info('a message that says sig-secret-123456 out loud');
    log.error(
      {
        err: Object.assign(new Error('Unknown Webhook'), {
          url: 'https://discord.com/api/v10/webhooks/123456789012345678/aW50ZXJhY3Rpb246MTIzNDU2Nzg5:tokentail/messages/@original',
        }),
      },
      'discord reply failed',
    );
    const output = lines.join('\n');
    expect(lines).toHaveLength(7);
    expect(output).toContain('/webhooks/123456789012345678/[redacted]/messages');
    for (const secret of [
      ...secrets,
      encodeURIComponent('dbp@ss/word!'),
      'abcdefghijklmnopqrstuvwxyz012345',
      'aW50ZXJhY3Rpb246MTIzNDU2Nzg5',
    ]) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain('[redacted]');
    expect(output).toContain('postgres://thrice:[redacted]@db:5432/thrice');
  });

  it('masks token-shaped strings even when nobody configured them', () => {
    const { log, lines } = capture();
    log.info('installed with xoxb-9999-8888-zyxw and xapp-1-A1-2-abc');
    expect(lines[0]).not.toMatch(/xoxb-9999|xapp-1-A1/);
  });
});
