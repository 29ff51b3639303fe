import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/connection.ts';
import { adminConnection, databaseUrl, postgresServer } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty database on the TEST_DATABASE_URL server to copy worlds from; '' without one. */
    postgresTemplate: string;
  }
}

/**
 * With TEST_DATABASE_URL set, migrates one template database for the run, so each test world on
 * Postgres is a cheap `CREATE DATABASE … TEMPLATE` copy of its own (no shared rows, no truncation).
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL === undefined) {
    project.provide('postgresTemplate', '');
    return;
  }
  const name = `thrice_tpl_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const server = postgresServer();
  const admin = adminConnection(server);
  await admin.unsafe(`create database ${name}`);
  const database = await openDatabase({ dataDir: 'memory://', databaseUrl: databaseUrl(name, server) });
  await database.close();
  await admin.end({ timeout: 5 });
  project.provide('postgresTemplate', name);
  return async () => {
    const dropper = adminConnection(server);
    await dropper.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await dropper.end({ timeout: 5 });
  };
}
