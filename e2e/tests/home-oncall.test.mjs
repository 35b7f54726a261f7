// "My on-call" on the home page (examples/org.yaml: the guest is a member of team-checkout, whose weekly
// rotation hands over on Mondays at 09:00 Berlin time through alice, bob and guest, escalating to bob, guest
// and alice): the API's shifts for guest are checked against the schedule independently of the rotation
// code, and the On call card of the home page lists them and who covers team-checkout, in a real browser.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openSignedInPage, screenshot } from '../lib/browser.mjs';
import { createApi } from '../lib/demo.mjs';
import { appUrl } from '../lib/portal.mjs';

const CHECKOUT = 'group:default/team-checkout';
const GUEST = 'user:default/guest';
const DAY_MS = 86_400_000;
/** The first handoff of the rotation: Monday 2 November 2026. */
const FIRST_MONDAY = Date.UTC(2026, 10, 2);
/** guest's level in week k of the rotation, by k mod 3: primary [alice, bob, guest], secondary [bob, guest, alice]. */
const GUEST_LEVEL_BY_WEEK = [undefined, 2, 1];

/** Weekday and wall time of an instant in Berlin, e.g. "Mon 09:00". */
function berlin(instant) {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Berlin',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(new Date(instant))
    .replace(',', '');
}

/** The instant of 09:00 Berlin time on the Monday of week k: 08:00 UTC in winter, 07:00 UTC in summer. */
function handoff(k) {
  const winter = FIRST_MONDAY + k * 7 * DAY_MS + 8 * 3_600_000;
  return berlin(winter) === 'Mon 09:00' ? winter : winter - 3_600_000;
}

/** A literal text inside a regular expression. */
function literal(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The week of the rotation an instant falls in. */
function weekOf(instant) {
  let k = Math.floor((instant - FIRST_MONDAY) / (7 * DAY_MS));
  while (handoff(k) > instant) k--;
  while (handoff(k + 1) <= instant) k++;
  return k;
}

let page;
let close;
let api;
let myOnCall;

before(async () => {
  ({ get: api } = await createApi());
  ({ page, close } = await openSignedInPage());
});

after(async () => {
  await close?.();
});

test("guest's shifts in the next 14 days follow team-checkout's rotation", async () => {
  myOnCall = await api('/v1/on-call/me');
  assert.equal(myOnCall.userRef, GUEST);
  const from = Date.parse(myOnCall.from);
  const to = Date.parse(myOnCall.to);
  assert.equal(to - from, 14 * DAY_MS);
  assert.ok(Math.abs(from - Date.now()) < 60_000);

  // Every week overlapping [from, to) in which guest is on the rotation, in order (a week's primary and
  // secondary never coincide, so there is at most one shift per week).
  const expected = [];
  for (let k = weekOf(from); handoff(k) < to; k++) {
    const level = GUEST_LEVEL_BY_WEEK[((k % 3) + 3) % 3];
    if (level) {
      expected.push({
        groupRef: CHECKOUT,
        escalationLevel: level,
        start: new Date(handoff(k)).toISOString(),
        end: new Date(handoff(k + 1)).toISOString(),
      });
    }
  }
  // Within any 14 days after the rotation started, guest is the primary or the secondary at some point.
  assert.ok(expected.length > 0);
  const checkoutShifts = myOnCall.shifts.filter(s => s.groupRef === CHECKOUT);
  assert.deepEqual(checkoutShifts, expected);
  for (const shift of checkoutShifts) {
    assert.equal(berlin(shift.start), 'Mon 09:00');
    assert.equal(berlin(shift.end), 'Mon 09:00');
  }
});

test('who covers team-checkout, and what it owns, as the catalog counts it', async () => {
  const team = myOnCall.teams.find(t => t.groupRef === CHECKOUT);
  assert.ok(team, `${CHECKOUT} is one of guest's teams`);
  assert.equal(team.providerId, 'catalog');
  assert.equal(team.timeZone, 'Europe/Berlin');
  assert.deepEqual(team.problems, []);
  const [primary] = team.current;
  assert.equal(primary.escalationLevel, 1);
  assert.ok(Date.parse(primary.start) <= Date.now());
  assert.ok(Date.now() < Date.parse(primary.end));
  assert.equal(team.next[0].start, primary.end);

  const owned = await api(
    `/entities/by-query?filter=${encodeURIComponent(
      `relations.ownedBy=${CHECKOUT}`,
    )}&limit=0`,
    'catalog',
  );
  assert.equal(team.ownedEntityCount, owned.totalItems);
  assert.ok(team.ownedEntityCount > 0);
});

test("the home page's On call card lists guest's shifts and who covers team-checkout", async () => {
  await page.goto(appUrl);
  const teamRows = page.locator('[data-testid="home-on-call-team"]');
  await teamRows.first().waitFor({ timeout: 60_000 });
  await page.getByText('On call', { exact: true }).first().waitFor();

  const checkoutRow = teamRows.filter({
    has: page.locator('a[href$="/catalog/default/group/team-checkout"]'),
  });
  assert.equal(await checkoutRow.count(), 1);
  const team = myOnCall.teams.find(t => t.groupRef === CHECKOUT);
  const checkoutText = await checkoutRow.innerText();
  assert.match(
    checkoutText,
    new RegExp(`Now\\s+${literal(team.current[0].person.name)}`),
  );
  assert.match(
    checkoutText,
    new RegExp(`Next\\s+${literal(team.next[0].person.name)}`),
  );
  assert.match(checkoutText, /owns \d+ entit(y|ies)/);

  const shiftRows = page.locator('[data-testid="home-on-call-shift"]');
  await shiftRows.first().waitFor();
  assert.equal(await shiftRows.count(), myOnCall.shifts.length);
  const [first] = myOnCall.shifts;
  const firstText = await shiftRows.first().innerText();
  if (Date.parse(first.start) <= Date.now()) {
    assert.match(firstText, /In progress/);
    assert.match(firstText, /ends (in|now)/);
  } else {
    assert.doesNotMatch(firstText, /In progress/);
    assert.match(firstText, /starts (in|now)/);
  }
  assert.match(firstText, new RegExp(`Level ${first.escalationLevel}`));
  assert.match(firstText, /your time/);
  await screenshot(page, 'home-on-call');
});
