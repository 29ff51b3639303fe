/**
 * `npm run discord:register [-- --guild <id>]`: registers `/promise` globally, or in one guild
 * (instant, for development), with the credentials from the environment.
 */
import { REST, Routes } from 'discord.js';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { commandDefinitions } from './commands.ts';
import { restOptions } from './index.ts';

async function register(args: readonly string[]): Promise<void> {
  const config = loadConfig();
  if (config.discord === undefined)
    throw new ConfigError([
      'DISCORD_TOKEN: set DISCORD_TOKEN and DISCORD_APPLICATION_ID to register commands.',
    ]);
  const { token, applicationId } = config.discord;
  const guildAt = args.indexOf('--guild');
  const guild = guildAt === -1 ? undefined : args[guildAt + 1];
  const rest = new REST(restOptions(config.discord)).setToken(token);
  const route =
    guild === undefined
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, guild);
  await rest.put(route, { body: commandDefinitions(config.limits) });
  process.stdout.write(
    `Registered /promise ${guild === undefined ? 'globally (may take up to an hour to appear)' : `in guild ${guild}`}.\n`,
  );
}

register(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `thrice: ${error instanceof ConfigError ? error.problems.join('\nthrice: ') : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
});
