import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/connection.ts';
import {
  DrizzleInstallationRepository,
  InstallationSecretError,
  keyId,
  reencryptInstallations,
} from '../../db/installation-store.ts';
import { installations } from '../../db/schema.ts';
import type { InstallationRecord } from '../../src/core/ports/installations.ts';
import { resetDatabase } from '../support/database.ts';
import { openTestDatabase } from '../support/drivers.ts';

/** A Slack installation as @slack/oauth hands it over, with every kind of secret it can carry. */
function slackInstallation(team: string): InstallationRecord {
  return {
    platform: 'slack',
    key: team,
    installerId: `UINST${team}`,
    data: {
      team: { id: team, name: `Team ${team}` },
      enterprise: undefined,
      user: {
        id: `UINST${team}`,
        token: `xoxp-user-${team}-s3cr3t`,
        refreshToken: `xoxe-1-user-${team}`,
        scopes: [],
      },
      bot: {
        id: 'B1',
        userId: 'UBOT',
        token: `xoxb-bot-${team}-s3cr3t`,
        refreshToken: `xoxe-1-bot-${team}`,
        expiresAt: 1_900_000_000,
        scopes: ['commands', 'chat:write'],
      },
      incomingWebhook: { url: `https://hooks.slack.com/services/${team}/B1/hooksecret` },
      tokenType: 'bot',
      isEnterpriseInstall: false,
      appId: 'A1',
      authVersion: 'v2',
    },
  };
}

const SECRETS = (team: string) => [
  `xoxp-user-${team}-s3cr3t`,
  `xoxe-1-user-${team}`,
  `xoxb-bot-${team}-s3cr3t`,
  `xoxe-1-bot-${team}`,
  'hooksecret',
];

/** The installations table as the database holds it, as text. */
async function rawRows(database: Database) {
  return database.db
    .select({ key: installations.key, data: sql<string>`${installations.data}::text` })
    .from(installations)
    .orderBy(installations.key);
}

/** The error `work` fails with, which must be an InstallationSecretError. */
async function secretError(work: Promise<unknown>): Promise<InstallationSecretError> {
  const error = await work.then(
    () => expect.fail('expected InstallationSecretError'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof InstallationSecretError)) throw error;
  return error;
}

