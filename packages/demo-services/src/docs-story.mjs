// The demo's documentation-health story: the orders team reviewed the ops docs of `orders` before it took any
// traffic, so the dependencies traces show afterwards (payments, inventory, order-events) are changes since that
// review and the portal shows orders as "stale". Records that review once, through the ownership API, as the
// demo's guest user (a member of team-checkout, which owns orders); does nothing when orders already has a
// review recorded in the portal (a restart, or a database that kept it).
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0

const ENTITY = 'component/default/orders';

/**
 * @param {object} options
 * @param {string} options.backendUrl e.g. http://localhost:7007
 * @param {(line: string) => void} [options.log]
 * @param {number} [options.timeoutMs] how long to wait for the backend and the catalog
 * @returns {Promise<'recorded' | 'already recorded' | string>} what happened, or why not
 */
export async function recordDocsStory({
  backendUrl,
  log = () => {},
  timeoutMs = 180_000,
}) {
  const deadline = Date.now() + timeoutMs;
  const url = `${backendUrl}/api/ownership/v1/entities/${ENTITY}/docs-health`;
  let last = 'no answer';
  for (;;) {
    try {
      const auth = await fetch(
        `${backendUrl}/api/auth/guest/refresh?env=development`,
        { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
      );
      if (!auth.ok) throw new Error(`guest sign-in answered ${auth.status}`);
      const token = (await auth.json()).backstageIdentity.token;
      const headers = {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      };
      const current = await fetch(url, { headers });
      if (current.status === 200) {
        const health = await current.json();
        if (health.lastAudited?.source === 'review') return 'already recorded';
        const review = await fetch(`${url}/reviews`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            comment:
              'Demo story: reviewed before orders took traffic; the dependencies traces show later are changes since.',
          }),
        });
        if (review.status !== 201) {
          return `the review answered ${review.status}: ${await review.text()}`;
        }
        log(`docs story: recorded a review of ${ENTITY} as the guest user`);
        return 'recorded';
      }
      // 404 until the catalog has ingested the example entities.
      last = `docs-health answered ${current.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) return `gave up: ${last}`;
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}
