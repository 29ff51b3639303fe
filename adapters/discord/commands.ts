import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { formInputMaxLengths } from '../../src/app/input-limits.ts';
import { CHANNEL_WORDS, ROLE_LABELS } from '../../src/core/format.ts';
import { DEFAULT_LIMITS, type Limits } from '../../src/core/limits.ts';
import { CHANNELS, CONTACT_ROLES } from '../../src/core/model.ts';

/**
 * Installable on a server and on a user's own account (user install), and usable in servers, the
 * bot's DM and other people's DMs and group chats, so a job seeker needs no server that added
 * Thrice. Contexts are per top-level command: `/promise channel` is refused outside a server that
 * installed Thrice by the listeners instead.
 */
const INSTALLS = [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall];
const CONTEXTS = [
  InteractionContextType.Guild,
  InteractionContextType.BotDM,
  InteractionContextType.PrivateChannel,
];

/** Discord's own ceiling for a string option's max_length. */
const OPTION_MAX_LENGTH = 6000;

const ref = (sub: SlashCommandSubcommandBuilder) =>
  sub.addStringOption((o) =>
    o
      .setName('ref')
      .setDescription('Which promise (#number or name)')
      .setRequired(true)
      .setAutocomplete(true),
  );
/**
 * `/promise` with one subcommand per action of DESIGN.md §2; typed options, autocomplete on refs.
 * Free-text options carry the operator's length limits as `max_length`, so Discord stops
 * over-long text; registered definitions are fixed until registered again.
 */
