import { createHash, randomUUID } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/connection.ts';
import { adminConnection, databaseUrl, postgresServer } from './postgres-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The versions that shape the template: PGlite's data format and drizzle's migrations table. */
const PACKAGES = ['@electric-sql/pglite', 'drizzle-orm'].map((name) =>
  join(ROOT, 'node_modules', name, 'package.json'),
);

declare module 'vitest' {
  export interface ProvidedContext {
    /** fast-check's seed for every property of the run (see test/support/fuzz.ts). */
    fuzzSeed: number;
    /** The thorough run: full fuzz counts and a random seed. */
    fuzzThorough: boolean;
    /** A migrated, empty database on the TEST_DATABASE_URL server to copy worlds from; '' without one. */
    postgresTemplate: string;
    /** A migrated, empty PGlite data directory (closed) that `tempDataDir()` copies for processes. */
    pgliteTemplateDir: string;
    /** The same database as a `dumpDataDir()` tarball file, which in-process PGlite worlds start from. */
    pgliteTemplateDump: string;
    /** Thrice compiled for the run's processes (see `appBuild`): the file node runs. */
    thriceMain: string;
  }
}

/**
 * Migrates one PGlite database for the run (kept as a data directory and as a dump), so PGlite
 * worlds and processes start from a copy instead of running initdb and every migration again;
 * with TEST_DATABASE_URL set, also one template database, so each test world on Postgres is a
 * cheap `CREATE DATABASE … TEMPLATE` copy of its own (no shared rows, no truncation).
 */
export default async function setup(project: TestProject) {
  provideFuzzSeed(project);
  const settled = await Promise.allSettled([
    pgliteTemplate(project),
    postgresTemplate(project),
    appBuild(project),
  ]);
  const teardowns = settled.flatMap((result) =>
    result.status === 'fulfilled' && typeof result.value === 'function' ? [result.value] : [],
  );
  const teardown = async () => {
    for (const undo of teardowns) await undo();
  };
  // One part failing (a syntax error the build meets, say) must not leave the others' leftovers.
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    await teardown();
    throw failed.reason;
  }
  return teardown;
}

const CACHES = join(ROOT, 'node_modules', '.cache', 'thrice-test');

/**
 * Thrice compiled once for the run's processes: src/main.ts as esbuild bundles it (its lazy
 * imports kept lazy as chunks, every package left in node_modules), run with plain node like
 * the built image. Through tsx each process spent about 1.5 s more CPU transpiling and resolving
 * in its loader thread, and a run starts a score of them. `npm start` and `npm run tick` still go
 * through tsx in the tests that call them by name. Built afresh each run (under a second), inside
 * the repository so packages resolve from node_modules.
 */
async function appBuild(project: TestProject): Promise<() => void> {
  mkdirSync(CACHES, { recursive: true });
  const out = mkdtempSync(join(CACHES, 'app-'));
  const compile = async () => {
    await build({
      entryPoints: [join(ROOT, 'src', 'main.ts')],
      bundle: true,
      splitting: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outdir: out,
      logLevel: 'warning',
    });
    // db/connection.ts finds its migrations beside itself, which is now the bundle's directory.
    cpSync(join(ROOT, 'db', 'migrations'), join(out, 'migrations'), { recursive: true });
    // Read as ES modules at once: node_modules hides the project's package.json, and Node would
    // parse every chunk as CommonJS first.
    writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
    // The cache's day-old sweep goes by this directory's time: a long watch session keeps it.
    utimesSync(out, new Date(), new Date());
  };
  await compile();
  const main = join(out, 'main.js');
  // In watch mode, a rerun after an edit must not start the code as it was before it. A build
  // that fails (a half-typed file) leaves a main.js that says why, instead of ending the watch.
  project.onTestsRerun(async () => {
    await compile().catch((error: unknown) => {
      const message = `thrice test set-up: building src/main.ts failed: ${String(error)}`;
      writeFileSync(main, `process.stderr.write(${JSON.stringify(`${message}\n`)});\nprocess.exit(1);\n`);
    });
  });
  project.provide('thriceMain', main);
  return () => rmSync(out, { recursive: true, force: true });
}

