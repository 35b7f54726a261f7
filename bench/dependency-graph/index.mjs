// Render benchmark of the Dependencies tab (run on demand: `yarn bench:dependency-graph`; not part of the tests).
//
// Takes a 200-node subset of Jaeger UI's large dependency sample (the nodes nearest the busiest service and
// every link among them), serves it to the real app in Chromium as the answer of the dependencies API (a
// Playwright route, so the backend is not involved), and measures in ONE run:
//   (a) baseline: the same tab with the 10-node sample graph (Jaeger UI's small.json subset),
//   (b) the 200-node graph,
// each as the median of several loads: time from the API answer to every graph node in the DOM, the longest
// main-thread task (Long Tasks API) and the total blocking time (sum of task time over 50 ms). Goal: the
// 200-node graph renders and the page is not frozen (no task near a second).
//
// Uses the portal at E2E_APP_URL/E2E_BACKEND_URL when it is up (e.g. `yarn start`), else starts it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSignedInPage } from '../../e2e/lib/browser.mjs';
import { appUrl, startPortal } from '../../e2e/lib/portal.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NODES = Number(process.env.BENCH_NODES ?? 200);

function readLinks(name) {
  return JSON.parse(fs.readFileSync(path.join(here, 'fixtures', name), 'utf8'));
}

