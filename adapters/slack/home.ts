import type { types } from '@slack/bolt';
import type { Item } from '../../src/core/message.ts';
import type { Weekday } from '../../src/core/model.ts';
import type { HomeView } from '../../src/core/ports/inbound.ts';
import { escapeMrkdwn, headerBlock, itemBlocks } from './render.ts';

type KnownBlock = types.KnownBlock;
type PlainTextOption = types.PlainTextOption;

/** Slack's ceiling for the blocks of one published Home tab. */
export const MAX_HOME_BLOCKS = 100;
/** The most blocks a notice at the top (what the last press did) may take. */
export const MAX_HOME_NOTICE_BLOCKS = 12;

/**
 * Action ids of the Home tab's own controls. They do not start with `thrice_`, so the promise
 * buttons' listener never sees them.
 */
export const HOME_ACTION_IDS = {
  add: 'home_add',
  previous: 'home_page_previous',
  next: 'home_page_next',
  timeZone: 'home_tz',
  digest: 'home_digest',
  digestOff: 'home_digest_off',
  workDays: 'home_workdays',
  share: 'home_share',
} as const;

/** The zones most members live in, offered in the Home's menu (a member's own is always added). */
export const COMMON_ZONES = [
  'Pacific/Honolulu',
  'America/Anchorage',
  'America/Los_Angeles',
  'America/Denver',
  'America/Phoenix',
  'America/Chicago',
  'America/New_York',
  'America/Halifax',
  'America/St_Johns',
  'America/Mexico_City',
  'America/Bogota',
  'America/Sao_Paulo',
  'America/Argentina/Buenos_Aires',
  'Atlantic/Reykjavik',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Amsterdam',
  'Europe/Stockholm',
  'Europe/Warsaw',
  'Europe/Athens',
  'Europe/Helsinki',
  'Europe/Istanbul',
  'Europe/Kyiv',
  'Europe/Moscow',
  'Africa/Lagos',
  'Africa/Cairo',
  'Africa/Johannesburg',
  'Africa/Nairobi',
  'Asia/Dubai',
  'Asia/Karachi',
  'Asia/Kolkata',
  'Asia/Dhaka',
  'Asia/Bangkok',
  'Asia/Jakarta',
  'Asia/Singapore',
  'Asia/Manila',
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Seoul',
  'Asia/Tokyo',
  'Australia/Perth',
  'Australia/Adelaide',
  'Australia/Brisbane',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
] as const;

const WEEKDAYS: readonly { day: Weekday; label: string; value: string }[] = [
  { day: 1, label: 'Mon', value: 'mon' },
  { day: 2, label: 'Tue', value: 'tue' },
  { day: 3, label: 'Wed', value: 'wed' },
  { day: 4, label: 'Thu', value: 'thu' },
  { day: 5, label: 'Fri', value: 'fri' },
  { day: 6, label: 'Sat', value: 'sat' },
  { day: 7, label: 'Sun', value: 'sun' },
];

/** The value of the sharing checkbox when ticked. */
export const SHARE_ON = 'on';

/** One published page of the Home tab. */
export interface HomePage {
  blocks: KnownBlock[];
  /** The page shown (0-based), after clamping to the pages there are. */
  page: number;
  pages: number;
}

function option(text: string, value: string): PlainTextOption {
  return { text: { type: 'plain_text', text, emoji: true }, value };
}

function mrkdwn(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text };
}

