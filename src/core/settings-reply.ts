import { formatDay } from './format.ts';
import { placeName } from './holidays.ts';
import type { Message } from './message.ts';
import type { LocalTime, MemberSettings, Platform, Weekday } from './model.ts';
import { example } from './syntax.ts';

const DAY_NAMES: Record<Weekday, string> = {
  1: 'Mon',
  2: 'Tue',
  3: 'Wed',
  4: 'Thu',
  5: 'Fri',
  6: 'Sat',
  7: 'Sun',
};

/** "08:30". */
export function formatLocalTime(time: LocalTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** "Mon–Fri", "Mon, Wed, Thu". */
export function formatWorkDays(days: readonly Weekday[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first !== undefined && last !== undefined && sorted.length > 2 && last - first === sorted.length - 1) {
    return `${DAY_NAMES[first]}–${DAY_NAMES[last]}`;
  }
  return sorted.map((day) => DAY_NAMES[day]).join(', ');
}

/** Each setting as the line that says it; `paused` is null when the member is not paused. */
export function settingLines(
  settings: MemberSettings,
  platform: Platform = 'slack',
): Record<'timeZone' | 'digest' | 'workDays' | 'holidays' | 'share' | 'target', string> & {
  paused: string | null;
} {
  const tz =
    platform === 'discord' ? '/promise settings tz:Europe/Berlin' : '/promise settings tz Europe/Berlin';
  return {
    timeZone: `Time zone: ${settings.timeZone}${settings.timeZoneConfirmed ? '' : ` (not confirmed — set yours with \`${tz}\`)`}`,
    digest: `Daily digest: ${settings.digestTime === null ? 'off — each nudge comes as its own message instead' : formatLocalTime(settings.digestTime)}`,
    workDays: `Working days: ${formatWorkDays(settings.workDays)}, ${formatLocalTime(settings.workStart)}–${formatLocalTime(settings.workEnd)}`,
    holidays:
      settings.country === null
        ? 'Public holidays: none set — set your country with `/promise settings country DE` (or `country US region CA`)'
        : `Public holidays: ${placeName(settings.country, settings.region)} — no nudges or digests on them`,
    share: `Shout-outs in the accountability channel: ${settings.share ? 'on' : 'off'}`,
    target: `Target open threads: ${settings.target}`,
    paused:
      settings.pausedUntil === null
        ? null
        : `Paused until ${formatDay(settings.pausedUntil, settings.timeZone, settings.locale)}`,
  };
}

/** The member's settings at a glance; `changed` says whether they were just saved. */
export function settingsReply(
  settings: MemberSettings,
  changed: boolean,
  platform: Platform = 'slack',
): Message {
  const lines = settingLines(settings, platform);
  const all = [lines.timeZone, lines.digest, lines.workDays, lines.holidays, lines.share, lines.target];
  if (lines.paused !== null) all.push(lines.paused);
  return {
    kind: changed ? 'confirmation' : 'reply',
    title: changed ? 'Settings saved' : 'Your settings',
    sections: [{ items: all.map((text) => ({ text })) }],
    footer: `Change any of them: ${example(platform, 'settings')}`,
    fallbackText: changed ? 'Settings saved' : 'Your settings',
  };
}
