import type { ContactRole } from '../../src/core/model.ts';

/*
 * Real-world lines job seekers type or paste — recruiter e-mails, chat messages, notes to
 * themselves — each with the reading a person would give it. The clock is fixed: Wednesday
 * 2 December 2026, 10:00 in Europe/Berlin (CORPUS_NOW, CORPUS_ZONE).
 */

export const CORPUS_ZONE = 'Europe/Berlin';
export const CORPUS_NOW = '2026-12-02T10:00';

/** A due as a person reads it: a local day, a local clock time (in `zone` when named), or N days. */
export type CorpusDue = { day: string } | { time: string; zone?: string } | { days: number };

export interface CorpusLine {
  text: string;
  /** The reading, or the refusal (a pattern of the message) when the line must be asked about. */
  expect:
    | {
        name: string;
        company?: string | null;
        title?: string;
        role?: ContactRole | null;
        email?: string;
        /** The phone number as typed, and the LinkedIn profile as kept (issue 13's contact details). */
        phone?: string;
        linkedin?: string;
        what?: string;
        /** The note, when the line must leave none (null) or a given one: nothing misread lands there. */
        note?: string | null;
        due: CorpusDue;
      }
    | { refused: RegExp };
}

export const PHRASING_CORPUS: readonly CorpusLine[] = [
  // Recruiter e-mails and messages, pasted.
  {
    text: "Thanks for your time today! I'll circle back with the team's feedback by end of next week.",
    expect: { refused: /Whose words are these\?[\s\S]*Jane \(Acme\) will circle back/ },
  },
  {
    text: "Maya (Recruiter, Shopify) said she'll circle back with the team's feedback by end of next week",
    expect: {
      name: 'Maya',
      company: 'Shopify',
      title: 'Recruiter',
      role: 'recruiter',
      what: "circle back with the team's feedback",
      due: { day: '2026-12-11' },
    },
  },
  { text: "Thanks, I'll call you Friday", expect: { refused: /Whose words are these\?/ } },
  {
    text: "she said she'd get back to me in 2 weeks",
    expect: { refused: /Who is "she"\?[\s\S]*Jane \(Acme\) said she'd get back to me in 2 weeks/ },
  },
  { text: "we'll be in touch", expect: { refused: /Who is "we"\?[\s\S]*Jane \(Acme\) will be in touch/ } },
  { text: 'They will call me Friday', expect: { refused: /Who is "They"\?/ } },
  { text: 'he promised to call me tomorrow', expect: { refused: /Who is "he"\?/ } },
  { text: 'Tomorrow will call me', expect: { refused: /"Tomorrow" is a time, not a name/ } },
  {
    text: `${'Abcdefghij'.repeat(9)} will call me Friday`,
    expect: { refused: /at most 80 characters/ },
  },
  {
    text: 'Mei from Grab will get back to me on 12/10',
    expect: { refused: /in the past \(Mon 12 Oct\)[\s\S]*\/promise met/ },
  },
  // Notes to self.
  {
    text: 'ping Dana @ Stripe re: offer if nothing by Thu',
    expect: {
      name: 'Dana',
      company: 'Stripe',
      what: 'get back to you about offer',
      due: { day: '2026-12-03' },
    },
  },
  {
    text: 'chase Omar at Careem about the contract if no reply by Monday',
    expect: {
      name: 'Omar',
      company: 'Careem',
      what: 'get back to you about the contract',
      due: { day: '2026-12-07' },
    },
  },
  {
    text: 'Sam promised to call me yesterday',
    expect: { name: 'Sam', what: 'call you', due: { day: '2026-12-01' } },
  },
  {
    text: 'Raj was supposed to call me last Monday',
    expect: { name: 'Raj', what: 'call you', due: { day: '2026-11-30' } },
  },
  {
    text: 'Mark from Deloitte was supposed to call me yesterday',
    expect: { name: 'Mark', company: 'Deloitte', what: 'call you', due: { day: '2026-12-01' } },
  },
  {
    text: 'Raj (Infosys) promised to send the contract last Friday',
    expect: { name: 'Raj', company: 'Infosys', what: 'send the contract', due: { day: '2026-11-27' } },
  },
  { text: 'Leo will call me back', expect: { name: 'Leo', what: 'call you back', due: { days: 7 } } },
  {
    text: 'Oliver will get back to me ASAP',
    expect: { name: 'Oliver', what: 'get back to you', due: { day: '2026-12-03' } },
  },
  {
    text: "Emma (HR, Zalando) said we'll be in touch soon",
    expect: { name: 'Emma', company: 'Zalando', role: 'hr', what: 'get back to you', due: { days: 7 } },
  },
  {
    text: 'Anna (Recruiter, SAP) will get back to me shortly',
    expect: { name: 'Anna', company: 'SAP', title: 'Recruiter', role: 'recruiter', due: { days: 7 } },
  },
  {
    text: 'Sophie @ Datadog will reply after the holidays',
    expect: { name: 'Sophie', company: 'Datadog', what: 'reply', due: { day: '2027-01-04' } },
  },
  {
    text: 'Marco will text me the address tomorrow',
    expect: { name: 'Marco', what: 'text you the address', due: { day: '2026-12-03' } },
  },
  // Chat messages, with typos and zones.
  {
    text: "Lucas at N26 said he'd ping me on wensday",
    expect: { name: 'Lucas', company: 'N26', what: 'ping you', due: { day: '2026-12-02' } },
  },
  {
    text: 'Nina from Klarna will call tommorow at 11',
    expect: { name: 'Nina', company: 'Klarna', what: 'call you', due: { time: '2026-12-03T11:00' } },
  },
  {
    text: 'Wei (Technical Recruiter, ByteDance) will send the coding test by firday',
    expect: {
      name: 'Wei',
      company: 'ByteDance',
      title: 'Technical Recruiter',
      role: 'recruiter',
      what: 'send the coding test',
      due: { day: '2026-12-04' },
    },
  },
  { text: 'Fatima will follow up nxt week', expect: { name: 'Fatima', what: 'follow up', due: { days: 7 } } },
  {
    text: 'Lena, recruiter at Celonis, will call me on thrusday',
    expect: {
      name: 'Lena',
      company: 'Celonis',
      role: 'recruiter',
      what: 'call you',
      due: { day: '2026-12-03' },
    },
  },
  {
    text: 'Aisha (VP Eng, Plaid) will call me Friday 4pm PT',
    expect: {
      name: 'Aisha',
      company: 'Plaid',
      title: 'VP Eng',
      role: null,
      due: { time: '2026-12-04T16:00', zone: 'America/Los_Angeles' },
    },
  },
  {
    text: 'Jonas (Head of Talent, Personio) will call me 10:00 CET tomorrow',
    expect: {
      name: 'Jonas',
      company: 'Personio',
      title: 'Head of Talent',
      role: 'recruiter',
      due: { time: '2026-12-03T10:00' },
    },
  },
  {
    text: 'Sarah from Microsoft will email me by 3pm EST Friday',
    expect: {
      name: 'Sarah',
      company: 'Microsoft',
      what: 'email you',
      due: { time: '2026-12-04T15:00', zone: 'America/New_York' },
    },
  },
  {
    text: 'Ankit (TCS) will call me at 9am IST on Thursday',
    expect: { name: 'Ankit', company: 'TCS', due: { time: '2026-12-03T09:00', zone: 'Asia/Kolkata' } },
  },
  {
    text: 'Ethan from Ramp will reply by 15:00 UTC Friday',
    expect: { name: 'Ethan', company: 'Ramp', what: 'reply', due: { time: '2026-12-04T15:00', zone: 'UTC' } },
  },
  // Titles, companies and addresses in every order.
  {
    text: 'Jane (VP Eng, Plaid) will call me Friday',
    expect: { name: 'Jane', company: 'Plaid', title: 'VP Eng', due: { day: '2026-12-04' } },
  },
  {
    text: 'Jane (Plaid, VP Eng) will call me Friday',
    expect: { name: 'Jane', company: 'Plaid', title: 'VP Eng', due: { day: '2026-12-04' } },
  },
  {
    text: 'Jane, VP Eng at Plaid, will call me Friday',
    expect: { name: 'Jane', company: 'Plaid', title: 'VP Eng', due: { day: '2026-12-04' } },
  },
  {
    text: 'Ravi (Technical Recruiter, Infosys) will call me back Friday',
    expect: {
      name: 'Ravi',
      company: 'Infosys',
      title: 'Technical Recruiter',
      role: 'recruiter',
      what: 'call you back',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'acme recruiter jane will call me tomorrow',
    expect: {
      name: 'Jane',
      company: 'Acme',
      title: 'recruiter',
      role: 'recruiter',
      due: { day: '2026-12-03' },
    },
  },
  {
    text: 'Stripe hiring manager Dana Lee will get back to me by next Friday',
    expect: { name: 'Dana Lee', company: 'Stripe', role: 'hiring_manager', due: { day: '2026-12-11' } },
  },
  {
    text: 'james@figma.com will email me the schedule by Thursday',
    expect: {
      name: 'james@figma.com',
      company: 'Figma',
      email: 'james@figma.com',
      what: 'email you the schedule',
      due: { day: '2026-12-03' },
    },
  },
  {
    text: 'Priya.Shah@Gmail.com will email me the JD tomorrow',
    expect: {
      name: 'Priya.Shah@Gmail.com',
      company: null,
      email: 'Priya.Shah@Gmail.com',
      due: { day: '2026-12-03' },
    },
  },
  {
    text: 'Chen <chen.li@tencent.com> will send the offer by Friday',
    expect: {
      name: 'Chen',
      company: 'Tencent',
      email: 'chen.li@tencent.com',
      what: 'send the offer',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Kenji (Engineering Manager, Rakuten) will email me the next steps by Tuesday',
    expect: {
      name: 'Kenji',
      company: 'Rakuten',
      title: 'Engineering Manager',
      role: 'hiring_manager',
      what: 'email you the next steps',
      due: { day: '2026-12-08' },
    },
  },
  {
    text: 'Carlos (Talent Acquisition, Mercado Libre) will get back to me in a couple of weeks',
    expect: {
      name: 'Carlos',
      company: 'Mercado Libre',
      title: 'Talent Acquisition',
      role: 'recruiter',
      due: { days: 14 },
    },
  },
  {
    text: 'Julia (Recruiting Coordinator, Meta) will send the calendar invite by tonight',
    expect: {
      name: 'Julia',
      company: 'Meta',
      title: 'Recruiting Coordinator',
      role: 'recruiter',
      due: { time: '2026-12-02T20:00' },
    },
  },
  {
    text: 'Kate (People Ops, Airbnb) will confirm the start date by end of the month',
    expect: {
      name: 'Kate',
      company: 'Airbnb',
      title: 'People Ops',
      role: 'hr',
      what: 'confirm the start date',
      due: { day: '2026-12-31' },
    },
  },
  {
    text: 'Yusuf (CTO, Paystack) will send feedback by Thursday EOD',
    expect: {
      name: 'Yusuf',
      company: 'Paystack',
      title: 'CTO',
      what: 'send feedback',
      due: { time: '2026-12-03T17:00' },
    },
  },
  {
    text: 'Ines (Sourcer, Revolut) will reach out on LinkedIn by Friday',
    expect: {
      name: 'Ines',
      company: 'Revolut',
      title: 'Sourcer',
      role: 'recruiter',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: "Isabel (Talent Partner, Glovo) said she'd have news for me in a week",
    expect: {
      name: 'Isabel',
      company: 'Glovo',
      title: 'Talent Partner',
      role: 'recruiter',
      what: 'have news for you',
      due: { days: 7 },
    },
  },
  // Everyday lines.
  {
    text: 'Priya from Google will send the take-home on Monday',
    expect: { name: 'Priya', company: 'Google', what: 'send the take-home', due: { day: '2026-12-07' } },
  },
  {
    text: "Tom (hiring manager, Figma) said they'd have a decision by Friday",
    expect: {
      name: 'Tom',
      company: 'Figma',
      role: 'hiring_manager',
      what: 'have a decision',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: "Recruiter from Amazon said I'd hear back within 5 business days",
    expect: {
      name: 'Amazon recruiter',
      company: 'Amazon',
      role: 'recruiter',
      what: 'get back to you',
      due: { days: 7 },
    },
  },
  {
    text: 'Lisa at Notion promised to send the offer letter tomorrow morning',
    expect: {
      name: 'Lisa',
      company: 'Notion',
      what: 'send the offer letter',
      due: { time: '2026-12-03T12:00' },
    },
  },
  {
    text: 'Hannah, the recruiter at Spotify, will call me Thursday at 2pm',
    expect: {
      name: 'Hannah',
      company: 'Spotify',
      role: 'recruiter',
      what: 'call you',
      due: { time: '2026-12-03T14:00' },
    },
  },
  {
    text: "Ben said he'd intro me to the CTO next week",
    expect: { name: 'Ben', what: 'intro you to the CTO', due: { days: 7 } },
  },
  {
    text: 'Chloe said the panel will get back to me by end of day',
    expect: { name: 'Chloe', what: 'get back to you', due: { time: '2026-12-02T17:00' } },
  },
  {
    text: 'Grace (hiring manager, Atlassian) will share feedback within 48 hours',
    expect: {
      name: 'Grace',
      company: 'Atlassian',
      role: 'hiring_manager',
      what: 'share feedback',
      due: { time: '2026-12-04T10:00' },
    },
  },
  {
    text: 'Liam at Canva will send the offer details early next week',
    expect: { name: 'Liam', company: 'Canva', what: 'send the offer details', due: { day: '2026-12-08' } },
  },
  {
    text: 'Zara (recruiter, Monzo) asked for two weeks to finish interviews',
    expect: {
      name: 'Zara',
      company: 'Monzo',
      role: 'recruiter',
      what: 'get back to you after they finish interviews',
      due: { days: 14 },
    },
  },
  {
    text: "David, hiring manager at Twilio, said he'd let me know by the 15th",
    expect: {
      name: 'David',
      company: 'Twilio',
      role: 'hiring_manager',
      what: 'let you know',
      due: { day: '2026-12-15' },
    },
  },
  {
    text: 'Pedro (Nubank) will call me Monday morning',
    expect: { name: 'Pedro', company: 'Nubank', what: 'call you', due: { time: '2026-12-07T12:00' } },
  },
  {
    text: 'Elena at Booking.com will send the assignment in 3 days',
    expect: { name: 'Elena', company: 'Booking.com', what: 'send the assignment', due: { days: 3 } },
  },
  {
    text: 'Omar from Careem will call me around 4',
    expect: { name: 'Omar', company: 'Careem', what: 'call you', due: { time: '2026-12-02T16:00' } },
  },
  {
    text: 'Hiroshi from Sony will confirm the interview slot tomorrow afternoon',
    expect: {
      name: 'Hiroshi',
      company: 'Sony',
      what: 'confirm the interview slot',
      due: { time: '2026-12-03T17:00' },
    },
  },
  {
    text: 'Noah at Coinbase will message me on LinkedIn Monday',
    expect: {
      name: 'Noah',
      company: 'Coinbase',
      what: 'message you on LinkedIn',
      due: { day: '2026-12-07' },
    },
  },
  {
    text: 'Kwame (referral, Flutterwave) will pass my CV to the hiring manager this week',
    expect: {
      name: 'Kwame',
      company: 'Flutterwave',
      role: 'referral',
      what: 'pass your CV to the hiring manager',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Alex at Shopify said they would get back to me by Friday 5pm',
    expect: { name: 'Alex', company: 'Shopify', what: 'get back to you', due: { time: '2026-12-04T17:00' } },
  },
  {
    text: 'Bob at Globex asked for a week to interview the rest',
    expect: {
      name: 'Bob',
      company: 'Globex',
      what: 'get back to you after they interview the rest',
      due: { days: 7 },
    },
  },
  {
    text: 'Ama (hiring manager, Paystack) will decide by end of next week',
    expect: {
      name: 'Ama',
      company: 'Paystack',
      role: 'hiring_manager',
      what: 'decide',
      due: { day: '2026-12-11' },
    },
  },
  {
    text: "Clara (HR, Siemens) said I'll get the contract next week",
    expect: { name: 'Clara', company: 'Siemens', role: 'hr', due: { days: 7 } },
  },
  {
    text: 'Jane Doe (recruiter, Acme) will call me back by Friday 3pm',
    expect: {
      name: 'Jane Doe',
      company: 'Acme',
      role: 'recruiter',
      what: 'call you back',
      due: { time: '2026-12-04T15:00' },
    },
  },
  // Chat and notes, second batch.
  {
    text: "got a call from Mike at Oracle, he'll send an offer by Friday",
    expect: { name: 'Mike', company: 'Oracle', what: 'send an offer', due: { day: '2026-12-04' } },
  },
  {
    text: "spoke with Ana from Wise, she'll email me Thursday",
    expect: { name: 'Ana', company: 'Wise', what: 'email you', due: { day: '2026-12-03' } },
  },
  {
    text: "Interviewer Priya said they'd decide by end of week",
    expect: { name: 'Priya', title: 'Interviewer', what: 'decide', due: { day: '2026-12-04' } },
  },
  {
    text: 'Rachel at Deel will send the contract first thing tomorrow',
    expect: { name: 'Rachel', company: 'Deel', what: 'send the contract', due: { day: '2026-12-03' } },
  },
  {
    text: "Sandra (recruiter) promised to call me back on Monday but didn't",
    expect: { name: 'Sandra', role: 'recruiter', what: 'call you back', due: { day: '2026-11-30' } },
  },
  {
    text: "Jess (Lyft) said she'd get back to me by Monday EOD",
    expect: { name: 'Jess', company: 'Lyft', what: 'get back to you', due: { time: '2026-12-07T17:00' } },
  },
  {
    text: 'Tim (Eng Manager @ Dropbox) will follow up in a few days',
    expect: {
      name: 'Tim',
      company: 'Dropbox',
      title: 'Eng Manager',
      role: 'hiring_manager',
      due: { days: 3 },
    },
  },
  {
    text: 'Aditi - recruiter at Flipkart - will call me at 5:30pm IST tomorrow',
    expect: {
      name: 'Aditi',
      company: 'Flipkart',
      role: 'recruiter',
      due: { time: '2026-12-03T17:30', zone: 'Asia/Kolkata' },
    },
  },
  {
    text: 'Paul (Senior Recruiter, Indeed) will call me monday 10am',
    expect: {
      name: 'Paul',
      company: 'Indeed',
      title: 'Senior Recruiter',
      role: 'recruiter',
      due: { time: '2026-12-07T10:00' },
    },
  },
  {
    text: 'Dave at Acme - will ping me tmrw',
    expect: { name: 'Dave', company: 'Acme', what: 'ping you', due: { day: '2026-12-03' } },
  },
  {
    text: 'Will from Acme will call me tomorrow',
    expect: { name: 'Will', company: 'Acme', due: { day: '2026-12-03' } },
  },
  { text: 'April will call me Friday', expect: { name: 'April', due: { day: '2026-12-04' } } },
  {
    text: "Jane said they'll let me know ASAP",
    expect: { name: 'Jane', what: 'let you know', due: { day: '2026-12-03' } },
  },
  {
    text: 'Dan will get back to me after the winter break',
    expect: { name: 'Dan', what: 'get back to you', due: { day: '2027-01-04' } },
  },
  {
    text: 'Jane Smith (Sr. Technical Recruiter | Google) will reach out by Wednesday next week',
    expect: {
      name: 'Jane Smith',
      company: 'Google',
      title: 'Sr. Technical Recruiter',
      role: 'recruiter',
      due: { day: '2026-12-09' },
    },
  },
  {
    text: "Follow up with Kim at Asana if I haven't heard by Friday",
    expect: { name: 'Kim', company: 'Asana', what: 'get back to you', due: { day: '2026-12-04' } },
  },
  {
    text: 'ping Dana @ Stripe if nothing by Thu',
    expect: { name: 'Dana', company: 'Stripe', due: { day: '2026-12-03' } },
  },
  {
    text: "Ahmed, TA lead at Noon, said he'd share feedback within a week",
    expect: {
      name: 'Ahmed',
      company: 'Noon',
      title: 'TA lead',
      role: 'recruiter',
      what: 'share feedback',
      due: { days: 7 },
    },
  },
  {
    text: 'Jane will get back to me later this week',
    expect: { name: 'Jane', what: 'get back to you', due: { day: '2026-12-04' } },
  },
  {
    text: 'Dr. Lee will call me Friday',
    expect: { name: 'Dr. Lee', what: 'call you', due: { day: '2026-12-04' } },
  },
  {
    text: 'hr@acme.com will send the contract tomorrow',
    expect: {
      name: 'hr@acme.com',
      company: 'Acme',
      email: 'hr@acme.com',
      what: 'send the contract',
      due: { day: '2026-12-03' },
    },
  },
  // Contact details typed in the line: a number or a profile link is never a date or a name.
  {
    text: 'Jane Roe (recruiter, Acme) jane@acme.com +1 415 555 0100 will call me Friday',
    expect: {
      name: 'Jane Roe',
      company: 'Acme',
      role: 'recruiter',
      email: 'jane@acme.com',
      phone: '+1 415 555 0100',
      what: 'call you',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Tom Baker (hiring manager, Monzo) +44 20 7946 0958 will ring me back tomorrow at 2pm',
    expect: {
      name: 'Tom Baker',
      company: 'Monzo',
      role: 'hiring_manager',
      phone: '+44 20 7946 0958',
      what: 'ring you back',
      due: { time: '2026-12-03T14:00' },
    },
  },
  {
    text: 'Priya from Stripe said she would call me on 415-555-0100 by Thursday',
    expect: {
      name: 'Priya',
      company: 'Stripe',
      phone: '415-555-0100',
      what: 'call you',
      due: { day: '2026-12-03' },
    },
  },
  {
    text: 'Lena https://www.linkedin.com/in/lena-schmidt-42 will message me next week',
    expect: {
      name: 'Lena',
      linkedin: 'https://www.linkedin.com/in/lena-schmidt-42',
      what: 'message you',
      due: { days: 7 },
    },
  },
  {
    text: 'Marco (Talent Partner, Zalando, linkedin.com/in/marcorossi) promised to send the offer by Dec 10',
    expect: {
      name: 'Marco',
      company: 'Zalando',
      title: 'Talent Partner',
      role: 'recruiter',
      linkedin: 'https://www.linkedin.com/in/marcorossi',
      what: 'send the offer',
      due: { day: '2026-12-10' },
    },
  },
  {
    text: 'Kenji, mobile: 07700 900123, will text me the address in 2 days',
    expect: { name: 'Kenji', phone: '07700 900123', what: 'text you the address', due: { days: 2 } },
  },
  {
    text: 'Sofia (recruiter, Spotify) will call me Friday at 3pm on +46 8 123 456 78',
    expect: {
      name: 'Sofia',
      company: 'Spotify',
      phone: '+46 8 123 456 78',
      what: 'call you',
      due: { time: '2026-12-04T15:00' },
    },
  },
  {
    text: 'Dev at Razorpay (+91 98765 43210, https://in.linkedin.com/in/devkumar/) will get back to me by Monday',
    expect: {
      name: 'Dev',
      company: 'Razorpay',
      phone: '+91 98765 43210',
      linkedin: 'https://www.linkedin.com/in/devkumar',
      what: 'get back to you',
      due: { day: '2026-12-07' },
    },
  },
  {
    text: 'Jane (tel 555) will call me tomorrow',
    expect: { refused: /"tel 555" doesn't look like a phone number/ },
  },
  // An independent reviewer's lines, and variants of each. A department or function where the
  // title goes is the title; the company is the other part, in either order.
  {
    text: 'Nadia (Recruiting, Figma) will call me back Friday',
    expect: {
      name: 'Nadia',
      company: 'Figma',
      title: 'Recruiting',
      role: 'recruiter',
      note: null,
      what: 'call you back',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Lucy (Engineering, Stripe) will call me back Friday',
    expect: { name: 'Lucy', company: 'Stripe', title: 'Engineering', note: null, due: { day: '2026-12-04' } },
  },
  {
    text: 'Omar (Stripe, Talent Acquisition) will email me next Tuesday',
    expect: {
      name: 'Omar',
      company: 'Stripe',
      title: 'Talent Acquisition',
      role: 'recruiter',
      note: null,
      what: 'email you',
      due: { day: '2026-12-08' },
    },
  },
  {
    text: "Ines, People Ops at Personio, said she'd send the offer by Friday",
    expect: {
      name: 'Ines',
      company: 'Personio',
      title: 'People Ops',
      role: 'hr',
      note: null,
      what: 'send the offer',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Kai (Sales & Marketing, HubSpot) promised to call me tomorrow at 11',
    expect: {
      name: 'Kai',
      company: 'HubSpot',
      title: 'Sales & Marketing',
      note: null,
      what: 'call you',
      due: { time: '2026-12-03T11:00' },
    },
  },
  // A label heading a note to self ("Reminder:", "Note to self:", "TODO:", "Follow up:") is dropped.
  {
    text: 'Reminder: Paulo from Nubank will call me back Monday',
    expect: {
      name: 'Paulo',
      company: 'Nubank',
      note: null,
      what: 'call you back',
      due: { day: '2026-12-07' },
    },
  },
  {
    text: 'note to self: Gustav at Klarna will email me next week',
    expect: { name: 'Gustav', company: 'Klarna', note: null, what: 'email you', due: { days: 7 } },
  },
  {
    text: "Follow up: Ana (Wise) said she'd email me tomorrow",
    expect: { name: 'Ana', company: 'Wise', note: null, what: 'email you', due: { day: '2026-12-03' } },
  },
  {
    text: 'TODO: Bea at Adyen promised to send the take-home by Friday',
    expect: {
      name: 'Bea',
      company: 'Adyen',
      note: null,
      what: 'send the take-home',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Quick reminder - Tariq (recruiter, Careem) will ring me Thursday 4pm',
    expect: {
      name: 'Tariq',
      company: 'Careem',
      role: 'recruiter',
      what: 'ring you',
      due: { time: '2026-12-03T16:00' },
    },
  },
  // A role outside the brackets and a name inside them: the name is who, the company stays the company.
  {
    text: "Recruiter at Monzo (Sarah) said she'd call me Thursday",
    expect: {
      name: 'Sarah',
      company: 'Monzo',
      role: 'recruiter',
      title: 'Recruiter',
      note: null,
      what: 'call you',
      due: { day: '2026-12-03' },
    },
  },
  {
    text: 'The hiring manager at Wise (Tom Fry) will email me tomorrow',
    expect: {
      name: 'Tom Fry',
      company: 'Wise',
      role: 'hiring_manager',
      note: null,
      what: 'email you',
      due: { day: '2026-12-03' },
    },
  },
  {
    text: 'Monzo recruiter (Sarah) will call me Friday',
    expect: { name: 'Sarah', company: 'Monzo', role: 'recruiter', note: null, due: { day: '2026-12-04' } },
  },
  {
    text: 'Hiring manager (Ola, Klarna) promised to send feedback by Monday',
    expect: {
      name: 'Ola',
      company: 'Klarna',
      role: 'hiring_manager',
      note: null,
      what: 'send feedback',
      due: { day: '2026-12-07' },
    },
  },
  // "of" after a name names the company, as "at" and "from" do.
  {
    text: 'Dana Lee of Stripe will call me Friday',
    expect: { name: 'Dana Lee', company: 'Stripe', note: null, what: 'call you', due: { day: '2026-12-04' } },
  },
  {
    text: "Aisha of Shopify said she'd email me by Monday",
    expect: { name: 'Aisha', company: 'Shopify', note: null, what: 'email you', due: { day: '2026-12-07' } },
  },
  {
    text: 'Luca Bianchi of Bending Spoons promised to send the contract next week',
    expect: {
      name: 'Luca Bianchi',
      company: 'Bending Spoons',
      note: null,
      what: 'send the contract',
      due: { days: 7 },
    },
  },
  {
    text: 'Ana, Director of Product at Figma, will get back to me Thursday',
    expect: {
      name: 'Ana',
      company: 'Figma',
      title: 'Director of Product',
      note: null,
      what: 'get back to you',
      due: { day: '2026-12-03' },
    },
  },
  // A message pasted with its sign-off: the signer promised, in the first person; the greeting is no one.
  {
    text: "Hi Priya, thanks for the chat today, I'll get back to you by Friday. Best, Ken (Talent, Revolut)",
    expect: {
      name: 'Ken',
      company: 'Revolut',
      title: 'Talent',
      role: 'recruiter',
      note: null,
      what: 'get back to you',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Hello Sam, great speaking with you. We will send you the offer details next Tuesday. Kind regards, Lena Vogt (Recruiter, N26)',
    expect: {
      name: 'Lena Vogt',
      company: 'N26',
      role: 'recruiter',
      note: null,
      what: 'send you the offer details',
      due: { day: '2026-12-08' },
    },
  },
  {
    text: "Hey! Thanks for coming in, i'll call you tomorrow at 2pm with my notes. Cheers, Raj from Swiggy",
    expect: {
      name: 'Raj',
      company: 'Swiggy',
      note: null,
      what: 'call you with their notes',
      due: { time: '2026-12-03T14:00' },
    },
  },
  {
    text: "Dear Alex, I'm going to share your CV with the hiring manager and get back to you by Monday — Mia, Talent Partner at Spotify",
    expect: {
      name: 'Mia',
      company: 'Spotify',
      title: 'Talent Partner',
      role: 'recruiter',
      note: null,
      what: 'share your CV with the hiring manager and get back to you',
      due: { day: '2026-12-07' },
    },
  },
  {
    text: "Hi Jo,\nI'll send the contract over by Thursday.\n\nBest,\nKen Adams",
    expect: { name: 'Ken Adams', note: null, what: 'send the contract over', due: { day: '2026-12-03' } },
  },
  {
    // Signed, "we'll be in touch" has its someone; alone, it is asked about (above).
    text: "We'll be in touch soon. Best, Dana (Recruiter, Canva)",
    expect: {
      name: 'Dana',
      company: 'Canva',
      role: 'recruiter',
      note: null,
      what: 'get back to you',
      due: { days: 7 },
    },
  },
  // A trailing "- Word" or "thanks X" after the line's own someone is a remark, not a signature.
  {
    text: "Jane will call me Friday, I'd guess after lunch - Acme",
    expect: { name: 'Jane', due: { day: '2026-12-04' } },
  },
  {
    text: "Sam will send it Friday, so we'll see - Stripe",
    expect: { name: 'Sam', due: { day: '2026-12-04' } },
  },
  {
    text: "Jane (Acme) will email me Friday and we'll set a time - Recruiter",
    expect: { name: 'Jane', company: 'Acme', due: { day: '2026-12-04' } },
  },
  {
    text: "Jane Doe (Acme) will call me Friday, I'll prep questions - Great chat",
    expect: { name: 'Jane Doe', company: 'Acme', due: { day: '2026-12-04' } },
  },
  {
    text: "Sam (Initech) will send the deck by Friday, I'd asked twice, thanks Sam",
    expect: { name: 'Sam', company: 'Initech', due: { day: '2026-12-04' } },
  },
  {
    // "thanks to Sam's referral" signs nothing: the member's own words are asked about, as before.
    text: "I'll hear back from Jane at Acme by Friday, thanks to Sam's referral",
    expect: { refused: /Whose words are these\?/ },
  },
  // "of" is "at" only after a person's name: an organisation's own name keeps its "of".
  {
    text: 'Bank of America recruiter will call me Friday',
    expect: {
      name: 'Bank of America recruiter',
      company: 'Bank of America',
      role: 'recruiter',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Royal Bank of Canada recruiter will call me Friday',
    expect: {
      name: 'Royal Bank of Canada recruiter',
      company: 'Royal Bank of Canada',
      role: 'recruiter',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: "Bank of America's recruiter will call me Friday",
    expect: {
      name: "Bank of America's recruiter",
      company: 'Bank of America',
      role: 'recruiter',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'City of Boston HR will call me Friday',
    expect: { name: 'City of Boston HR', company: 'City of Boston', role: 'hr', due: { day: '2026-12-04' } },
  },
  {
    text: 'University of Michigan will call me Friday',
    expect: { name: 'University of Michigan', company: null, due: { day: '2026-12-04' } },
  },
  {
    text: 'Department of Labor will call me Friday',
    expect: { name: 'Department of Labor', company: null, due: { day: '2026-12-04' } },
  },
  {
    text: 'The Museum of Modern Art will call me Friday',
    expect: { name: 'The Museum of Modern Art', company: null, due: { day: '2026-12-04' } },
  },
  {
    text: 'Professor of Economics Lee will call me Friday',
    expect: { name: 'Professor of Economics Lee', company: null, due: { day: '2026-12-04' } },
  },
  {
    text: 'Dana Lee of Stripe will call me Friday',
    expect: { name: 'Dana Lee', company: 'Stripe', due: { day: '2026-12-04' } },
  },
  {
    text: 'Aisha of Shopify will call me Friday',
    expect: { name: 'Aisha', company: 'Shopify', due: { day: '2026-12-04' } },
  },
  {
    text: 'VP of Engineering at Acme will call me Friday',
    expect: { name: 'VP of Engineering', company: 'Acme', due: { day: '2026-12-04' } },
  },
  // A note word in brackets after a role at a company is a note, not a name nor the company.
  {
    text: 'Recruiter at Monzo (remote) will call me Friday',
    expect: {
      name: 'Monzo recruiter',
      company: 'Monzo',
      role: 'recruiter',
      note: 'remote',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Recruiter at Monzo (London) will call me Friday',
    expect: {
      name: 'Monzo recruiter',
      company: 'Monzo',
      role: 'recruiter',
      note: 'London',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Recruiter at Monzo (via LinkedIn) will call me Friday',
    expect: {
      name: 'Monzo recruiter',
      company: 'Monzo',
      role: 'recruiter',
      note: 'via LinkedIn',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Recruiter at Monzo (urgent) will call me Friday',
    expect: {
      name: 'Monzo recruiter',
      company: 'Monzo',
      role: 'recruiter',
      note: 'urgent',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Recruiter at Monzo (contract) will call me Friday',
    expect: {
      name: 'Monzo recruiter',
      company: 'Monzo',
      role: 'recruiter',
      note: 'contract',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Recruiter at Monzo (part time) will call me Friday',
    expect: {
      name: 'Monzo recruiter',
      company: 'Monzo',
      role: 'recruiter',
      note: 'part time',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Recruiter at Monzo (final round) will call me Friday',
    expect: {
      name: 'Monzo recruiter',
      company: 'Monzo',
      role: 'recruiter',
      note: 'final round',
      due: { day: '2026-12-04' },
    },
  },
  {
    text: 'Recruiter at Monzo (Sarah Lee) will call me Friday',
    expect: {
      name: 'Sarah Lee',
      company: 'Monzo',
      role: 'recruiter',
      note: null,
      due: { day: '2026-12-04' },
    },
  },
];
