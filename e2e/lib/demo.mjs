// The demo shop as the end-to-end tests run it: real Node services on the OpenTelemetry SDK sending OTLP to
// the running portal with the demo's externalAccess token, plus small helpers to read the ownership API.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { backendUrl, guestToken, repoRoot } from './portal.mjs';

/** Starts the demo shop against the portal; returns a function that stops it. */
export function startDemo(env = {}) {
  const demo = spawn(
    process.execPath,
    [path.join(repoRoot, 'packages/demo-services/src/start.mjs')],
    {
      env: {
        ...process.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: `${backendUrl}/api/ownership`,
        OWNERSHIP_OTLP_TOKEN: 'demo-otlp-ingest-token-change-me',
        DEMO_RATE: '10',
        DEMO_PAGE_VIEW_RATE: '5',
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  return async () => {
    if (demo.exitCode === null) {
      const exited = new Promise(resolve => demo.once('exit', resolve));
      demo.kill('SIGTERM');
      await exited;
    }
  };
}

/** A GET on the ownership API as the guest user; asserts a 200. */
export async function createApi() {
  const token = await guestToken();
  const get = async (route, plugin = 'ownership') => {
    const response = await fetch(`${backendUrl}/api/${plugin}${route}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(
      response.status,
      200,
      `GET ${route} answered ${response.status}`,
    );
    return response.json();
  };
  return { get, token };
}

/** Polls `read` every 2 s until `ok` holds; fails with the last answer after the timeout. */
export async function eventually(what, read, ok, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}; last answer: ${JSON.stringify(last)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}