/** The `limit` nodes nearest (breadth first, both ways) to the busiest node, and every link among them. */
function subset(links, limit) {
  const weight = new Map();
  const neighbours = new Map();
  for (const { parent, child, callCount } of links) {
    if (parent === child) continue;
    weight.set(parent, (weight.get(parent) ?? 0) + callCount);
    weight.set(child, (weight.get(child) ?? 0) + callCount);
    for (const [a, b] of [
      [parent, child],
      [child, parent],
    ]) {
      if (!neighbours.has(a)) neighbours.set(a, []);
      neighbours.get(a).push(b);
    }
  }
  const start = [...weight.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const picked = new Set([start]);
  const queue = [start];
  while (queue.length > 0 && picked.size < limit) {
    for (const next of neighbours.get(queue.shift()) ?? []) {
      if (picked.size >= limit) break;
      if (!picked.has(next)) {
        picked.add(next);
        queue.push(next);
      }
    }
  }
  return {
    root: start,
    nodes: [...picked],
    links: links.filter(
      l => l.parent !== l.child && picked.has(l.parent) && picked.has(l.child),
    ),
  };
}

/** An EntityDependencies answer for the subset, shaped as the backend sends it. */
function response({ root, nodes, links }) {
  const id = node =>
    node === root ? 'component:default/orders' : `trace:${node}`;
  const hours = 24;
  return {
    entityRef: 'component:default/orders',
    window: {
      from: new Date(Date.now() - hours * 3_600_000).toISOString(),
      to: new Date().toISOString(),
      stepSeconds: 900,
    },
    depth: 3,
    traceNodes: [root],
    claimSource: 'annotation',
    conflicts: [],
    nodes: nodes.map((node, i) => ({
      id: id(node),
      ...(node === root
        ? {
            entityRef: id(node),
            kind: 'Component',
            owner: 'group:default/team-checkout',
          }
        : {}),
      traceNodes: [node],
      nodeType: 'service',
      depth: node === root ? 0 : 1 + (i % 3),
      direction: node === root ? 'root' : i % 2 ? 'downstream' : 'upstream',
    })),
    edges: links.map(l => ({
      from: id(l.parent),
      to: id(l.child),
      connectionType: '',
      count: l.callCount,
      errorCount: Math.floor(l.callCount / 100),
      ratePerSecond: l.callCount / (hours * 3600),
      errorRate: 0.01,
      latencyMs: { p50: 12, p90: 40, p99: 120 },
      firstSeen: new Date(Date.now() - 7 * 86_400_000).toISOString(),
      lastSeen: new Date().toISOString(),
      sampleTraceIds: ['0af7651916cd43dd8448eb211c80319c'],
      trend: Array.from({ length: 96 }, (_, k) =>
        Math.round((l.callCount / 96) * (1 + 0.3 * Math.sin(k / 8))),
      ),
    })),
    drift: {
      undeclared: [],
      declaredNotObserved: [],
      agreeing: [],
      unowned: [],
      yamlToAdd: '',
      windowDays: 30,
    },
  };
}

async function measure(page, body) {
  const payload = JSON.stringify(body);
  await page.unroute('**/api/ownership/v1/entities/**/dependencies*');
  await page.route('**/api/ownership/v1/entities/**/dependencies*', route =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: payload,
    }),
  );
  await page.goto(`${appUrl}/catalog`);
  await page
    .getByText('Starred Entities')
    .or(page.locator('table'))
    .first()
    .waitFor();
  // Observe long tasks from before the tab's request; mark when the answer is handed to the page.
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver(list => {
      for (const entry of list.getEntries())
        window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const answered = page
    .waitForResponse(r => r.url().includes('/dependencies'))
    .then(() => page.evaluate(() => performance.now()));
  await page.evaluate(url => {
    window.history.pushState({}, '', url);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, '/catalog/default/component/orders/dependencies');
  const expected = body.nodes.length;
  const renderedAt = await page.waitForFunction(
    n =>
      document.querySelectorAll('[data-testid="dependency-node"]').length >= n
        ? performance.now()
        : false,
    expected,
    { polling: 'raf', timeout: 120_000 },
  );
  const done = await renderedAt.jsonValue();
  const start = await answered;
  // Let trailing work (layout of the table, sparklines) finish before reading the long tasks.
  await page.waitForTimeout(1500);
  const tasks = await page.evaluate(() => window.__longTasks);
  return {
    renderMs: done - start,
    longestTaskMs: tasks.length ? Math.max(...tasks) : 0,
    blockingMs: tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

let portal;
try {
  await fetch(appUrl);
} catch {
  console.log('bench: starting the portal (yarn start)…');
  portal = await startPortal({ log: fs.createWriteStream('/dev/null') });
}
const { page, close } = await openSignedInPage();
try {
  const small = subset(readLinks('small.json'), 10);
  const large = subset(readLinks('large.json'), NODES);
  const cases = [
    ['(a) baseline, small.json', small],
    [`(b) large.json subset`, large],
  ];
  console.log(`Dependencies tab render, median of ${RUNS} loads in Chromium`);
  const results = {};
  for (const [name, graph] of cases) {
    const runs = [];
    // One warm-up load (code splitting, fonts), then the measured ones.
    await measure(page, response(graph));
    for (let i = 0; i < RUNS; i++)
      runs.push(await measure(page, response(graph)));
    const row = {
      nodes: graph.nodes.length,
      edges: graph.links.length,
      renderMs: median(runs.map(r => r.renderMs)),
      longestTaskMs: median(runs.map(r => r.longestTaskMs)),
      blockingMs: median(runs.map(r => r.blockingMs)),
    };
    results[name] = row;
    console.log(
      `${name.padEnd(28)} ${String(row.nodes).padStart(4)} nodes ${String(
        row.edges,
      ).padStart(4)} edges: ` +
        `render ${row.renderMs.toFixed(
          0,
        )} ms, longest task ${row.longestTaskMs.toFixed(0)} ms, ` +
        `blocking ${row.blockingMs.toFixed(0)} ms`,
    );
  }
  const [a, b] = Object.values(results);
  console.log(
    `ratio b/a render: ${(b.renderMs / a.renderMs).toFixed(1)}x; ` +
      `per node: ${(b.renderMs / b.nodes).toFixed(1)} ms (b) vs ${(
        a.renderMs / a.nodes
      ).toFixed(1)} ms (a)`,
  );
} finally {
  await close();
  await portal?.stop();
}
