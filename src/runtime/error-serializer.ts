import pino from 'pino';

/**
 * What a database error may say in a log: which statement, table, column and constraint, never
 * a value. Each name is read from the postgres driver's field or PGlite's, whichever is set.
 */
const DATABASE_FIELDS = {
  code: ['code'],
  severity: ['severity'],
  routine: ['routine'],
  schema: ['schema_name', 'schema'],
  table: ['table_name', 'table'],
  column: ['column_name', 'column'],
  constraint: ['constraint_name', 'constraint'],
} as const;

const MAX_CAUSES = 5;

function causesOf(error: Error): Error[] {
  const chain: Error[] = [error];
  let next: unknown = error.cause;
  while (next instanceof Error && chain.length < MAX_CAUSES) {
    chain.push(next);
    next = next.cause;
  }
  return chain;
}

function field(error: Error, name: string): unknown {
  return Reflect.get(error, name);
}

/**
 * A failed query: drizzle's wrapper (`query` + `params`), the postgres driver's own errors
 * (`parameters`, `args`) or a server error (a five-character SQLSTATE with a severity).
 */
function isDatabaseError(error: Error): boolean {
  const code = field(error, 'code');
  return (
    field(error, 'params') !== undefined ||
    field(error, 'parameters') !== undefined ||
    (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && field(error, 'severity') !== undefined)
  );
}

/** Only the "at …" lines: the first line of a stack repeats the message, which may quote values. */
function framesOnly(stack: string | undefined): string | undefined {
  return stack
    ?.split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
}

/**
 * pino's `err` serializer without the request a platform call failed on; for database errors,
 * less still: their messages, details and stacks quote the bound parameters (a contact's name, a
 * company, a note), so only codes, the names of tables, columns and constraints, and the
 * statement's text (which holds `$1` placeholders) are kept.
 */
export function serializeError(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const chain = causesOf(value);
  if (!chain.some(isDatabaseError)) {
    // A platform error keeps the request it failed on (discord.js: `requestBody`), i.e. the message we sent.
    const { requestBody: _sent, ...rest } = pino.stdSerializers.err(value) as Record<string, unknown>;
    return rest;
  }
  const out: Record<string, unknown> = { type: value.name, message: 'database error (values withheld)' };
  for (const error of chain) {
    const query = field(error, 'query');
    if (typeof query === 'string' && out.query === undefined) out.query = query;
    for (const [name, sources] of Object.entries(DATABASE_FIELDS)) {
      for (const source of sources) {
        const found = field(error, source);
        if (out[name] === undefined && (typeof found === 'string' || typeof found === 'number'))
          out[name] = found;
      }
    }
  }
  const frames = framesOnly(value.stack);
  if (frames !== undefined) out.stack = frames;
  return out;
}
