import type { Item, Message } from './message.ts';
import type { Workspace } from './model.ts';
import type { RoundupActivity } from './ports/outbox.ts';
import { groupChartData } from './stats-chart.ts';
import { weeklyTally } from './tally.ts';

/** Shout-outs go to sharers with at least this many follow-ups in the period, or this long a streak. */
export const SHOUT_OUT_MIN_FOLLOW_UPS = 3;
export const SHOUT_OUT_MIN_STREAK = 3;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The accountability channel's roundup: counts for the period and shout-outs for members who
 * opted in. It names members only, never a contact or a company.
 */
export function buildRoundup(input: {
  workspace: Pick<Workspace, 'roundupCadence'>;
  period: { from: Date; to: Date };
  activity: RoundupActivity;
  now: Date;
}): Message {
  const { activity, now } = input;
  const span = input.workspace.roundupCadence === 'daily' ? 'Yesterday' : 'This week';
  const shoutOuts: Item[] = [];
  for (const { member, promises } of activity.sharers) {
    const from = input.period.from.getTime();
    const followUps = promises
      .flatMap((p) => p.followUps)
      .filter((f) => f.at.getTime() >= from && f.at.getTime() < input.period.to.getTime()).length;
    const { streakDays } = weeklyTally(promises, member.settings, now);
    const name = member.displayName;
    if (followUps >= SHOUT_OUT_MIN_FOLLOW_UPS) {
      shoutOuts.push({
        text: `${name} followed up ${plural(followUps, 'time', 'times')}${streakDays >= 2 ? ` · ${streakDays}-day streak` : ''}`,
        namesMember: member.id,
      });
    } else if (streakDays >= SHOUT_OUT_MIN_STREAK) {
      shoutOuts.push({ text: `${name} is on a ${streakDays}-day streak`, namesMember: member.id });
    }
  }
  const tally = `${plural(activity.followUps, 'follow-up', 'follow-ups')} logged · ${plural(activity.callbacks, 'callback', 'callbacks')} received · ${plural(activity.activeMembers, 'member', 'members')} active`;
  const sections: Message['sections'] = [
    { items: [{ text: tally }] },
    ...(shoutOuts.length > 0 ? [{ heading: 'Shout-outs', items: shoutOuts }] : []),
  ];
  // The chart ends with the period reported, not the week just begun.
  const chart = groupChartData(
    activity.sharers.map((sharer) => sharer.promises),
    input.period,
  );
  return {
    kind: 'roundup',
    title: `${span} in the job hunt`,
    sections,
    // Drawn from the members who opted in only; with none, there is no group picture to show.
    ...(activity.sharers.length === 0 ? {} : { chart: { kind: 'group' as const, data: chart } }),
    footer: 'Log follow-ups with /promise followed — turn on shout-outs with /promise settings share on.',
    fallbackText: `${span}: ${tally}`,
  };
}