/**
 * A migrated PGlite, made once: initdb plus the migrations cost several seconds per database
 * (more under load), copying a data directory or loading a dump a fraction of that. Copies still
 * open through `openDatabase`, whose migrator finds nothing left to apply. It is kept between
 * runs under node_modules/.cache, named after what makes it (the migrations, the code that opens
 * a database and this file, PGlite's and drizzle's versions), so a changed migration makes a new
 * one.
 */
async function pgliteTemplate(project: TestProject): Promise<void> {
  const name = `pglite-${templateKey()}`;
  const cache = join(CACHES, name);
  if (!existsSync(join(cache, 'data.tar'))) await buildPgliteTemplate(cache);
  // Templates of other migrations, and what a killed run left, go after a day unused: a run
  // of another checkout sharing node_modules may still be reading its own.
  const dayAgo = Date.now() - 86_400_000;
  for (const entry of readdirSync(CACHES)) {
    const path = join(CACHES, entry);
    // Another run may remove its own build between the listing and this look.
    const modified = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (entry !== name && modified < dayAgo) rmSync(path, { recursive: true, force: true });
  }
  utimesSync(cache, new Date(), new Date());
  project.provide('pgliteTemplateDir', join(cache, 'data'));
  project.provide('pgliteTemplateDump', join(cache, 'data.tar'));
}

/** What the template is made from: the migrations, the code that makes it, PGlite's and drizzle's versions. */
function templateKey(): string {
  const hash = createHash('sha256');
  const migrations = join(ROOT, 'db', 'migrations');
  const files = readdirSync(migrations, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const made = [join(ROOT, 'db', 'connection.ts'), fileURLToPath(import.meta.url), ...PACKAGES];
  for (const file of [...files, ...made]) {
    hash.update(relative(ROOT, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Made beside its final place and renamed into it, so a run beside this one never reads half of it. */
async function buildPgliteTemplate(cache: string): Promise<void> {
  mkdirSync(CACHES, { recursive: true });
  const building = mkdtempSync(join(CACHES, 'building-'));
  try {
    const dir = join(building, 'data');
    const database = await openDatabase({ dataDir: dir });
    await database.close();
    // Dumped from the closed directory, so the dump and the directory are the same database.
    const client = await PGlite.create(dir);
    try {
      const dump = await client.dumpDataDir('none');
      writeFileSync(join(building, 'data.tar'), new Uint8Array(await dump.arrayBuffer()));
    } finally {
      await client.close();
    }
    try {
      renameSync(building, cache);
    } catch (error) {
      // Another run made it first: theirs is the same database.
      if (!existsSync(join(cache, 'data.tar'))) throw error;
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

async function postgresTemplate(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL === undefined) {
    project.provide('postgresTemplate', '');
    return async () => {};
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
    // The worlds copied from it first (drivers.ts names them after it), then the template.
    const dropper = adminConnection(server);
    const copies = await dropper<{ datname: string }[]>`
      select datname from pg_database where starts_with(datname, ${`${name}_w_`})`;
    for (const { datname } of copies)
      await dropper.unsafe(`drop database if exists ${datname} with (force)`).catch(() => {});
    await dropper.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await dropper.end({ timeout: 5 });
  };
}

/** `npm test` is repeatable: one fixed seed. THRICE_FUZZ_SEED=random (npm run test:thorough) draws one and prints it. */
const FIXED_FUZZ_SEED = 20_261_201;

function provideFuzzSeed(project: TestProject): void {
  const setting = process.env.THRICE_FUZZ_SEED;
  const thorough = setting === 'random';
  const seed =
    setting === undefined || setting === ''
      ? FIXED_FUZZ_SEED
      : thorough
        ? Math.floor(Math.random() * 2 ** 31)
        : Number(setting);
  if (!Number.isSafeInteger(seed))
    throw new Error(`THRICE_FUZZ_SEED must be a whole number or "random", not ${setting}`);
  if (setting !== undefined)
    process.stderr.write(`fast-check seed ${seed} (repeat with THRICE_FUZZ_SEED=${seed})\n`);
  project.provide('fuzzSeed', seed);
  project.provide('fuzzThorough', thorough);
}