function installationContract(name: string, open: () => Promise<Database>) {
  describe(`Slack tokens encrypted at rest, on ${name}`, () => {
    let database: Database;
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);

    beforeAll(async () => {
      database = await open();
    });
    afterAll(async () => {
      await database.close();
    });
    beforeEach(async () => {
      await resetDatabase(database);
    });

    it('stores no token in clear, and reads the installation back exactly', async () => {
      const repository = new DrizzleInstallationRepository(database.db, [oldKey]);
      await repository.save(slackInstallation('T1'));

      const [row] = await rawRows(database);
      for (const secret of SECRETS('T1')) expect(row?.data).not.toContain(secret);
      expect(row?.data).toContain(`thrice:v1:${keyId(oldKey)}:`);
      expect(await repository.find('slack', 'T1')).toEqual(
        JSON.parse(JSON.stringify(slackInstallation('T1'))),
      );
    });

    it('uses a fresh IV each time: the same installation saved twice is sealed differently', async () => {
      const repository = new DrizzleInstallationRepository(database.db, [oldKey]);
      await repository.save(slackInstallation('T1'));
      const [first] = await rawRows(database);
      await repository.save(slackInstallation('T1'));
      const [second] = await rawRows(database);
      expect(second?.data).not.toBe(first?.data);
    });

    it('with a new key added as the newest, old rows still open and new ones use the new key', async () => {
      await new DrizzleInstallationRepository(database.db, [oldKey]).save(slackInstallation('T1'));
      const rotated = new DrizzleInstallationRepository(database.db, [newKey, oldKey]);

      expect((await rotated.find('slack', 'T1'))?.data).toMatchObject({
        bot: { token: 'xoxb-bot-T1-s3cr3t' },
      });
      await rotated.save(slackInstallation('T2'));
      const rows = await rawRows(database);
      expect(rows.map((row) => row.data.includes(keyId(newKey)))).toEqual([false, true]);
    });

    it('after re-encryption only the new key is needed, and a second pass changes nothing', async () => {
      const before = new DrizzleInstallationRepository(database.db, [oldKey]);
      await before.save(slackInstallation('T1'));
      await before.save(slackInstallation('T2'));

      expect(await reencryptInstallations(database.db, [newKey, oldKey])).toEqual({
        reencrypted: 2,
        current: 0,
      });

      const onlyNew = new DrizzleInstallationRepository(database.db, [newKey]);
      for (const team of ['T1', 'T2']) {
        expect((await onlyNew.find('slack', team))?.data).toMatchObject({
          bot: { token: `xoxb-bot-${team}-s3cr3t` },
        });
      }
      const rows = await rawRows(database);
      expect(rows.every((row) => row.data.includes(`thrice:v1:${keyId(newKey)}:`))).toBe(true);
      await secretError(before.find('slack', 'T1'));
      expect(await reencryptInstallations(database.db, [newKey])).toEqual({ reencrypted: 0, current: 2 });
    });

    it('rejects a tampered ciphertext, without showing it', async () => {
      const repository = new DrizzleInstallationRepository(database.db, [oldKey]);
      await repository.save(slackInstallation('T1'));
      const [row] = await database.db.select().from(installations);
      const sealed = (row?.data as { sealed?: string } | undefined)?.sealed ?? '';
      const parts = sealed.split(':');
      const body = Buffer.from(parts[5] ?? '', 'base64url');
      body[0] = (body[0] ?? 0) ^ 1;
      parts[5] = body.toString('base64url');
      await database.db
        .update(installations)
        .set({ data: { sealed: parts.join(':') } })
        .where(eq(installations.key, 'T1'));

      const error = await secretError(repository.find('slack', 'T1'));

      expect(error.code).toBe('config');
      expect(error.message).toMatch(/stored slack installation for T1.*failed authentication/);
      expect(`${error.message} ${String(error.cause)} ${error.stack}`).not.toContain(parts[5] ?? '');
    });

    it('rejects a sealed row copied onto another workspace', async () => {
      const repository = new DrizzleInstallationRepository(database.db, [oldKey]);
      await repository.save(slackInstallation('T1'));
      await repository.save(slackInstallation('T2'));
      const [t1] = await database.db.select().from(installations).where(eq(installations.key, 'T1'));
      await database.db.update(installations).set({ data: t1?.data }).where(eq(installations.key, 'T2'));

      expect((await secretError(repository.find('slack', 'T2'))).message).toMatch(/failed authentication/);
    });

    it('a wrong or missing key is a typed error that tells the operator what to do', async () => {
      await new DrizzleInstallationRepository(database.db, [oldKey]).save(slackInstallation('T1'));

      const wrong = await secretError(
        new DrizzleInstallationRepository(database.db, [newKey]).find('slack', 'T1'),
      );
      expect(wrong.message).toContain(`key id ${keyId(oldKey)}, which is not among the keys`);
      expect(wrong.message).toContain('THRICE_ENCRYPTION_KEY');

      const missing = await secretError(new DrizzleInstallationRepository(database.db).find('slack', 'T1'));
      expect(missing.message).toMatch(/THRICE_ENCRYPTION_KEY is not set/);
    });

    it('without a key nothing is stored, rather than a token in clear', async () => {
      const error = await secretError(
        new DrizzleInstallationRepository(database.db, []).save(slackInstallation('T1')),
      );
      expect(error.message).toMatch(/THRICE_ENCRYPTION_KEY is not set/);
      expect(await rawRows(database)).toEqual([]);
    });

    it('refuses a key that is not 32 bytes', () => {
      expect(() => new DrizzleInstallationRepository(database.db, [randomBytes(16)])).toThrow(
        /must be 32 bytes/,
      );
    });

    it('a row stored in clear before encryption is still read, and re-encryption seals it', async () => {
      const legacy = slackInstallation('T1');
      await database.db
        .insert(installations)
        .values({ platform: 'slack', key: 'T1', data: legacy.data, installerId: legacy.installerId });
      const repository = new DrizzleInstallationRepository(database.db, [newKey]);
      expect((await repository.find('slack', 'T1'))?.data).toMatchObject({
        bot: { token: 'xoxb-bot-T1-s3cr3t' },
      });

      expect(await reencryptInstallations(database.db, [newKey])).toEqual({ reencrypted: 1, current: 0 });
      const [row] = await rawRows(database);
      for (const secret of SECRETS('T1')) expect(row?.data).not.toContain(secret);
      expect((await repository.find('slack', 'T1'))?.data).toMatchObject({
        bot: { token: 'xoxb-bot-T1-s3cr3t' },
      });
    });

    it('re-encryption that meets a row it cannot open changes nothing and names the row', async () => {
      await new DrizzleInstallationRepository(database.db, [oldKey]).save(slackInstallation('T1'));
      const lostKey = randomBytes(32);
      await new DrizzleInstallationRepository(database.db, [lostKey]).save(slackInstallation('T2'));
      const before = await rawRows(database);

      const error = await secretError(reencryptInstallations(database.db, [newKey, oldKey]));

      expect(error.message).toContain('installation for T2');
      expect(await rawRows(database)).toEqual(before);
    });
  });
}

installationContract('PGlite', () => openTestDatabase('pglite'));

const url = process.env.TEST_DATABASE_URL;
// Declared only with a server (CI sets TEST_DATABASE_URL), so a plain npm test reports no skipped tests.
if (url !== undefined)
  describe('on a real Postgres (TEST_DATABASE_URL)', () => {
    installationContract('Postgres', async () => {
      // A database of this file's own, so it neither sees nor wipes other files' rows.
      const name = `thrice_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      const admin = async (statement: string) => {
        const client = postgres(url ?? '', { max: 1, onnotice: () => {} });
        try {
          await client.unsafe(statement);
        } finally {
          await client.end();
        }
      };
      await admin(`create database "${name}"`);
      const scratch = new URL(url ?? '');
      scratch.pathname = `/${name}`;
      const database = await openDatabase({ dataDir: 'memory://', databaseUrl: scratch.toString() });
      return {
        ...database,
        close: async () => {
          await database.close();
          await admin(`drop database if exists "${name}" with (force)`);
        },
      };
    });
  });
