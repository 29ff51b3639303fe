import type { PGlite } from '@electric-sql/pglite';

/**
 * Writes down every statement a PGlite client is asked to run, where drizzle hands them to the
 * driver: its queries, and the BEGIN and COMMIT of each transaction. `restore` unwraps the client
 * (a pooled test database goes back to the next file as it came).
 */
export function recordPgliteStatements(client: PGlite): { seen: string[]; restore(): void } {
  const seen: string[] = [];
  const { query, transaction } = client;
  client.query = ((text: string, ...rest: unknown[]) => {
    seen.push(text);
    return (query as (...args: unknown[]) => unknown).call(client, text, ...rest);
  }) as PGlite['query'];
  client.transaction = ((work: (tx: Parameters<Parameters<PGlite['transaction']>[0]>[0]) => unknown) =>
    transaction.call(client, async (tx) => {
      seen.push('BEGIN');
      const inner = tx.query.bind(tx);
      tx.query = ((text: string, ...rest: unknown[]) => {
        seen.push(text);
        return (inner as (...args: unknown[]) => unknown)(text, ...rest);
      }) as typeof tx.query;
      const result = await work(tx);
      seen.push('COMMIT');
      return result;
    })) as PGlite['transaction'];
  return {
    seen,
    restore() {
      client.query = query;
      client.transaction = transaction;
    },
  };
}
