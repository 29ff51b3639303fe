import type { types } from '@slack/bolt';
import { formInputMaxLengths } from '../../src/app/input-limits.ts';
import { ROLE_LABELS } from '../../src/core/format.ts';
import { DEFAULT_LIMITS, type Limits } from '../../src/core/limits.ts';
import { CONTACT_ROLES, type ContactRole, type FollowUpPromise } from '../../src/core/model.ts';
import type { PromiseFields } from '../../src/core/ports/inbound.ts';

/** The callback id of the add-a-promise form. */
export const PROMISE_FORM = 'thrice_promise_form';

const FIELDS = ['who', 'role', 'company', 'what', 'when', 'note', 'email', 'phone', 'linkedin'] as const;
/** Longest e-mail address (RFC 5321), phone number as typed, and LinkedIn URL the form takes. */
const DETAIL_MAX_LENGTH = { email: 254, phone: 40, linkedin: 200 } as const;
type Field = (typeof FIELDS)[number];

/**
 * Where a form was opened, kept in its private_metadata (Slack hands it back on submit): where to
 * answer, and which message an Edit should update. Every field is optional.
 */
export interface FormOrigin {
  /** The promise the form is about: the one an Edit replaces, or the one to snooze. */
  promise?: string;
  /** The channel the command or button was in, and its thread. */
  channel?: string;
  thread?: string;
  /** The message that held the Edit (or snooze) button: its response_url, and its ts when not ephemeral. */
  responseUrl?: string;
  messageTs?: string;
  /** Opened from the App Home: answered by publishing it again, on this page. */
  homePage?: number;
}

/** A form's origin as private_metadata (at most 3,000 characters; these stay far below). */
export function encodeOrigin(origin: FormOrigin): string {
  const kept = Object.entries(origin).filter(([, value]) => value !== undefined && value !== '');
  return kept.length === 0 ? '' : JSON.stringify(Object.fromEntries(kept));
}

/**
 * The origin a submitted form carries. A bare promise id (a form opened before this format) is
 * that promise; anything unreadable is no origin at all.
 */
export function decodeOrigin(metadata: string | undefined): FormOrigin {
  const text = (metadata ?? '').trim();
  if (text === '') return {};
  if (!text.startsWith('{')) return { promise: text };
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const str = (key: string) => (typeof parsed[key] === 'string' ? { [key]: parsed[key] as string } : {});
    return {
      ...str('promise'),
      ...str('channel'),
      ...str('thread'),
      ...str('responseUrl'),
      ...str('messageTs'),
      ...(typeof parsed.homePage === 'number' ? { homePage: parsed.homePage } : {}),
    };
  } catch {
    return {};
  }
}

/** Block Kit's own ceiling for a plain_text_input's max_length. */
export const SLACK_INPUT_MAX_LENGTH = 3000;

function input(
  field: Field,
  label: string,
  placeholder: string,
  optional: boolean,
  maxLength: number,
  initial?: string | null,
): types.InputBlock {
  return {
    type: 'input',
    block_id: field,
    optional,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'plain_text_input',
      action_id: field,
      placeholder: { type: 'plain_text', text: placeholder },
      max_length: maxLength,
      // Slack refuses a view whose initial value is longer than its max_length.
      ...(initial ? { initial_value: [...initial].slice(0, maxLength).join('') } : {}),
    },
  };
}

/**
 * The form bare `/promise` opens: the same fields the grammar reads from free text. With
 * `replaces` (the Edit button), it starts from that promise and saving it replaces it; the
 * date is typed again, as people say it. Every text input carries the operator's length limit
 * as `max_length`, so Slack stops over-long text before it is sent.
 */
