import { DateTime } from 'luxon';
import type { OrganiserReport } from '../core/organiser-report.ts';
import type { LinkRefusal } from './link.ts';

/** Text for HTML: every character that could open markup is written as an entity. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/* One stylesheet inline (the page fetches nothing): readable on a phone, dark mode, large targets. */
const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #57606a; --bg: #ffffff; --line: #d0d7de; --accent: #2f5fc4; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --line: #30363d; --accent: #6e9bf5; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 56rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
p.lede, .note { color: var(--muted); }
.totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.75rem; padding: 0; list-style: none; }
.totals li { border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.75rem; }
.totals strong { display: block; font-size: 1.6rem; }
.chart { margin: 1rem 0; max-width: 100%; overflow-x: auto; }
.chart svg { max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: right; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
caption.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The organiser's page: the group's weeks in counts, and the streaks of members who chose to
 * share. It is given no contact, company or note to show, and shows none.
 */
export function organiserPage(report: OrganiserReport, options: { now: Date; chartSvg?: string }): string {
  const { workspace, weeks, streaks } = report;
  const zone = workspace.timeZone;
  const name = workspace.name ?? (workspace.platform === 'discord' ? 'Your server' : 'Your workspace');
  const total = (pick: (week: (typeof weeks)[number]) => number) =>
    weeks.reduce((sum, week) => sum + pick(week), 0);
  const weekLabel = (from: Date) => DateTime.fromJSDate(from, { zone }).toFormat('d LLL');
  const rows = weeks
    .map(
      (week) =>
        `<tr><th scope="row">${escapeHtml(weekLabel(week.from))}</th><td>${week.activeMembers}</td><td>${week.followUps}</td><td>${week.callbacks}</td><td>${week.offers}</td></tr>`,
    )
    .join('\n');
  const streakList =
    streaks.length === 0
      ? `<p class="note">No streaks to show: ${report.sharers === 0 ? 'no member has turned on sharing yet (<code>/promise settings share on</code>)' : 'no member who shares has a streak going'}.</p>`
      : `<ol>${streaks.map((s) => `<li>${escapeHtml(s.name)} — ${plural(s.days, 'working day')}</li>`).join('')}</ol>`;
  const body = `
<header>
<h1>${escapeHtml(name)}: the job hunt, week by week</h1>
<p class="lede">The last ${plural(weeks.length, 'week')} of your group on Thrice, in counts only. Contact names, companies and notes are never shown here.</p>
</header>
<section aria-labelledby="totals">
<h2 id="totals">In ${plural(weeks.length, 'week')}</h2>
<ul class="totals">
<li><strong>${total((w) => w.followUps)}</strong> follow-ups logged</li>
<li><strong>${total((w) => w.callbacks)}</strong> callbacks received</li>
<li><strong>${total((w) => w.offers)}</strong> offers</li>
<li><strong>${weeks.at(-1)?.activeMembers ?? 0}</strong> members active this week</li>
</ul>
</section>
<section aria-labelledby="weekly">
<h2 id="weekly">Week by week</h2>
${options.chartSvg === undefined ? '' : `<figure class="chart" role="img" aria-label="Chart of the weekly counts in the table below">${options.chartSvg}</figure>`}
<p class="note">Each week starts on Monday (${escapeHtml(zone)}). Active: members who logged anything that week.</p>
<div class="table-wrap">
<table>
<caption class="visually-hidden">The group's weekly counts</caption>
<thead><tr><th scope="col">Week of</th><th scope="col">Active</th><th scope="col">Follow-ups</th><th scope="col">Callbacks</th><th scope="col">Offers</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
</section>
<section aria-labelledby="streaks">
<h2 id="streaks">Streaks of members who share</h2>
${streakList}
</section>
<footer><p class="note">Read-only. Made ${escapeHtml(DateTime.fromJSDate(options.now, { zone }).toFormat('d LLL yyyy, HH:mm'))}; reload for fresh numbers. Ask Thrice for a new link with <code>/promise dashboard</code> when this one expires.</p></footer>`;
  return layout(`${name} — Thrice organiser page`, body);
}

/** What a refused link shows: why, and how to get a working one. */
export function refusalPage(refusal: LinkRefusal | 'gone'): string {
  const why =
    refusal === 'expired'
      ? 'This link has expired: organiser links work for a day.'
      : refusal === 'gone'
        ? 'This group is no longer on Thrice.'
        : 'This link is not valid.';
  return layout(
    'Thrice organiser page',
    `<h1>This page can’t be shown</h1>
<p>${why}</p>
<p>A workspace admin can get a new link with <code>/promise dashboard</code>.</p>`,
  );
}
