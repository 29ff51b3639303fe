import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLACK_SCOPES } from '../../adapters/slack/index.ts';
import { TRACK_SHORTCUT } from '../../adapters/slack/listeners.ts';

describe('the Slack app manifest', () => {
  const manifest = readFileSync(new URL('../../adapters/slack/manifest.yml', import.meta.url), 'utf8');
  it('asks for exactly the scopes the adapter uses', () => {
    const listed = [...manifest.matchAll(/^ {6}- ([a-z:.]+)$/gm)].map((m) => m[1]);
    expect(listed.filter((scope) => scope?.includes(':') || scope === 'commands').sort()).toEqual(
      [...SLACK_SCOPES].sort(),
    );
  });
  it('declares /promise with escaping on, the App Home, interactivity and the events Thrice handles', () => {
    expect(manifest).toMatch(/command: \/promise[\s\S]*should_escape: true/);
    expect(manifest).toMatch(/app_home:\s+home_tab_enabled: true/);
    // app_home_opened is subscribed as a bot event: it is what draws the dashboard.
    expect(manifest).toMatch(/bot_events:(\s+- [a-z_]+)*\s+- app_home_opened\b/);
    for (const event of ['app_home_opened', 'app_uninstalled', 'tokens_revoked'])
      expect(manifest).toContain(`- ${event}`);
    expect(manifest).toMatch(/interactivity:\s+is_enabled: true/);
  });
  it('declares the "Track as a promise" message shortcut with the callback id the adapter listens for', () => {
    expect(manifest).toMatch(
      new RegExp(
        `shortcuts:\\s+- name: Track as a promise\\s+type: message\\s+callback_id: ${TRACK_SHORTCUT}\\s`,
      ),
    );
  });
});