export function promiseCommandFor(limits: Limits = DEFAULT_LIMITS) {
  const max = formInputMaxLengths(limits, OPTION_MAX_LENGTH);
  // The free-text add holds every field at once.
  const textMax = Math.min(max.who + max.company + max.what + max.when + max.note + 40, OPTION_MAX_LENGTH);
  const note = (sub: SlashCommandSubcommandBuilder) =>
    sub.addStringOption((o) =>
      o.setName('note').setDescription('A note for yourself').setMaxLength(max.note),
    );
  return new SlashCommandBuilder()
    .setName('promise')
    .setDescription('Keep track of who promised to get back to you')
    .setIntegrationTypes(...INSTALLS)
    .setContexts(...CONTEXTS)
    .addSubcommand((sub) =>
      sub
        .setName('add')
        .setDescription('Record a promise (no options opens a form)')
        .addStringOption((o) =>
          o
            .setName('text')
            .setDescription('e.g. Jane Doe (recruiter, Acme) will call me back by Friday 3pm')
            .setMaxLength(textMax),
        )
        .addStringOption((o) => o.setName('who').setDescription('Who promised').setMaxLength(max.who))
        .addStringOption((o) =>
          o.setName('when').setDescription('By when: Friday 3pm, tomorrow, in a week').setMaxLength(100),
        )
        .addStringOption((o) =>
          o
            .setName('role')
            .setDescription('Their role')
            .addChoices(...CONTACT_ROLES.map((role) => ({ name: ROLE_LABELS[role], value: role }))),
        )
        .addStringOption((o) => o.setName('company').setDescription('Company').setMaxLength(max.company))
        .addStringOption((o) =>
          o.setName('what').setDescription('What they promised, e.g. call me back').setMaxLength(max.what),
        )
        .addStringOption((o) =>
          o.setName('note').setDescription('A note for yourself').setMaxLength(max.note),
        ),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription('Open promises, soonest first'))
    .addSubcommand((sub) =>
      note(
        ref(sub.setName('followed').setDescription('You followed up')).addStringOption((o) =>
          o
            .setName('via')
            .setDescription('How')
            .addChoices(
              ...CHANNELS.map((channel) => ({ name: CHANNEL_WORDS[channel].name, value: channel })),
            ),
        ),
      ),
    )
    .addSubcommand((sub) =>
      note(
        ref(
          sub.setName('heard').setDescription('They got back to you (a next meeting in the note is logged)'),
        ),
      ),
    )
    .addSubcommand((sub) =>
      ref(sub.setName('edit').setDescription('Change one thing of a promise (only a ref opens the form)'))
        .addStringOption((o) =>
          o
            .setName('field')
            .setDescription('What to change')
            .addChoices(
              { name: 'name', value: 'name' },
              { name: 'company', value: 'company' },
              { name: 'role', value: 'role' },
              { name: 'due', value: 'due' },
              { name: 'what', value: 'what' },
              { name: 'note', value: 'note' },
              { name: 'email', value: 'email' },
              { name: 'phone', value: 'phone' },
              { name: 'linkedin', value: 'linkedin' },
            ),
        )
        .addStringOption((o) =>
          o
            .setName('value')
            .setDescription('The new value: Plaid, friday 3pm, +1 415 555 0100, none…')
            .setMaxLength(Math.max(max.note, max.what, max.who)),
        ),
    )
    .addSubcommand((sub) => ref(sub.setName('reopen').setDescription('Open a closed promise again')))
    .addSubcommand((sub) => sub.setName('history').setDescription('Closed promises and how they ended'))
    .addSubcommand((sub) =>
      ref(sub.setName('snooze').setDescription('Nudge me later')).addStringOption((o) =>
        o
          .setName('until')
          .setDescription('3 hours, tomorrow, next week, or a date')
          .setRequired(true)
          .setMaxLength(100),
      ),
    )
    .addSubcommand((sub) =>
      note(
        ref(sub.setName('close').setDescription('Close a thread')).addStringOption((o) =>
          o
            .setName('outcome')
            .setDescription('How it ended')
            .setRequired(true)
            .addChoices(
              { name: 'offer', value: 'offer' },
              { name: 'no', value: 'no' },
              { name: 'withdrawn', value: 'withdrawn' },
              { name: 'gone cold', value: 'cold' },
            ),
        ),
      ),
    )
    .addSubcommand((sub) => ref(sub.setName('keep').setDescription('Keep nudging after the third follow-up')))
    .addSubcommand((sub) =>
      sub
        .setName('met')
        .setDescription('Log an interview or call (a thank-you note is due)')
        .addStringOption((o) =>
          o.setName('who').setDescription('Who you met').setRequired(true).setMaxLength(max.who),
        )
        .addStringOption((o) => o.setName('company').setDescription('Company').setMaxLength(max.company))
        .addStringOption((o) =>
          o
            .setName('when')
            .setDescription('When you met, e.g. today 2pm, yesterday 10:30, Friday 3pm (empty: now)')
            .setMaxLength(100),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('pause')
        .setDescription('No nudges until a date')
        .addStringOption((o) =>
          o.setName('until').setDescription('e.g. Jan 6').setRequired(true).setMaxLength(100),
        ),
    )
    .addSubcommand((sub) => sub.setName('resume').setDescription('Nudges back on'))
    .addSubcommand((sub) =>
      sub
        .setName('settings')
        .setDescription('Your settings (no options shows them)')
        .addStringOption((o) =>
          o.setName('tz').setDescription('Your time zone').setAutocomplete(true).setMaxLength(64),
        )
        .addStringOption((o) =>
          o.setName('digest').setDescription('Digest time, e.g. 08:30, or off').setMaxLength(5),
        )
        .addStringOption((o) => o.setName('workdays').setDescription('e.g. mon-fri').setMaxLength(40))
        .addBooleanOption((o) =>
          o.setName('share').setDescription('Shout-outs in the accountability channel'),
        )
        .addIntegerOption((o) =>
          o.setName('target').setDescription('Open threads to keep warm').setMinValue(1).setMaxValue(50),
        )
        .addStringOption((o) =>
          o
            .setName('country')
            .setDescription('No nudges on its public holidays: a code like DE or US, or off')
            .setMaxLength(60),
        )
        .addStringOption((o) =>
          o.setName('region').setDescription('With country: its region, e.g. CA in the US').setMaxLength(10),
        ),
    )
    .addSubcommand((sub) =>
      sub.setName('stats').setDescription('Your follow-up tally, with a chart of 12 weeks'),
    )
    .addSubcommand((sub) =>
      sub
        .setName('channel')
        .setDescription('Admins: the accountability channel (none turns it off)')
        .addChannelOption((o) =>
          o.setName('channel').setDescription('Where roundups go').addChannelTypes(ChannelType.GuildText),
        ),
    )
    .addSubcommand((sub) =>
      sub.setName('dashboard').setDescription('Admins: a private link to the group’s organiser page'),
    )
    .addSubcommand((sub) => sub.setName('export').setDescription('Your data as CSV and a calendar file'))
    .addSubcommand((sub) =>
      sub.setName('forget-me').setDescription('Delete everything Thrice holds about you'),
    )
    .addSubcommand((sub) => sub.setName('help').setDescription('How to use Thrice'));
}

/** `/promise` under the default limits. */
export const promiseCommand = promiseCommandFor();

/** The name of the message context-menu command (Apps → Track as a promise on any message). */
export const TRACK_COMMAND = 'Track as a promise';

/** The message context-menu command: opens the add form filled in from the message. */
export const trackCommand = new ContextMenuCommandBuilder()
  .setName(TRACK_COMMAND)
  .setType(ApplicationCommandType.Message)
  .setIntegrationTypes(...INSTALLS)
  .setContexts(...CONTEXTS);

/** The JSON registered with Discord, with the operator's limits as option max lengths. */
export function commandDefinitions(limits: Limits = DEFAULT_LIMITS) {
  return [promiseCommandFor(limits).toJSON(), trackCommand.toJSON()] as const;
}