/** The settings as controls; each change is saved at once (HOME_ACTION_IDS). */
function settingsBlocks(home: HomeView): KnownBlock[] {
  const { settings } = home;
  const zones: string[] = [...COMMON_ZONES];
  if (!zones.includes(settings.timeZone)) zones.unshift(settings.timeZone);
  const zoneOption = (zone: string) => option(zone.replace(/_/g, ' '), zone);
  const digest = settings.digestTime;
  const clock =
    digest === null
      ? null
      : `${String(digest.hour).padStart(2, '0')}:${String(digest.minute).padStart(2, '0')}`;
  const dayOptions = WEEKDAYS.map((d) => option(d.label, d.value));
  const workDays = WEEKDAYS.filter((d) => settings.workDays.includes(d.day)).map((d) =>
    option(d.label, d.value),
  );
  const shareOption = option('Share my progress in the accountability channel', SHARE_ON);
  const blocks: KnownBlock[] = [
    headerBlock('Your settings'),
    {
      type: 'section',
      block_id: 'home_tz',
      text: mrkdwn(
        `*Time zone*\n${escapeMrkdwn(settings.timeZone)}${settings.timeZoneConfirmed ? '' : ' (not confirmed yet)'}`,
      ),
      accessory: {
        type: 'static_select',
        action_id: HOME_ACTION_IDS.timeZone,
        placeholder: { type: 'plain_text', text: 'Your time zone' },
        options: zones.map(zoneOption),
        initial_option: zoneOption(settings.timeZone),
      },
    },
    {
      type: 'section',
      block_id: 'home_digest',
      text: mrkdwn(
        clock === null
          ? '*Daily digest*\nOff — each nudge comes as its own message. Pick a time to turn it on.'
          : `*Daily digest*\nAt ${clock} on your working days`,
      ),
      accessory: {
        type: 'timepicker',
        action_id: HOME_ACTION_IDS.digest,
        placeholder: { type: 'plain_text', text: 'Digest time' },
        timezone: settings.timeZone,
        ...(clock === null ? {} : { initial_time: clock }),
      },
    },
  ];
  if (clock !== null)
    blocks.push({
      type: 'actions',
      block_id: 'home_digest_off',
      elements: [
        {
          type: 'button',
          action_id: HOME_ACTION_IDS.digestOff,
          text: { type: 'plain_text', text: 'Turn the digest off' },
          value: 'off',
        },
      ],
    });
  blocks.push(
    {
      type: 'section',
      block_id: 'home_workdays',
      text: mrkdwn('*Working days*\nNo nudges or digests on the others'),
      accessory: {
        type: 'checkboxes',
        action_id: HOME_ACTION_IDS.workDays,
        options: dayOptions,
        // Slack refuses an empty initial_options.
        ...(workDays.length === 0 ? {} : { initial_options: workDays }),
      },
    },
    {
      type: 'section',
      block_id: 'home_share',
      text: mrkdwn('*Shout-outs*\nNames and companies are never shared'),
      accessory: {
        type: 'checkboxes',
        action_id: HOME_ACTION_IDS.share,
        options: [shareOption],
        ...(settings.share ? { initial_options: [shareOption] } : {}),
      },
    },
    {
      type: 'context',
      elements: [
        mrkdwn([...home.otherSettings.map(escapeMrkdwn), 'Everything else: `/promise settings`'].join(' · ')),
      ],
    },
  );
  return blocks;
}

/** This week's tally: the stats title as a header, its lines in one section. */
function statsBlocks(home: HomeView): KnownBlock[] {
  const lines = home.stats.sections.flatMap((section) => section.items.map((item) => item.text));
  return [
    headerBlock(home.stats.title ?? 'This week'),
    { type: 'section', text: mrkdwn(escapeMrkdwn(lines.join('\n'))) },
  ];
}

/** Each promise's blocks, a section heading riding with the first promise under it. */
function promiseChunks(home: HomeView): KnownBlock[][] {
  return home.promises.sections.flatMap((section) =>
    section.items.map((item: Item, i) => {
      const blocks = itemBlocks(item);
      if (i > 0 || section.heading === undefined) return blocks;
      return [
        { type: 'section', text: mrkdwn(`*${escapeMrkdwn(section.heading)}*`) },
        ...blocks,
      ] as KnownBlock[];
    }),
  );
}

