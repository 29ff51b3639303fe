import { createHmac } from 'node:crypto';

const FIRST = [
  'Jane',
  'Omar',
  'Priya',
  'Sam',
  'Ana',
  'Bob',
  'Chen',
  'Dara',
  'Eli',
  'Fatima',
  'Goran',
  'Hana',
];
const LAST = [
  'Doe',
  'Lee',
  'Patel',
  'Garcia',
  'Nowak',
  'Okafor',
  'Smith',
  'Tanaka',
  'Rossi',
  'Haddad',
  'Kim',
];

/** A person's name, different for nearby n (the grammar wants a name, not "Contact 12"). */
function contactName(n: number): string {
  return `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`;
}

/**
 * Signed `/promise` add requests, as Slack sends them: a form body and X-Slack-Signature
 * (HMAC-SHA256 over "v0:timestamp:body"), each with a fresh trigger id and one of `users` users,
 * so every request is a new promise and members come and go as in a busy community.
 */
export function signedAdd(
  n: number,
  options: { signingSecret: string; responseUrl: string; users: number },
): { headers: Record<string, string>; body: string } {
  const user = `UB${n % options.users}`;
  const body = new URLSearchParams({
    command: '/promise',
    text: `${contactName(n)} (recruiter, Acme) will call me back by Friday 3pm`,
    team_id: 'T1',
    team_domain: 'bench',
    channel_id: 'C0',
    user_id: user,
    user_name: user.toLowerCase(),
    response_url: `${options.responseUrl}/${n}`,
    trigger_id: `bench-${process.pid}-${n}`,
    api_app_id: 'A1',
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const digest = createHmac('sha256', options.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    body,
    headers: {
      // Exactly this, no charset: Bolt compares the content type literally.
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': `v0=${digest}`,
    },
  };
}
