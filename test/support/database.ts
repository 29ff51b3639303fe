import { sql } from 'drizzle-orm';
import type { Database } from '../../db/connection.ts';

/** Empties every table (a shared Postgres test database is reused across runs). */
export async function resetDatabase(database: Database): Promise<void> {
  await database.db.execute(
    sql`TRUNCATE workspaces, members, promises, follow_ups, deliveries, processed_requests, installations CASCADE`,
  );
}
