#!/usr/bin/env node
import { HELP, parseCommandLine } from './cli.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { isThriceError } from './core/errors.ts';
import { fail } from './exit.ts';
import { createLogger } from './runtime/logger.ts';
import { guardProcess } from './runtime/process-guard.ts';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.problems);
    throw error;
  }
}

/** Every configured value that must never reach a log line. */
function secretsOf(config: Config): string[] {
  const secrets: (string | undefined)[] = [
    config.slack?.signingSecret,
    config.slack?.appToken,
    config.slack?.mode === 'single' ? config.slack.botToken : config.slack?.clientSecret,
    config.slack?.mode === 'oauth' ? config.slack.stateSecret : undefined,
    config.discord?.token,
    ...(config.encryptionKeys ?? []).map((key) => key.toString('base64')),
  ];
  if (config.databaseUrl !== undefined && URL.canParse(config.databaseUrl)) {
    const password = new URL(config.databaseUrl).password;
    secrets.push(password, decodeURIComponent(password));
  }
  return secrets.filter((secret): secret is string => secret !== undefined && secret !== '');
}

async function main(args: readonly string[]): Promise<void> {
  // The command line before the configuration: --help and a typo need no settings to answer.
  const parsed = parseCommandLine(args);
  if (!parsed.ok) fail([parsed.problem]);
  const invocation = parsed.value;
  if (invocation.command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const config = readConfig();
  const log = createLogger(config.logLevel, { secrets: secretsOf(config) });
  // Loaded only now: the database, the platforms' code and the grammar take seconds to import.
  const { tick, rotateKeys, discordRegister, runPlatforms, runConsole } = await import('./modes.ts');
  if (invocation.command === 'tick') return tick(config, log, invocation.dryRun);
  if (invocation.command === 'rotate-keys') return rotateKeys(config);
  if (invocation.command === 'discord-register') return discordRegister(config, invocation.guild);
  // Long-running modes keep serving through a stray rejection or exception (one-shot commands
  // above fail loudly instead).
  const guard = guardProcess({ log });
  if (config.slack !== undefined || config.discord !== undefined) return runPlatforms(config, log, guard);
  await runConsole(config, log, guard);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (isThriceError(error)) fail([error.userMessage]);
  process.stderr.write(
    `thrice: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
