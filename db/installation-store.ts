import { and, eq } from 'drizzle-orm';
import type { Platform } from '../src/core/model.ts';
import type { InstallationRecord, InstallationRepository } from '../src/core/ports.ts';
import type { Db } from './connection.ts';
import { installations } from './schema.ts';

/** Installations in the `installations` table; the platform's object is kept as JSON. */
export class DrizzleInstallationRepository implements InstallationRepository {
  constructor(private readonly db: Db) {}

  async save(installation: InstallationRecord): Promise<void> {
    const row = {
      platform: installation.platform,
      key: installation.key,
      data: installation.data,
      installerId: installation.installerId,
      updatedAt: new Date(),
    };
    await this.db
      .insert(installations)
      .values(row)
      .onConflictDoUpdate({ target: [installations.platform, installations.key], set: row });
  }

  async find(platform: Platform, key: string): Promise<InstallationRecord | null> {
    const [row] = await this.db
      .select()
      .from(installations)
      .where(and(eq(installations.platform, platform), eq(installations.key, key)));
    return row === undefined
      ? null
      : { platform: row.platform as Platform, key: row.key, data: row.data, installerId: row.installerId };
  }

  async remove(platform: Platform, key: string): Promise<boolean> {
    const rows = await this.db
      .delete(installations)
      .where(and(eq(installations.platform, platform), eq(installations.key, key)))
      .returning({ key: installations.key });
    return rows.length > 0;
  }
}
