import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { InstallationRepository } from '../../src/core/ports/installations.ts';

/** The key Slack installations are kept under: the enterprise for org-wide installs, else the team. */
export function installationKey(query: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean;
}): string | null {
  return (query.isEnterpriseInstall ? query.enterpriseId : query.teamId) ?? null;
}

/** Bolt's InstallationStore over our installations table ("Add to Slack" for many workspaces). */
export function slackInstallationStore(repository: InstallationRepository): InstallationStore {
  return {
    async storeInstallation(installation) {
      const key = installationKey({
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
      });
      if (key === null) throw new Error('installation without a team or enterprise id');
      await repository.save({
        platform: 'slack',
        key,
        data: installation,
        installerId: installation.user.id,
      });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const key = installationKey(query);
      const found = key === null ? null : await repository.find('slack', key);
      if (found === null) throw new Error(`Thrice is not installed in ${key ?? 'this workspace'}`);
      // Stored exactly as Bolt handed it to storeInstallation.
      return found.data as Installation<'v2', boolean>;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      const key = installationKey(query);
      if (key !== null) await repository.remove('slack', key);
    },
  };
}
