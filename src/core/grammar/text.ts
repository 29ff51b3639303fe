/*
 * Small text helpers shared by the `/promise` grammar. Every pattern here is linear: no nested
 * quantifiers, and trimming is done with loops rather than end-anchored character-class runs.
 */

const EDGE_PUNCTUATION = new Set([' ', '\t', '\n', '\r', ',', ';', ':', '.', '-', '–', '—', '!', '?']);

/** Collapses whitespace and trims spaces and stray punctuation from both ends. */
export function clean(text: string): string {
  const spaced = text.replace(/\s+/g, ' ');
  let start = 0;
  let end = spaced.length;
  while (start < end && EDGE_PUNCTUATION.has(spaced.charAt(start))) start++;
  while (end > start && EDGE_PUNCTUATION.has(spaced.charAt(end - 1))) end--;
  return spaced.slice(start, end);
}

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The member's text cut to at most `max` UTF-16 units, with "…" when cut. The cut falls between
 * graphemes, so it never leaves half a surrogate pair (an invalid string that platforms refuse)
 * or an emoji without its modifier.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { index, segment } of GRAPHEMES.segment(text)) {
    if (index + segment.length > max - 1) break;
    end = index + segment.length;
  }
  return `${text.slice(0, end)}…`;
}

/** The cleaned text, or null when nothing is left. */
export function orNull(text: string): string | null {
  const cleaned = clean(text);
  return cleaned === '' ? null : cleaned;
}

/** Joins the non-empty parts with "; ", or null when there are none. */
export function joinNotes(...parts: readonly (string | null | undefined)[]): string | null {
  const kept = parts.map((part) => (part == null ? '' : clean(part))).filter((part) => part !== '');
  return kept.length === 0 ? null : kept.join('; ');
}

/**
 * Splits an optional trailing note off: `… -- note`, `… — note` or `… note: note`.
 * The first separator wins, so a note may itself contain dashes.
 */
export function splitNote(text: string): { body: string; note: string | null } {
  const match = /\s(?:--|—|–)\s|\s--$|\bnote:/i.exec(text);
  if (match === null) return { body: text, note: null };
  return { body: text.slice(0, match.index), note: orNull(text.slice(match.index + match[0].length)) };
}

/** Lower-case words that stay lower-case inside a capitalised name ("Ana de la Cruz"). */
const NAME_PARTICLES = new Set([
  'de',
  'da',
  'di',
  'du',
  'del',
  'della',
  'der',
  'den',
  'van',
  'von',
  'la',
  'le',
  'y',
]);

/** Capitalises a name typed all in lower case ("jane doe" → "Jane Doe"); any capital keeps it as typed. */
export function capitaliseName(name: string): string {
  if (name !== name.toLowerCase()) return name;
  return name
    .split(' ')
    .map((word, i) =>
      i > 0 && NAME_PARTICLES.has(word) ? word : word.replace(/^\p{Ll}/u, (c) => c.toUpperCase()),
    )
    .join(' ');
}

/** Number of words in already-cleaned text. */
export function wordCount(text: string): number {
  return text === '' ? 0 : text.split(' ').length;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), so "lsit" is one
 * edit from "list". Bounded by the caller to short words.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [];
    for (let j = 0; j <= b.length; j++) {
      if (i === 0 || j === 0) {
        row.push(i + j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const above = rows[i - 1] ?? [];
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length);
}

/**
 * A record's own entry for a typed word, never an inherited one: "constructor" or "__proto__"
 * typed by a member must not find Object.prototype's members.
 */
export function lookup<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
