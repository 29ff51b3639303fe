import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a token says: the workspace and when it stops opening the page (Unix seconds). */
const Claims = z.object({ w: z.string().min(1), e: z.number().int() });

/** How long an organiser link opens the page: a day, so a forwarded link soon stops working. */
export const LINK_TTL_MS = 24 * 3_600_000;

/** Why a link does not open the page. */
export type LinkRefusal = 'malformed' | 'forged' | 'expired';

export type LinkCheck =
  | { ok: true; workspaceId: string; expiresAt: Date }
  | { ok: false; refusal: LinkRefusal };

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

/** A token for the workspace's page, signed with `key` (HMAC-SHA256), valid until `expiresAt`. */
export function signLink(key: Buffer, workspaceId: string, expiresAt: Date): string {
  const payload = Buffer.from(
    JSON.stringify({ w: workspaceId, e: Math.floor(expiresAt.getTime() / 1000) }),
  ).toString('base64url');
  return `${payload}.${sign(key, payload)}`;
}

/** Checks a token: the signature first (in constant time), then the expiry. */
export function checkLink(key: Buffer, token: string, now: Date): LinkCheck {
  const [payload, signature, ...rest] = token.split('.');
  if (payload === undefined || signature === undefined || rest.length > 0 || payload === '')
    return { ok: false, refusal: 'malformed' };
  const expected = Buffer.from(sign(key, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, refusal: 'forged' };
  let claims: z.infer<typeof Claims>;
  try {
    claims = Claims.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, refusal: 'malformed' };
  }
  const expiresAt = new Date(claims.e * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, refusal: 'expired' };
  return { ok: true, workspaceId: claims.w, expiresAt };
}
