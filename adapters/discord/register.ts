/**
 * `thrice discord-register [--guild <id>]` (`npm run discord:register [-- --guild <id>]` from a
 * clone): registers `/promise` and the "Track as a promise" message command globally, or in one guild (instant, for development).
 */
import { REST, Routes } from 'discord.js';
import type { DiscordConfig } from '../../src/config.ts';
import type { Limits } from '../../src/core/limits.ts';
import { commandDefinitions } from './commands.ts';
import { restOptions } from './index.ts';

/** Puts the `/promise` and "Track as a promise" definitions for `limits` to Discord; with `guild`, in that server only. */
export async function registerCommands(config: DiscordConfig, limits: Limits, guild?: string): Promise<void> {
  const rest = new REST(restOptions(config)).setToken(config.token);
  const route =
    guild === undefined
      ? Routes.applicationCommands(config.applicationId)
      : Routes.applicationGuildCommands(config.applicationId, guild);
  await rest.put(route, { body: commandDefinitions(limits) });
}
