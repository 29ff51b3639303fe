import type { FollowUpPromise, Member, Workspace } from '../model.ts';

/** A span of time the organiser page reports on: one local week. */
export interface Span {
  from: Date;
  to: Date;
}

/** A career group's activity in one week, in counts only: never a contact, a company or a note. */
export interface GroupWeek extends Span {
  /** Members who logged anything: a promise, a follow-up, or how one ended. */
  activeMembers: number;
  followUps: number;
  callbacks: number;
  offers: number;
}

/** What the organiser page reads. */
export interface OrganiserStore {
  /** The key that signs page links: made on first use, shared by every instance. */
  linkKey(): Promise<Buffer>;
  /** The workspace, with the member who chose its accountability channel (an organiser too). */
  workspace(workspaceId: string): Promise<(Workspace & { channelSetBy: string | null }) | null>;
  /** The group's counts in each of `weeks` (in that order), by a few set-wise queries. */
  groupWeeks(workspaceId: string, weeks: readonly Span[]): Promise<GroupWeek[]>;
  /** Members who opted in to sharing (`share on`), with their promises for the streak. */
  sharers(workspaceId: string): Promise<{ member: Member; promises: FollowUpPromise[] }[]>;
}
