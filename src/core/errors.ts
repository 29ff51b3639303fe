/**
 * Expected failures are values (`ThriceError` subclasses) with a message fit to show a member.
 * Anything else is a bug: logged with context and answered with a generic apology.
 */
export type ThriceErrorCode =
  | 'invalid_command'
  | 'unparseable_date'
  | 'unknown_ref'
  | 'ambiguous_ref'
  | 'not_open'
  | 'invalid_setting'
  | 'not_allowed'
  | 'ambiguous_workspace'
  | 'too_long'
  | 'limit_reached'
  | 'expired'
  | 'chart_failed'
  | 'channel_not_found'
  | 'not_served'
  | 'config'
  | 'delivery_rate_limited'
  | 'delivery_unreachable'
  | 'delivery_failed';

/** Base of every error whose message may be shown to a member or an operator as is. */
export class ThriceError extends Error {
  override readonly name: string = 'ThriceError';
  constructor(
    readonly code: ThriceErrorCode,
    /** Text for the member: friendly, specific, with an example where it helps. */
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
  }
}

/** A `<ref>` matched no open promise of the member. */
export class UnknownRefError extends ThriceError {
  override readonly name = 'UnknownRefError';
  constructor(ref: string) {
    super(
      'unknown_ref',
      `I couldn't find an open promise matching "${ref}". Try \`/promise list\` to see them.`,
    );
  }
}

/** A name prefix matched more than one open promise. */
export class AmbiguousRefError extends ThriceError {
  override readonly name = 'AmbiguousRefError';
  constructor(
    ref: string,
    /** The candidates, as `#n Name (Company)`, for a "did you mean" list. */
    readonly candidates: readonly string[],
  ) {
    super('ambiguous_ref', `"${ref}" matches more than one promise. Did you mean ${candidates.join(', ')}?`);
  }
}

/** The text could not be read as a command; nothing was saved. */
export class InvalidCommandError extends ThriceError {
  override readonly name = 'InvalidCommandError';
  constructor(
    /** What was wrong, without the example. */
    readonly problem: string,
    /** A correct example the member can copy, as typed on Slack and the console. */
    readonly example?: string,
  ) {
    super('invalid_command', example ? `${problem}\nFor example: \`${example}\`` : problem);
  }
}

/** One field of a form could not be used as given; nothing was saved. The field is named so a form can show the message beside it. */
export class FormFieldError extends ThriceError {
  override readonly name = 'FormFieldError';
  constructor(
    readonly field: 'who' | 'role' | 'company' | 'what' | 'when' | 'note' | 'email' | 'phone' | 'linkedin',
    cause: ThriceError,
  ) {
    super(cause.code, cause.userMessage, { cause });
  }
}

/** A date or time could not be read. */
export class UnparseableDateError extends ThriceError {
  override readonly name = 'UnparseableDateError';
  constructor(text: string, example: string) {
    super('unparseable_date', `I couldn't read "${text}" as a date or time.\nFor example: \`${example}\``);
  }
}

/** What a member typed is longer than the operator allows; nothing was saved. */
export class TooLongError extends ThriceError {
  override readonly name = 'TooLongError';
  constructor(
    /** The field as the member knows it: "contact name", "company", "what they promised", "note". */
    readonly field: string,
    readonly limit: number,
    readonly length: number,
  ) {
    super(
      'too_long',
      `The ${field} is too long (${length} characters); the limit is ${limit}. Please shorten it — nothing was saved.`,
    );
  }
}

/** A member hit a bound (commands per minute, open promises); nothing was changed. */
export class LimitReachedError extends ThriceError {
  override readonly name = 'LimitReachedError';
  constructor(
    message: string,
    /** When the member may try again, for rate limits. */
    readonly retryAt?: Date,
  ) {
    super('limit_reached', message);
  }
}

/** Narrows an unknown throw to a ThriceError. */
export function isThriceError(err: unknown): err is ThriceError {
  return err instanceof ThriceError;
}
