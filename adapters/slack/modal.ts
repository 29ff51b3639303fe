import type { types } from '@slack/bolt';
import { ROLE_LABELS } from '../../src/core/format.ts';
import { CONTACT_ROLES, type ContactRole, type FollowUpPromise } from '../../src/core/model.ts';

/** The callback id of the add-a-promise form. */
export const PROMISE_FORM = 'thrice_promise_form';

const FIELDS = ['who', 'role', 'company', 'what', 'when', 'note'] as const;
type Field = (typeof FIELDS)[number];

function input(
  field: Field,
  label: string,
  placeholder: string,
  optional: boolean,
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
      ...(initial ? { initial_value: initial } : {}),
    },
  };
}

/**
 * The form bare `/promise` opens: the same fields the grammar reads from free text. With
 * `replaces` (the Edit button), it starts from that promise and saving it replaces it; the
 * date is typed again, as people say it.
 */
export function promiseForm(replaces?: FollowUpPromise): types.ModalView {
  const role = replaces?.contact.role ?? null;
  const roleOption = (value: ContactRole) => ({
    text: { type: 'plain_text' as const, text: ROLE_LABELS[value] },
    value,
  });
  return {
    type: 'modal',
    callback_id: PROMISE_FORM,
    ...(replaces === undefined ? {} : { private_metadata: replaces.id }),
    title: { type: 'plain_text', text: replaces === undefined ? 'Record a promise' : 'Edit the promise' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      input('who', 'Who promised?', 'Jane Doe', false, replaces?.contact.name),
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
      input('company', 'Company', 'Acme', true, replaces?.contact.company),
      // Stored from the member's side ("call you back"); the form speaks as the member ("call me back").
      input(
        'what',
        'What did they promise?',
        'call me back',
        false,
        replaces?.what.replace(/\byou\b/g, 'me').replace(/\byour\b/g, 'my'),
      ),
      input('when', 'By when?', 'Friday 3pm, tomorrow, in a week', false),
      input('note', 'Note', 'anything to remember', true, replaces?.note),
    ],
  };
}

/** The submitted form's values, read by block and action id (never by position). */
export function formText(
  values: Record<
    string,
    Record<string, { value?: string | null; selected_option?: { value: string } | null }>
  >,
): {
  text: string;
} {
  const read = (field: Field) => {
    const state = values[field]?.[field];
    return (state?.selected_option?.value ?? state?.value ?? '').trim();
  };
  // A crafted payload could send any value; only our own roles are read.
  const role = CONTACT_ROLES.find((known) => known === read('role'));
  const details = [role === undefined ? '' : ROLE_LABELS[role], read('company')].filter(
    (part) => part !== '',
  );
  const who = `${read('who')}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
  const note = read('note');
  return { text: `${who} will ${read('what')} ${read('when')}${note === '' ? '' : ` -- ${note}`}` };
}
