import {
  ActionRowBuilder,
  type APIMessageTopLevelComponent,
  ComponentType,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { TYPE_IT, type Welcome, zoneLabel } from '../../src/core/onboarding.ts';
import { DISCORD_LIMITS, escapeDiscord, plainText } from './render.ts';

/** The welcome's zone and country pickers, and the form their "type it" choice opens. */
export const WELCOME_ZONE_ID = 'thrice:welcome_tz:';
export const WELCOME_COUNTRY_ID = 'thrice:welcome_country:';
export const WELCOME_FORM_ID = 'thrice:welcome-form';

/**
 * The welcome DM as Components V2: the words, then a menu of common zones (the one in use
 * chosen) and one of countries, each ending with "type it", which opens a small form.
 */
export function welcomePayload(welcome: Welcome, now: Date) {
  const text = (content: string) => ({ type: ComponentType.TextDisplay as const, content });
  const menu = (
    customId: string,
    placeholder: string,
    options: { label: string; value: string; default?: boolean }[],
  ) => ({
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.StringSelect as const,
        custom_id: customId,
        placeholder,
        options: [
          ...options.slice(0, DISCORD_LIMITS.choices - 1),
          { label: TYPE_IT.label, value: TYPE_IT.value },
        ],
      },
    ],
  });
  const components: APIMessageTopLevelComponent[] = [
    {
      type: ComponentType.Container,
      accent_color: 0x2f3b52,
      components: [
        text(
          [
            `## ${escapeDiscord(welcome.title)}`,
            escapeDiscord(welcome.intro),
            // Our own example, never member text: shown as code, exactly as typed.
            `Try it: \`${welcome.example}\``,
            `**${escapeDiscord(welcome.timeZoneLine)}**`,
          ].join('\n\n'),
        ),
        menu(
          WELCOME_ZONE_ID,
          'Your time zone',
          welcome.zones.map((zone) => ({
            label: plainText(zoneLabel(zone, now), DISCORD_LIMITS.choiceName),
            value: zone,
            default: zone === welcome.timeZone,
          })),
        ),
        text(`**${escapeDiscord(welcome.countryLine)}**`),
        menu(
          WELCOME_COUNTRY_ID,
          'Your country (public holidays)',
          welcome.countries.map(({ code, name }) => ({
            label: plainText(name, DISCORD_LIMITS.choiceName),
            value: code,
            default: code === welcome.country,
          })),
        ),
        text(
          [
            escapeDiscord(welcome.digestLine),
            `-# Change any of it later: \`${welcome.settingsExample}\``,
          ].join('\n\n'),
        ),
      ],
    },
  ];
  return { components, flags: MessageFlags.IsComponentsV2 as const, allowedMentions: { parse: [] as [] } };
}

/** "Type it": the zone (and the country) as text, read as `/promise settings` reads them. */
export function welcomeForm(): ModalBuilder {
  const field = (id: 'tz' | 'country', label: string, placeholder: string, maxLength: number) =>
    new ActionRowBuilder<TextInputBuilder>().addComponents(
      new TextInputBuilder()
        .setCustomId(id)
        .setLabel(label)
        .setPlaceholder(placeholder)
        .setStyle(TextInputStyle.Short)
        .setRequired(false)
        .setMaxLength(maxLength),
    );
  return new ModalBuilder()
    .setCustomId(WELCOME_FORM_ID)
    .setTitle('Where are you?')
    .addComponents(
      field('tz', 'Time zone', 'Europe/Berlin, America/Chicago, Asia/Kolkata', 64),
      field('country', 'Country, for public holidays', 'DE, US, India, off', 60),
    );
}
