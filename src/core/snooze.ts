import { DateTime } from 'luxon';
import type { SnoozePick, SnoozePreset } from './command.ts';
import { InvalidCommandError } from './errors.ts';
import { formatWhen } from './format.ts';
import { isTooFarAhead, readMoment } from './grammar/date-reader.ts';
import { clip } from './grammar/text.ts';
import { err, ok, type Result } from './result.ts';
import { atLocalTime, inZone, isWorkDay, nextWorkingDayAt, type WorkingSettings } from './working-time.ts';

/*
 * What each snooze choice means, like Slack's /remind, always in the member's zone:
 * - 1 hour, 3 hours: from now;
 * - tomorrow: the member's next working morning (the start of their next work day, so a Friday
 *   snooze comes back on Monday for a Monday–Friday week);
 * - next week: next Monday morning (the first work day of next week, at the start of work);
 * - a picked moment: a date with an optional time (no time: the start of work that day), or
 *   words the date reader understands; it must lie ahead, and not years away.
 */

/** A snooze's end, and how to say the choice. */
export interface SnoozeMoment {
  until: Date;
  label: string;
}

const PICK_EXAMPLE = '/promise snooze #2 Friday 3pm';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^(\d{1,2}):(\d{2})$/;

/** The moment a preset means for a member with these settings at `now`. */
export function presetSnooze(preset: SnoozePreset, settings: WorkingSettings, now: Date): SnoozeMoment {
  switch (preset) {
    case '1h':
      return { until: new Date(now.getTime() + 3_600_000), label: '1 hour' };
    case '3h':
      return { until: new Date(now.getTime() + 3 * 3_600_000), label: '3 hours' };
    case 'tomorrow':
      return { until: nextWorkingDayAt(now, settings.workStart, settings), label: 'tomorrow' };
    case 'next_week': {
      const monday = inZone(now, settings.timeZone).startOf('week').plus({ weeks: 1 });
      // A member who does not work Mondays gets the first work day of that week.
      let day = monday;
      for (let i = 0; i < 7 && !isWorkDay(day, settings); i++) day = day.plus({ days: 1 });
      const first = isWorkDay(day, settings) ? day : monday;
      return { until: atLocalTime(first, settings.workStart).toJSDate(), label: 'next week' };
    }
  }
}

/**
 * What is wrong with a picked day and time in any zone (none picked, not a day on the calendar),
 * so a form can say it before the member's settings are read; null when nothing is.
 */
export function pickProblem(pick: { date: string; time: string | null }): InvalidCommandError | null {
  const date = ISO_DATE.exec(pick.date.trim());
  const time = pick.time?.trim() ?? '';
  const clock = time === '' ? null : CLOCK.exec(time);
  if (date === null || (time !== '' && clock === null)) {
    return new InvalidCommandError('Pick a date (and a time, if you like) from the calendar.');
  }
  const valid = DateTime.fromObject(
    {
      year: Number(date[1]),
      month: Number(date[2]),
      day: Number(date[3]),
      hour: clock === null ? 12 : Number(clock[1]),
      minute: clock === null ? 0 : Number(clock[2]),
    },
    { zone: 'UTC' },
  ).isValid;
  return valid
    ? null
    : new InvalidCommandError('That is not a date on the calendar. Pick another one.', PICK_EXAMPLE);
}

/**
 * The moment a member picked, read in their zone; a friendly refusal when it cannot be read, has
 * passed, or lies more than ten years ahead.
 */
export function pickedSnooze(pick: SnoozePick, settings: WorkingSettings, now: Date): Result<SnoozeMoment> {
  if ('text' in pick) {
    const text = pick.text.trim();
    if (text === '')
      return err(new InvalidCommandError('Tell me when to nudge you again, like "Friday 3pm" or "Jan 6".'));
    const read = readMoment(text, { timeZone: settings.timeZone, now });
    return read.ok ? ok({ until: read.value, label: clip(text, 80) }) : read;
  }
  const problem = pickProblem(pick);
  if (problem !== null) return err(problem);
  const date = ISO_DATE.exec(pick.date.trim());
  const clock = pick.time === null || pick.time.trim() === '' ? null : CLOCK.exec(pick.time.trim());
  const time = clock === null ? settings.workStart : { hour: Number(clock[1]), minute: Number(clock[2]) };
  const until = DateTime.fromObject(
    {
      year: Number(date?.[1]),
      month: Number(date?.[2]),
      day: Number(date?.[3]),
      hour: time.hour,
      minute: time.minute,
    },
    { zone: settings.timeZone },
  ).toJSDate();
  if (until.getTime() <= now.getTime()) {
    return err(
      new InvalidCommandError(
        `${formatWhen(until, now, settings.timeZone)} has already passed, so nothing was changed. Pick a moment ahead.`,
        PICK_EXAMPLE,
      ),
    );
  }
  if (isTooFarAhead(until, now)) {
    return err(
      new InvalidCommandError(
        'That is more than ten years away, so nothing was changed. Pick a nearer date.',
      ),
    );
  }
  return ok({ until, label: formatWhen(until, now, settings.timeZone) });
}

/**
 * Where a picked snooze starts in the picker: tomorrow, at the member's digest time (when they
 * look at Thrice anyway), or the start of work when the digest is off; in their zone.
 */
export function suggestedPick(
  settings: WorkingSettings & { digestTime: { hour: number; minute: number } | null },
  now: Date,
): { date: string; time: string } {
  const tomorrow = inZone(now, settings.timeZone).plus({ days: 1 });
  const time = settings.digestTime ?? settings.workStart;
  return {
    date: tomorrow.toFormat('yyyy-LL-dd'),
    time: `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`,
  };
}
