import type { Platform } from '../../src/core/model.ts';
import { nextDigestAt, nextNudgeAt } from '../../src/core/nudge-policy.ts';
import { defaultSettings } from '../../src/core/policy-defaults.ts';
import type { OutboxStore } from '../../src/core/ports/outbox.ts';
import type { Store } from '../../src/core/ports/store.ts';

/**
 * Seeds `members` members with `promisesPerMember` exact-time promises each, all due before
 * `now`, through the Store port (in one transaction), so every member has a digest
 * and every promise a timed nudge due at `now`. A digest carries its member's due nudges (one
 * message, not several minutes apart); with `digest: false` the members have none, so each
 * timed nudge goes out on its own.
 */
export async function seedDueWork(
  store: Store,
  options: {
    members: number;
    promisesPerMember: number;
    createdAt: Date;
    dueAt: Date;
    workspace?: string;
    /** The members' external ids are `${prefix}${n}` (default `member-`). */
    prefix?: string;
    /** False: the members turned the digest off (default true). */
    digest?: boolean;
  },
): Promise<void> {
  const workspace = await store.ensureWorkspace({
    platform: 'console',
    externalId: options.workspace ?? 'seeded',
    name: 'Seeded',
  });
  const settings = { ...defaultSettings('UTC'), ...(options.digest === false ? { digestTime: null } : {}) };
  // Every seeded promise has the same shape, so they all share one queue moment: worked out once
  // by the policy from the first one, then written with each insert (no update per promise).
  let moment: Date | null | undefined;
  await store.transaction(async (tx) => {
    for (let m = 0; m < options.members; m++) {
      const member = await tx.ensureMember(workspace.id, {
        externalId: `${options.prefix ?? 'member-'}${m}`,
        displayName: `Member ${m}`,
        settings,
        nextDigestAt: nextDigestAt(settings, options.createdAt),
      });
      const scope = { workspaceId: workspace.id, memberId: member.id };
      for (let p = 0; p < options.promisesPerMember; p++) {
        const created = await tx.createPromise(scope, {
          kind: 'promise',
          contact: { name: `Contact ${m}-${p}`, role: 'recruiter', company: 'Acme' },
          what: 'call you back',
          promisedChannel: 'call',
          due: { at: options.dueAt, precision: 'time' },
          note: null,
          createdAt: options.createdAt,
          nextNudgeAt: moment ?? null,
        });
        if (moment === undefined) {
          moment = nextNudgeAt(created, settings);
          await tx.updatePromise(scope, created.id, { nextNudgeAt: moment });
        }
      }
    }
  });
}

/**
 * Members `names` (external ids) in workspace `workspace`, each with one digest delivery in the
 * outbox due at `notBefore`, added straight through the OutboxStore port (no planning). Returns
 * their dedupe keys in the order of `names`.
 */
export async function seedDeliveries(
  store: Store,
  outbox: OutboxStore,
  options: { names: readonly string[]; notBefore: Date; platform?: Platform; workspace?: string },
): Promise<string[]> {
  const platform = options.platform ?? 'console';
  const externalId = options.workspace ?? 'outbox';
  const workspace = await store.ensureWorkspace({ platform, externalId, name: externalId });
  const ids: string[] = [];
  for (const name of options.names) {
    const member = await store.ensureMember(workspace.id, {
      externalId: name,
      displayName: name,
      settings: defaultSettings('UTC'),
      nextDigestAt: null,
    });
    const key = `digest:${member.id}:${options.notBefore.toISOString()}`;
    const added = await outbox.enqueue({
      workspaceId: workspace.id,
      memberId: member.id,
      kind: 'digest',
      dedupeKey: key,
      target: {
        kind: 'dm',
        platform,
        workspaceExternalId: externalId,
        memberExternalId: name,
        dmChannelId: null,
      },
      message: { kind: 'digest', sections: [], fallbackText: `digest for ${name}` },
      notBefore: options.notBefore,
    });
    if (!added) throw new Error(`a delivery with key ${key} was already queued`);
    ids.push(key);
  }
  return ids;
}
