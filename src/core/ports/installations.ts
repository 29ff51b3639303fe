import type { Platform } from '../model.ts';

/** A platform installation (an OAuth grant for one workspace), stored as the platform gave it. */
export interface InstallationRecord {
  platform: Platform;
  /** The workspace key: a Slack team id, or an enterprise id for org-wide installs. */
  key: string;
  /** The platform's installation object, opaque to Thrice. */
  data: unknown;
  /** Who installed, so they may manage the workspace's settings. */
  installerId: string | null;
}

/** Installations of Thrice in many workspaces ("Add to Slack"). */
export interface InstallationRepository {
  /** Saves or replaces the installation for its key. */
  save(installation: InstallationRecord): Promise<void>;
  /** The installation for the key, or null. */
  find(platform: Platform, key: string): Promise<InstallationRecord | null>;
  /** Removes the installation (uninstall, revoked tokens); true when one was there. */
  remove(platform: Platform, key: string): Promise<boolean>;
}
