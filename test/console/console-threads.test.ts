import { afterEach, beforeEach, expect, it } from 'vitest';
import { createLineHandler } from '../../adapters/console/listeners.ts';
import { actor, describeOnDrivers, openWorld } from '../support/world.ts';

type World = Awaited<ReturnType<typeof openWorld>>;

describeOnDrivers('the console offers the new subcommands and the duplicate buttons', (driver) => {
  let world: World;
  const me = actor('Me', 'Europe/Berlin', 'console');
  beforeEach(async () => {
    world = await openWorld({ driver, now: '2026-12-02T09:00:00Z' });
  });
  afterEach(async () => {
    await world.close();
  });

  it('a duplicate shows [Update #1] [Add as new], and /press 1 updates #1', async () => {
    const console = createLineHandler(world.inbound, me);
    await console.onLine('/promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    const asked = await console.onLine('/promise Jane Doe (Acme) will call me back by Monday 10am');
    expect(asked).toMatch(/\[1 Update #1\] \[2 Add as new\]/);
    expect(await console.onLine('/press 1')).toMatch(
      /^Updated #1: Jane Doe \(recruiter, Acme\) promised to call you back by Mon 7 Dec, 10:00 AM/,
    );
    expect(await console.onLine('/promise list')).not.toMatch(/#2/);
  });

  it('edit, history and reopen work as typed; Edit says how to edit by text', async () => {
    const console = createLineHandler(world.inbound, me);
    await console.onLine('/promise Jane Doe (recruiter, Acme) will call me back by Friday 3pm');
    const how = await console.onLine('/promise edit #1');
    expect(how).toMatch(/\[1 Edit\]/);
    expect(await console.onLine('/press 1')).toMatch(/\/promise edit #1 due friday/);
    expect(await console.onLine('/promise edit #1 due monday')).toMatch(/now due by Mon 7 Dec/);
    await console.onLine('/promise heard #1');
    expect(await console.onLine('/promise history')).toMatch(/#1 Jane Doe .*\n.*Heard back on Wed 2 Dec/);
    expect(await console.onLine('/promise reopen #1')).toMatch(/^Reopened #1 Jane Doe/);
    expect(await console.onLine('/promise help')).toMatch(/edit #2 due friday[\s\S]*history[\s\S]*reopen #2/);
  });

  it('an overdue add prints the e-mail draft with its subject line, and how to reach them', async () => {
    const console = createLineHandler(world.inbound, me);
    const said = await console.onLine(
      '/promise Jane Roe (Acme) jane@acme.com +1 415 555 0100 promised to email me yesterday',
    );
    expect(said).toMatch(
      /"Subject: Following up on our conversation about the role at Acme\n\s+\n\s+Hi Jane,/,
    );
    expect(said).toMatch(/E-mail Jane: jane@acme\.com/);
    expect(said).toMatch(/Call Jane: \+1 415 555 0100/);
    expect(await console.onLine('/promise edit #1 linkedin linkedin.com/in/janeroe')).toMatch(
      /the LinkedIn profile is now https:\/\/www\.linkedin\.com\/in\/janeroe/,
    );
    expect(await console.onLine('/promise help')).toMatch(/edit #2 phone \+44 20 7946 0958/);
  });
});