export function promiseForm(
  replaces?: FollowUpPromise,
  limits: Limits = DEFAULT_LIMITS,
  /** Fields read from a message ("Track as a promise"); only for a new promise. */
  prefill?: PromiseFields,
  /** Where the form was opened, so its answer goes there (private_metadata). */
  origin: FormOrigin = {},
): types.ModalView {
  const metadata = encodeOrigin({ ...origin, ...(replaces === undefined ? {} : { promise: replaces.id }) });
  const max = formInputMaxLengths(limits, SLACK_INPUT_MAX_LENGTH);
  const role =
    replaces?.contact.role ?? CONTACT_ROLES.find((known) => ROLE_LABELS[known] === prefill?.role) ?? null;
  const roleOption = (value: ContactRole) => ({
    text: { type: 'plain_text' as const, text: ROLE_LABELS[value] },
    value,
  });
  return {
    type: 'modal',
    callback_id: PROMISE_FORM,
    ...(metadata === '' ? {} : { private_metadata: metadata }),
    title: { type: 'plain_text', text: replaces === undefined ? 'Record a promise' : 'Edit the promise' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      input('who', 'Who promised?', 'Jane Doe', false, max.who, replaces?.contact.name ?? prefill?.who),
      {
        type: 'input',
        block_id: 'role',
        optional: true,
        label: { type: 'plain_text', text: 'Their role' },
        element: {
          type: 'static_select',
          action_id: 'role',
          options: CONTACT_ROLES.map(roleOption),
          ...(role === null ? {} : { initial_option: roleOption(role) }),
        },
      },
      input('company', 'Company', 'Acme', true, max.company, replaces?.contact.company ?? prefill?.company),
      // Stored from the member's side ("call you back"); the form speaks as the member ("call me back").
      input(
        'what',
        'What did they promise?',
        'call me back',
        false,
        max.what,
        replaces?.what.replace(/\byou\b/g, 'me').replace(/\byour\b/g, 'my') ?? prefill?.what,
      ),
      input('when', 'By when?', 'Friday 3pm, tomorrow, in a week', false, max.when, prefill?.when),
      input('note', 'Note', 'anything to remember', true, max.note, replaces?.note ?? prefill?.note),
      // How to reach them: the nudges then offer an e-mail already written, the number, the profile.
      input(
        'email',
        'Their e-mail',
        'jane@acme.com',
        true,
        DETAIL_MAX_LENGTH.email,
        replaces?.contact.email ?? prefill?.email,
      ),
      input(
        'phone',
        'Their phone',
        '+1 415 555 0100',
        true,
        DETAIL_MAX_LENGTH.phone,
        replaces?.contact.phone ?? prefill?.phone,
      ),
      input(
        'linkedin',
        'Their LinkedIn profile',
        'https://www.linkedin.com/in/janeroe',
        true,
        DETAIL_MAX_LENGTH.linkedin,
        replaces?.contact.linkedin ?? prefill?.linkedin,
      ),
    ],
  };
}

/** The submitted form's values, read by block and action id (never by position). */
export function formFields(
  values: Record<
    string,
    Record<string, { value?: string | null; selected_option?: { value: string } | null }>
  >,
): PromiseFields {
  const read = (field: Field) => {
    const state = values[field]?.[field];
    return (state?.selected_option?.value ?? state?.value ?? '').trim();
  };
  // A crafted payload could send any value; only our own roles are read.
  const role = CONTACT_ROLES.find((known) => known === read('role'));
  return {
    who: read('who'),
    role: role === undefined ? '' : ROLE_LABELS[role],
    company: read('company'),
    what: read('what'),
    when: read('when'),
    note: read('note'),
    email: read('email'),
    phone: read('phone'),
    linkedin: read('linkedin'),
  };
}

/** The callback id of the snooze form ("Pick a date…"); its origin names the promise. */
export const SNOOZE_FORM = 'thrice_snooze_form';
/** Block ids of the snooze form's pickers; a refusal is shown beside the date. */
export const SNOOZE_DATE = 'snooze_date';
const SNOOZE_TIME = 'snooze_time';

/**
 * "Pick a date…": a datepicker and an optional timepicker (no time: the start of the member's
 * work day), starting at `start` when given. The values are read in the member's Thrice time
 * zone, as every other time is.
 */
export function snoozeForm(
  promiseId: string,
  origin: FormOrigin = {},
  start?: { date: string; time: string; timeZone: string },
): types.ModalView {
  return {
    type: 'modal',
    callback_id: SNOOZE_FORM,
    private_metadata: encodeOrigin({ ...origin, promise: promiseId }),
    title: { type: 'plain_text', text: 'Snooze until…' },
    submit: { type: 'plain_text', text: 'Snooze' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: SNOOZE_DATE,
        label: { type: 'plain_text', text: 'Day' },
        element: {
          type: 'datepicker',
          action_id: 'date',
          placeholder: { type: 'plain_text', text: 'Pick a day' },
          ...(start === undefined ? {} : { initial_date: start.date }),
        },
      },
      {
        type: 'input',
        block_id: SNOOZE_TIME,
        optional: true,
        label: {
          type: 'plain_text',
          text: start === undefined ? 'Time (leave empty for the start of your work day)' : 'Time',
        },
        element: {
          type: 'timepicker',
          action_id: 'time',
          placeholder: { type: 'plain_text', text: 'Pick a time' },
          ...(start === undefined ? {} : { initial_time: start.time, timezone: start.timeZone }),
        },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'In your Thrice time zone (`/promise settings` shows it).' }],
      },
    ],
  };
}

/** The snooze form's picked day and time, by block and action id; '' and null when not picked. */
export function snoozeFormPick(
  values: Record<string, Record<string, { selected_date?: string | null; selected_time?: string | null }>>,
): { date: string; time: string | null } {
  return {
    date: values[SNOOZE_DATE]?.date?.selected_date ?? '',
    time: values[SNOOZE_TIME]?.time?.selected_time ?? null,
  };
}
