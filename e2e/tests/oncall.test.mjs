// On-call from the catalog schedule (examples/org.yaml: team-checkout rotates weekly on Mondays at 09:00
// Berlin time through alice, bob and guest, the next in line as secondary): the API's roster for orders is
// checked against the schedule independently of the rotation code, and the on-call card of orders shows who
// is on call now and who is next, in a real browser.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openSignedInPage, screenshot } from '../lib/browser.mjs';
import { createApi } from '../lib/demo.mjs';
import { appUrl } from '../lib/portal.mjs';

const MEMBERS = ['alice', 'bob', 'guest'];
const NAMES = { alice: 'Alice Moreau', bob: 'Bob Okafor', guest: 'Guest' };
const WEEK_MS = 7 * 86_400_000;

/** Weekday and wall time of an instant in Berlin, e.g. "Mon 09:00". */
function berlin(iso) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Berlin',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(new Date(iso))
    .replace(',', '');
}

let page;
let close;
let api;

before(async () => {
  ({ get: api } = await createApi());
  ({ page, close } = await openSignedInPage());
});

after(async () => {
  await close?.();
});

let roster;

test("orders' on-call comes from its owner's weekly rotation", async () => {
  roster = await api('/v1/entities/component/default/orders/on-call');
  assert.equal(roster.providerId, 'catalog');
  assert.equal(roster.groupRef, 'group:default/team-checkout');
  assert.equal(roster.timeZone, 'Europe/Berlin');
  assert.deepEqual(roster.problems, []);
  const [primary, secondary] = roster.current;
  // Shifts start and end on Mondays at 09:00 in Berlin, whatever the UTC offset of the day.
  assert.equal(berlin(primary.start), 'Mon 09:00');
  assert.equal(berlin(primary.end), 'Mon 09:00');
  assert.ok(new Date(primary.start) <= new Date());
  assert.ok(new Date() < new Date(primary.end));
  // The week number since the first Monday (2 November 2026) picks the member; an hour of DST drift does not
  // change the rounded count.
  const week = Math.round(
    (Date.parse(primary.start) - Date.parse('2026-11-02T08:00:00Z')) / WEEK_MS,
  );
  const member = MEMBERS[((week % 3) + 3) % 3];
  assert.equal(primary.person.userRef, `user:default/${member}`);
  assert.equal(primary.person.name, NAMES[member]);
  assert.equal(
    secondary.person.userRef,
    `user:default/${MEMBERS[(((week + 1) % 3) + 3) % 3]}`,
  );
  assert.equal(
    roster.next[0].person.userRef,
    `user:default/${MEMBERS[(((week + 1) % 3) + 3) % 3]}`,
  );
  assert.equal(roster.next[0].start, primary.end);
  assert.deepEqual(
    roster.escalation.map(level => [level.level, level.delayMinutes]),
    [
      [1, 0],
      [2, 15],
    ],
  );
});

test('the on-call card of orders shows who is on call now and who is next', async () => {
  await page.goto(`${appUrl}/catalog/default/component/orders`);
  const now = page.locator('[data-testid="on-call-now"]');
  await now.first().waitFor({ timeout: 60_000 });
  assert.match(
    await now.first().innerText(),
    new RegExp(roster.current[0].person.name),
  );
  const next = page.locator('[data-testid="on-call-next"]');
  assert.match(
    await next.first().innerText(),
    new RegExp(roster.next[0].person.name),
  );
  await screenshot(page, 'on-call-orders');
});
