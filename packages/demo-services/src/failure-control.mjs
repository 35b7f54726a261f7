// Runtime control of the failure injection: the routes GET, PUT and DELETE /demo/failures that every process
// applying a failure option serves (see FAILURE_CONTROL_PROCESSES), so that tests and people can raise the failure
// rates of a running demo (and put them back) without restarting it. A change is validated like the environment
// variables and applied in place to `config.failures`, which the handlers read per request. The routes are never
// traced (telemetry.mjs ignores FAILURE_CONTROL_PATH), so controlling the demo leaves no spans behind.
// failures.mjs sends a change to every process.
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import {
  effectiveFailures,
  FAILURE_CONTROL_PATH,
  FAILURE_OPTIONS,
  parseFailureOptions,
} from './config.mjs';
import { log } from './runtime.mjs';

/**
 * What the routes answer: the values in force, and the options behind them.
 * @typedef {object} FailureControlState
 * @property {string} process
 * @property {Partial<Record<import('./config.mjs').FailureOptionName, number>>} effective every rate (scaled by
 *   DEMO_FAILURE_SCALE and capped at 1) and timeout in force, by environment variable name
 * @property {import('./config.mjs').FailureOptions} configured the options as last set (rates unscaled)
 * @property {import('./config.mjs').FailureOptions} startup the options the process started with
 */

/**
 * The failure control routes of one process. They change `config.failures` in place (peers keep a reference to
 * it), so a change applies from the next request on.
 * @param {import('./config.mjs').ServiceName | import('./config.mjs').PeerName} name the process name
 * @param {import('./config.mjs').DemoConfig} config
 * @returns {import('./runtime.mjs').Route[]}
 */
export function failureControlRoutes(name, config) {
  let configured = { ...config.failureOptions };

  /** @returns {FailureControlState} */
  const state = () => {
    const effective = /** @type {FailureControlState['effective']} */ ({});
    for (const option of FAILURE_OPTIONS) {
      if (option.key) effective[option.name] = config.failures[option.key];
    }
    return {
      process: name,
      effective,
      configured: { ...configured },
      startup: { ...config.failureOptions },
    };
  };

  // Only the options this process applies are logged, so that a change prints one line where it takes effect.
  const applied = FAILURE_OPTIONS.filter(option =>
    option.appliedBy.includes(name),
  ).map(option => option.name);

  /**
   * Puts options in force and logs those of them that changed here.
   * @param {import('./config.mjs').FailureOptions} options
   * @param {string} what
   */
  const apply = (options, what) => {
    const changed = applied.filter(
      option => options[option] !== configured[option],
    );
    configured = options;
    Object.assign(config.failures, effectiveFailures(options));
    if (changed.length > 0) {
      log(
        name,
        `${what}: ${changed
          .map(option => `${option}=${options[option]}`)
          .join(' ')}`,
      );
    }
  };

  return [
    {
      method: 'GET',
      path: FAILURE_CONTROL_PATH,
      handler: () => ({ status: 200, body: state() }),
    },
    {
      method: 'PUT',
      path: FAILURE_CONTROL_PATH,
      handler: ({ body }) => {
        const { options, problems } = parseFailureOptions(body);
        if (problems.length > 0) {
          // Nothing is applied when any option is wrong.
          return { status: 400, body: { error: problems.join('; ') } };
        }
        apply({ ...configured, ...options }, 'failure options changed');
        return { status: 200, body: state() };
      },
    },
    {
      method: 'DELETE',
      path: FAILURE_CONTROL_PATH,
      handler: () => {
        apply({ ...config.failureOptions }, 'failure options reset');
        return { status: 200, body: state() };
      },
    },
  ];
}
