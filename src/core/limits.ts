/**
 * Bounds against abuse and mistakes. The operator sets them (THRICE_* variables); the
 * defaults suit one person's job search with room to spare.
 */
export interface Limits {
  /** Longest contact name or company, in characters. */
  maxNameLength: number;
  /** Longest note, in characters. */
  maxNoteLength: number;
  /**
   * Longest description of what was promised, in characters: it is shown on one line in lists,
   * digests and nudges, so it is not an environment variable. Longer is refused, never cut.
   */
  maxWhatLength: number;
  /** Commands one member may run in a minute; more are refused, nothing is changed. */
  commandsPerMinute: number;
  /** Open promises one member may hold at once. */
  maxOpenPromises: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxNameLength: 80,
  maxNoteLength: 500,
  maxWhatLength: 120,
  commandsPerMinute: 30,
  maxOpenPromises: 200,
};
