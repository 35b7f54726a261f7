// Starting, probing and stopping the example portal for the end-to-end tests.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
export const appUrl = process.env.E2E_APP_URL ?? 'http://localhost:3000';
export const backendUrl =
  process.env.E2E_BACKEND_URL ?? 'http://localhost:7007';

function portInUse(port) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(what, probe, { timeoutMs, portal }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (portal?.exitCode !== null && portal?.exitCode !== undefined) {
      throw new Error(
        `The portal exited (code ${portal.exitCode}) while waiting for ${what}`,
      );
    }
    try {
      if (await probe()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs / 1000}s waiting for ${what}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** A Backstage token of the demo's guest user, for calling the backend directly. */
export async function guestToken() {
  const response = await fetch(
    `${backendUrl}/api/auth/guest/refresh?env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  if (!response.ok) {
    throw new Error(`Guest sign-in failed: HTTP ${response.status}`);
  }
  return (await response.json()).backstageIdentity.token;
}

/**
 * Starts `yarn start` (app dev server and backend) in its own process group and waits until the app is
 * served, the ownership backend is healthy and the catalog has ingested the example entities.
 */
export async function startPortal({ log, args = [] }) {
  for (const port of [3000, 7007]) {
    if (await portInUse(port)) {
      throw new Error(
        `Port ${port} is already in use; stop the running portal (or whatever holds it) before the end-to-end tests`,
      );
    }
  }
  const portal = spawn('yarn', ['start', ...args], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BROWSER: 'none', FORCE_COLOR: '0' },
  });
  portal.stdout.pipe(log);
  portal.stderr.pipe(log);
  // Stops the whole process group (yarn, backstage-cli, the backend and the app dev server): SIGTERM,
  // then SIGKILL for whatever is still alive after 10 seconds.
  const groupAlive = () => {
    try {
      process.kill(-portal.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async () => {
    if (!groupAlive()) return;
    process.kill(-portal.pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (groupAlive() && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    if (groupAlive()) {
      process.kill(-portal.pid, 'SIGKILL');
      while (groupAlive()) {
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    }
  };
  try {
    const timeoutMs = 240_000;
    await waitFor(
      'the ownership backend',
      async () => (await fetch(`${backendUrl}/api/ownership/health`)).ok,
      { timeoutMs, portal },
    );
    await waitFor('the app', async () => (await fetch(appUrl)).ok, {
      timeoutMs,
      portal,
    });
    const token = await guestToken();
    await waitFor(
      'the catalog to ingest the example entities',
      async () => {
        const response = await fetch(
          `${backendUrl}/api/catalog/entities/by-name/component/default/shipping`,
          { headers: { Authorization: `Bearer ${token}` } },
        );
        if (!response.ok) return false;
        const entity = await response.json();
        return (entity.status?.items ?? []).length > 0;
      },
      { timeoutMs, portal },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}
