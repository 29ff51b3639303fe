import type { App, BlockAction, StaticSelectAction, types } from '@slack/bolt';
import type { Logger } from 'pino';
import { TYPE_IT, type Welcome, zoneLabel } from '../../src/core/onboarding.ts';
import { RecipientUnreachableError } from '../../src/core/ports/delivery.ts';
import type { InboundPort, Reply } from '../../src/core/ports/inbound.ts';
import { toDeliveryError } from './errors.ts';
import { escapeMrkdwn, renderBlocks, renderFallback } from './render.ts';

/*
 * The welcome DM on Slack, kept apart from the listeners: its blocks, its sending, and its two
 * pickers. Their action ids do not start with `thrice_`, so the listeners' handler never sees them.
 */

/** The welcome's zone and country menus. */
export const WELCOME_ACTIONS = { zone: 'welcome_tz', country: 'welcome_country' } as const;

/** Slack's plain_text option: at most 75 characters. */
const option = (text: string, value: string) => ({
  text: { type: 'plain_text' as const, text: text.length > 75 ? `${text.slice(0, 74)}…` : text },
  value,
});

/** The welcome as Block Kit: the words, a menu of zones and one of countries, how digests work. */
export function welcomeBlocks(welcome: Welcome, now: Date): types.KnownBlock[] {
  const zones = welcome.zones.map((zone) => option(zoneLabel(zone, now), zone));
  const countries = welcome.countries.map(({ code, name }) => option(name, code));
  const zone = zones.find((o) => o.value === welcome.timeZone);
  const country = countries.find((o) => o.value === welcome.country);
  return [
    { type: 'header', text: { type: 'plain_text', text: welcome.title } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(welcome.intro) } },
    // Our own example, never member text: shown as code, exactly as typed.
    { type: 'section', text: { type: 'mrkdwn', text: `Try it: \`${escapeMrkdwn(welcome.example)}\`` } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${escapeMrkdwn(welcome.timeZoneLine)}*` },
      accessory: {
        type: 'static_select',
        action_id: WELCOME_ACTIONS.zone,
        placeholder: { type: 'plain_text', text: 'Your time zone' },
        options: [...zones, option(TYPE_IT.label, TYPE_IT.value)],
        ...(zone === undefined ? {} : { initial_option: zone }),
      },
    },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${escapeMrkdwn(welcome.countryLine)}*` },
      accessory: {
        type: 'static_select',
        action_id: WELCOME_ACTIONS.country,
        placeholder: { type: 'plain_text', text: 'Your country' },
        options: [...countries, option(TYPE_IT.label, TYPE_IT.value)],
        ...(country === undefined ? {} : { initial_option: country }),
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(welcome.digestLine) } },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `Change any of it later: \`${escapeMrkdwn(welcome.settingsExample)}\`` },
      ],
    },
  ];
}

/**
 * Sends the reply's welcome to the member's DM with the bot. The reply comes back as it was, or,
 * when Slack refused the DM, with a notice that says so and how to fix it (digests would be
 * refused too).
 */
export async function sendWelcome(
  client: App['client'],
  userId: string,
  reply: Reply,
  log: Logger,
): Promise<Reply> {
  const { welcome } = reply;
  if (welcome === undefined) return reply;
  try {
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (channel === undefined) throw new Error('conversations.open gave no channel');
    await client.chat.postMessage({
      channel,
      text: `${welcome.title}: ${welcome.intro}`,
      blocks: welcomeBlocks(welcome, new Date()),
    });
    return reply;
  } catch (error) {
    log.warn({ err: error, userId }, 'the welcome DM could not be sent');
    // Only a refusal is the member's to fix; a timeout or a rate limit is not theirs.
    return toDeliveryError(error) instanceof RecipientUnreachableError
      ? { ...reply, notices: [...reply.notices, { kind: 'welcome_undelivered' }] }
      : reply;
  }
}

/** A pick in the welcome's menus: saved as `/promise settings` would, answered in the DM. */
export function registerOnboarding(app: App, deps: { inbound: InboundPort; log: Logger }): void {
  for (const [setting, actionId] of [
    ['tz', WELCOME_ACTIONS.zone],
    ['country', WELCOME_ACTIONS.country],
  ] as const) {
    app.action<BlockAction<StaticSelectAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const value = action.selected_option.value;
      const example =
        setting === 'tz' ? '/promise settings tz Europe/Berlin' : '/promise settings country DE';
      if (value === TYPE_IT.value) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: `Type it like this: \`${example}\``,
        });
        return;
      }
      const teamId = body.team?.id ?? body.user.team_id;
      if (teamId === undefined) return;
      const reply = await deps.inbound.handle({
        actor: {
          workspace: { platform: 'slack', externalId: teamId, name: null },
          user: { externalId: body.user.id, displayName: body.user.name ?? body.user.id },
          canManageWorkspace: false,
        },
        input: { kind: 'options', options: { command: 'settings', settings: { [setting]: value } } },
        idempotencyKey: `action:${body.container?.message_ts ?? body.trigger_id}:${actionId}:${action.action_ts}`,
      });
      if (reply === null) return;
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: renderFallback(reply.message),
        blocks: renderBlocks(reply.message),
      });
    });
  }
}
