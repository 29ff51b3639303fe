import { cpus, freemem, loadavg, totalmem, type } from 'node:os';
import { postgresSql } from './database/raw-sql.ts';

/** The machine and software a run was measured on, one line each. */
export async function describeMachine(databaseUrl: string | undefined): Promise<string[]> {
  const cpu = cpus();
  const lines = [
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM ` +
      `(${(freemem() / 2 ** 30).toFixed(1)} GiB free at start), ${type()} ${process.arch}`,
    `Node ${process.version}; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} (1/5/15 min)`,
  ];
  if (databaseUrl !== undefined) {
    const raw = postgresSql(databaseUrl);
    try {
      const [row] = await raw.run(
        "select version() as version, current_setting('shared_buffers') as buffers, current_setting('synchronous_commit') as sync",
      );
      lines.push(
        `${String(row?.version ?? '').split(' on ')[0]} on the same machine (127.0.0.1), shared_buffers ${String(row?.buffers)}, synchronous_commit ${String(row?.sync)}`,
      );
    } finally {
      await raw.close();
    }
  } else {
    lines.push('PGlite (embedded, in memory) only: BENCH_DATABASE_URL was not set');
  }
  return lines;
}

/** The 1-minute load average now, to note how busy the shared machine was. */
export function currentLoad(): number {
  return loadavg()[0] ?? 0;
}