/** Splits the promises into pages that each fit `budget` blocks. */
function paginate(chunks: readonly KnownBlock[][], budget: number): KnownBlock[][][] {
  const pages: KnownBlock[][][] = [];
  let current: KnownBlock[][] = [];
  let used = 0;
  for (const chunk of chunks) {
    if (current.length > 0 && used + chunk.length > budget) {
      pages.push(current);
      current = [];
      used = 0;
    }
    current.push(chunk);
    used += chunk.length;
  }
  pages.push(current);
  return pages;
}

/**
 * The Home tab: an add button, the settings as controls, this week's stats and the open promises
 * with their buttons, paged so no published view passes Slack's 100 blocks. `notice` (what the
 * last press did) goes at the top, cut to MAX_HOME_NOTICE_BLOCKS.
 */
export function renderHome(home: HomeView, page: number, notice: readonly KnownBlock[] = []): HomePage {
  const top: KnownBlock[] = [
    headerBlock('Who promised to get back to you'),
    ...notice.slice(0, MAX_HOME_NOTICE_BLOCKS),
    {
      type: 'actions',
      block_id: 'home_add',
      elements: [
        {
          type: 'button',
          action_id: HOME_ACTION_IDS.add,
          text: { type: 'plain_text', text: 'Add a promise' },
          value: 'add',
          style: 'primary',
        },
      ],
    },
    { type: 'divider' },
    ...settingsBlocks(home),
    { type: 'divider' },
    ...statsBlocks(home),
    { type: 'divider' },
  ];
  const promises = home.promises;
  const titled: KnownBlock[] = promises.title === undefined ? [] : [headerBlock(promises.title)];
  const chunks = promiseChunks(home);
  const whole = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  let budget = MAX_HOME_BLOCKS - top.length - titled.length;
  // Paging takes two blocks of its own: the "page 2 of 3" line and the buttons.
  const paged = whole > budget;
  if (paged) budget -= 2;
  const pages = paginate(chunks, Math.max(budget, 1));
  const shown = Math.min(Math.max(0, Math.trunc(page)), pages.length - 1);
  const blocks = [...top, ...titled];
  if (paged)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`Page ${shown + 1} of ${pages.length}, soonest due first`)],
    });
  for (const chunk of pages[shown] ?? []) blocks.push(...chunk);
  if (paged) {
    const pager: types.Button[] = [];
    if (shown > 0)
      pager.push({
        type: 'button',
        action_id: HOME_ACTION_IDS.previous,
        text: { type: 'plain_text', text: '← Previous' },
        value: String(shown - 1),
      });
    if (shown < pages.length - 1)
      pager.push({
        type: 'button',
        action_id: HOME_ACTION_IDS.next,
        text: { type: 'plain_text', text: 'Next →' },
        value: String(shown + 1),
      });
    blocks.push({ type: 'actions', block_id: 'home_pager', elements: pager });
  }
  return { blocks, page: shown, pages: pages.length };
}

/** The settings words a Home control's new value means, for the same path `/promise settings` takes. */
export function settingFromControl(
  actionId: string,
  value: { selected?: string | null; time?: string | null; checked?: readonly string[] },
): Partial<Record<'tz' | 'digest' | 'workdays' | 'share', string>> | null {
  switch (actionId) {
    case HOME_ACTION_IDS.timeZone:
      return value.selected ? { tz: value.selected } : null;
    case HOME_ACTION_IDS.digest:
      return value.time ? { digest: value.time } : null;
    case HOME_ACTION_IDS.digestOff:
      return { digest: 'off' };
    case HOME_ACTION_IDS.workDays: {
      // Only our own day values are read; none ticked is sent as-is and refused by the settings grammar.
      const days = WEEKDAYS.filter((d) => value.checked?.includes(d.value)).map((d) => d.value);
      return { workdays: days.join(',') };
    }
    case HOME_ACTION_IDS.share:
      return { share: value.checked?.includes(SHARE_ON) ? 'on' : 'off' };
    default:
      return null;
  }
}
