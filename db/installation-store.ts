import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ThriceError } from '../src/core/errors.ts';
import type { Platform } from '../src/core/model.ts';
import type { InstallationRecord, InstallationRepository } from '../src/core/ports/installations.ts';
import type { Db } from './connection.ts';
import { installations } from './schema.ts';

/**
 * Installations hold the platform's secrets (Slack bot and user tokens, refresh tokens,
 * incoming-webhook URLs). At rest, the whole installation object is one AES-256-GCM sealed
 * string, so nothing token-like can be missed by a field list:
 *
 *   `thrice:v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url parts; 12-byte random IV, 16-byte tag)
 *
 * The key id (8 hex characters of a hash of the key) says which key sealed it, so several keys
 * can be configured during a rotation. The platform and workspace key are authenticated as
 * associated data: a sealed row copied onto another workspace's row does not open.
 */
const VERSION = 'thrice:v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** How a sealed installation is kept in the `data` column. */
interface SealedData {
  sealed: string;
}

/** A stored secret that cannot be opened with the configured keys; the message is for the operator. */
export class InstallationSecretError extends ThriceError {
  override readonly name = 'InstallationSecretError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('config', message, options);
  }
}

/** The short, public id of a key: which key sealed a row, without saying anything about the key. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('thrice-key-id:').update(key).digest('hex').slice(0, 8);
}

function validKeys(keys: readonly Buffer[]): readonly Buffer[] {
  for (const key of keys) {
    if (key.length !== KEY_BYTES) {
      throw new InstallationSecretError(
        `THRICE_ENCRYPTION_KEY: every key must be ${KEY_BYTES} bytes (base64 of 32 random bytes, e.g. \`openssl rand -base64 32\`); one is ${key.length} bytes.`,
      );
    }
  }
  return keys;
}

function isSealed(data: unknown): data is SealedData {
  return (
    typeof data === 'object' &&
    data !== null &&
    'sealed' in data &&
    typeof data.sealed === 'string' &&
    data.sealed.startsWith(`${VERSION}:`)
  );
}

function associatedData(platform: string, key: string): Buffer {
  return Buffer.from(`${platform}\u0000${key}`, 'utf8');
}

function seal(keys: readonly Buffer[], platform: string, key: string, data: unknown): SealedData {
  const newest = keys[0];
  if (newest === undefined) {
    throw new InstallationSecretError(
      'THRICE_ENCRYPTION_KEY is not set: Thrice will not store a Slack installation (its tokens) unencrypted. Set it to `openssl rand -base64 32` and restart.',
    );
  }
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', newest, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(platform, key));
  const body = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
  return { sealed: [VERSION, keyId(newest), ...parts].join(':') };
}

function open(keys: readonly Buffer[], platform: string, key: string, sealed: string): unknown {
  const where = `the stored ${platform} installation for ${key}`;
  const [, , id, iv, tag, body, ...extra] = sealed.split(':');
  if (id === undefined || iv === undefined || tag === undefined || body === undefined || extra.length > 0) {
    throw new InstallationSecretError(
      `Cannot read ${where}: it is not in the ${VERSION} format (damaged row?).`,
    );
  }
  const secret = keys.find((candidate) => keyId(candidate) === id);
  if (secret === undefined) {
    throw new InstallationSecretError(
      keys.length === 0
        ? `Cannot decrypt ${where}: THRICE_ENCRYPTION_KEY is not set. Set it to the key the installation was encrypted with (key id ${id}).`
        : `Cannot decrypt ${where}: it was encrypted with key id ${id}, which is not among the keys in THRICE_ENCRYPTION_KEY (ids ${keys.map(keyId).join(', ')}). Add that key after the newest one (comma-separated) and restart; then run the key rotation.`,
    );
  }
  try {
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new Error('bad IV or tag length');
    const decipher = createDecipheriv('aes-256-gcm', secret, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(platform, key));
    decipher.setAuthTag(tagBytes);
    const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  } catch (error) {
    // The cause is node's own short message ("Unsupported state or unable to authenticate data"); never the ciphertext.
    throw new InstallationSecretError(
      `Cannot decrypt ${where} with key id ${id}: the data failed authentication, so it was altered or belongs to another row. Reinstall Thrice in that workspace.`,
      { cause: error instanceof Error ? new Error(error.message) : undefined },
    );
  }
}

/**
 * Installations in the `installations` table, every one sealed with the newest key of `keys`
 * (THRICE_ENCRYPTION_KEY: the first encrypts, all decrypt). Without keys nothing is saved: a
 * save throws InstallationSecretError rather than keep a token in clear. Rows written before
 * encryption existed are still read; `reencryptInstallations` seals them.
 */
export class DrizzleInstallationRepository implements InstallationRepository {
  private readonly keys: readonly Buffer[];

  constructor(
    private readonly db: Db,
    keys: readonly Buffer[] = [],
  ) {
    this.keys = validKeys(keys);
  }

  async save(installation: InstallationRecord): Promise<void> {
    const row = {
      platform: installation.platform,
      key: installation.key,
      data: seal(this.keys, installation.platform, installation.key, installation.data),
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
    if (row === undefined) return null;
    const data = isSealed(row.data) ? open(this.keys, row.platform, row.key, row.data.sealed) : row.data;
    return { platform: row.platform as Platform, key: row.key, data, installerId: row.installerId };
  }

  async remove(platform: Platform, key: string): Promise<boolean> {
    const rows = await this.db
      .delete(installations)
      .where(and(eq(installations.platform, platform), eq(installations.key, key)))
      .returning({ key: installations.key });
    return rows.length > 0;
  }
}

/** What a re-encryption pass did. */
export interface ReencryptReport {
  /** Rows sealed again with the newest key (including rows that were still in clear). */
  reencrypted: number;
  /** Rows already sealed with the newest key, left as they were. */
  current: number;
}

/**
 * Key rotation: seals every stored installation again with the newest key (`keys[0]`), opening
 * each with whichever of `keys` sealed it; rows still in clear are sealed too. One transaction:
 * if any row cannot be opened, it throws InstallationSecretError naming that row and nothing is
 * changed. Safe to run again, and while Thrice is running.
 */
export async function reencryptInstallations(db: Db, keys: readonly Buffer[]): Promise<ReencryptReport> {
  validKeys(keys);
  const newest = keys[0];
  if (newest === undefined) {
    throw new InstallationSecretError(
      'THRICE_ENCRYPTION_KEY is not set: there is no key to re-encrypt with.',
    );
  }
  const newestId = keyId(newest);
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(installations).for('update');
    const report: ReencryptReport = { reencrypted: 0, current: 0 };
    for (const row of rows) {
      if (isSealed(row.data) && row.data.sealed.split(':')[2] === newestId) {
        // Opened anyway, so a damaged row is reported now, not at the next Slack request.
        open(keys, row.platform, row.key, row.data.sealed);
        report.current += 1;
        continue;
      }
      const data = isSealed(row.data) ? open(keys, row.platform, row.key, row.data.sealed) : row.data;
      await tx
        .update(installations)
        .set({ data: seal(keys, row.platform, row.key, data) })
        .where(and(eq(installations.platform, row.platform), eq(installations.key, row.key)));
      report.reencrypted += 1;
    }
    return report;
  });
}
