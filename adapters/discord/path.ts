/**
 * Where Discord POSTs interactions with DISCORD_INTERACTIONS=http (the portal's Interactions
 * Endpoint URL is `<PUBLIC_URL>/discord/interactions`). On its own, without discord.js, so the
 * runtime can route it without loading the library.
 */
export const DISCORD_INTERACTIONS_PATH = '/discord/interactions';
