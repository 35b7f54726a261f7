// Changes the failure rates of a running demo, without restarting it: sends the change to the failure control
// routes (`/demo/failures`, see failure-control.mjs) of every process that applies a failure option, on the ports
// derived from DEMO_SERVICES_PORT_BASE, and prints the values in force per process. Exits 1 when a process did not
// answer (or refused the change), naming it; 2 on a usage error.
//
// Usage: node packages/demo-services/src/failures.mjs NAME=VALUE…   e.g. DEMO_PSP_TIMEOUT_RATE=0.8 DEMO_DB_HANG_RATE=0.5
//        node packages/demo-services/src/failures.mjs --reset       back to the values the demo started with
//        node packages/demo-services/src/failures.mjs [--show]      print the values in force
//
// As a module, setDemoFailures / resetDemoFailures / showDemoFailures do the same for tests.
//
// Copyright 2026 The Service Ownership for Backstage Authors. SPDX-License-Identifier: Apache-2.0
import { fileURLToPath } from 'node:url';
import {
  effectiveFailures,
  FAILURE_CONTROL_PATH,
  FAILURE_CONTROL_PROCESSES,
  FAILURE_OPTIONS,
  loadConfig,
  parseFailureOptions,
} from './config.mjs';

/** How long a process may take to answer. */
const TIMEOUT_MS = 3000;

/**
 * The answer of one process.
 * @typedef {object} FailureControlAnswer
 * @property {string} process
 * @property {string} url the control route that was called
 * @property {import('./failure-control.mjs').FailureControlState} [state] the values in force, when it answered 200
 * @property {string} [error] why not: no answer (connection refused, timeout) or the error it answered
 */

/**
 * Sends one request to the failure control route of every process (in parallel) and collects the answers; never
 * rejects.
 * @param {'GET' | 'PUT' | 'DELETE'} method
 * @param {Record<string, unknown> | undefined} body
 * @param {NodeJS.ProcessEnv} env where DEMO_SERVICES_PORT_BASE is read
 * @returns {Promise<FailureControlAnswer[]>}
 */
async function controlFailures(method, body, env) {
  const config = loadConfig(env);
  return Promise.all(
    FAILURE_CONTROL_PROCESSES.map(async name => {
      const url = `${config.urls[name]}${FAILURE_CONTROL_PATH}`;
      try {
        const response = await fetch(url, {
          method,
          headers:
            body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        const text = await response.text();
        /** @type {any} */
        let answer;
        try {
          answer = JSON.parse(text);
        } catch {
          answer = undefined;
        }
        if (response.status !== 200 || !answer?.effective) {
          return {
            process: name,
            url,
            error: `answered ${response.status}: ${answer?.error ?? text}`,
          };
        }
        return { process: name, url, state: answer };
      } catch (error) {
        const err = /** @type {Error & { cause?: any }} */ (error);
        const reason =
          err.name === 'TimeoutError'
            ? `no answer within ${TIMEOUT_MS} ms`
            : `no answer (${
                err.cause?.code ?? err.cause?.message ?? err.message
              })`;
        return { process: name, url, error: reason };
      }
    }),
  );
}

/**
 * Throws when some process did not answer as expected, naming each.
 * @param {FailureControlAnswer[]} answers
 * @returns {FailureControlAnswer[]}
 */
function expectAll(answers) {
  const failed = answers.filter(answer => answer.error !== undefined);
  if (failed.length > 0) {
    throw new Error(
      `demo failure control: ${failed
        .map(answer => `${answer.process} (${answer.url}) ${answer.error}`)
        .join('; ')}`,
    );
  }
  return answers;
}

/**
 * Changes failure options in every process of a running demo, e.g.
 * `await setDemoFailures({ DEMO_PSP_TIMEOUT_RATE: 0.8 }, { DEMO_SERVICES_PORT_BASE: '7301' })`. Options are
 * validated like the environment variables before anything is sent; options not given keep their current values.
 * Rejects, naming the processes, when one did not answer or refused the change (others may have applied it).
 * @param {Partial<Record<import('./config.mjs').FailureOptionName, number | string>>} options by environment
 *   variable name; DEMO_FAILURE_SCALE multiplies the rates, as at startup
 * @param {NodeJS.ProcessEnv} [env] where DEMO_SERVICES_PORT_BASE is read (default: process.env)
 * @returns {Promise<FailureControlAnswer[]>} one answer per process, with the values now in force
 */
export async function setDemoFailures(options, env = process.env) {
  const { problems } = parseFailureOptions(options);
  if (problems.length > 0) {
    throw new Error(`demo failure control: ${problems.join('; ')}`);
  }
  return expectAll(
    await controlFailures(
      'PUT',
      /** @type {Record<string, unknown>} */ (options),
      env,
    ),
  );
}

/**
 * Puts every process of a running demo back to the failure options it started with.
 * @param {NodeJS.ProcessEnv} [env] where DEMO_SERVICES_PORT_BASE is read (default: process.env)
 * @returns {Promise<FailureControlAnswer[]>}
 */
export async function resetDemoFailures(env = process.env) {
  return expectAll(await controlFailures('DELETE', undefined, env));
}

/**
 * Reads the failure options in force in every process of a running demo.
 * @param {NodeJS.ProcessEnv} [env] where DEMO_SERVICES_PORT_BASE is read (default: process.env)
 * @returns {Promise<FailureControlAnswer[]>}
 */
export async function showDemoFailures(env = process.env) {
  return expectAll(await controlFailures('GET', undefined, env));
}

// ---------------------------------------------------------------------------------------------------------------
// Command line

const USAGE = `Usage: node packages/demo-services/src/failures.mjs NAME=VALUE…   change failure options of the running demo
       node packages/demo-services/src/failures.mjs --reset       back to the values it started with
       node packages/demo-services/src/failures.mjs [--show]      print the values in force

Options (the environment variables of the same name; the demo's ports follow DEMO_SERVICES_PORT_BASE):
  ${FAILURE_OPTIONS.map(option => option.name).join('\n  ')}
DEMO_FAILURE_SCALE multiplies every rate (capped at 1), as at startup.`;

/**
 * Prints one line per process: the options it applies, as in force (with the startup value when it differs).
 * @param {FailureControlAnswer[]} answers
 */
function printAnswers(answers) {
  for (const answer of answers) {
    const label = `  ${answer.process.padEnd(16)} ${answer.url.replace(
      FAILURE_CONTROL_PATH,
      '',
    )}  `;
    if (!answer.state) {
      console.log(`${label}${answer.error}`);
      continue;
    }
    const { effective, configured, startup } = answer.state;
    const startupEffective = effectiveFailures(startup);
    const values = FAILURE_OPTIONS.filter(option =>
      option.appliedBy.includes(/** @type {any} */ (answer.process)),
    ).map(option => {
      const value = option.key
        ? effective[option.name]
        : configured[option.name];
      const initial = option.key
        ? startupEffective[option.key]
        : startup[option.name];
      return `${option.name}=${value}${
        value === initial ? '' : ` (was ${initial})`
      }`;
    });
    console.log(`${label}${values.join(' ')}`);
  }
}

/**
 * Runs the command line.
 * @param {string[]} args
 * @returns {Promise<number>} the exit code
 */
async function main(args) {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const flags = args.filter(arg => arg.startsWith('--'));
  const assignments = args.filter(arg => !arg.startsWith('--'));
  const unknownFlags = flags.filter(
    flag => flag !== '--reset' && flag !== '--show',
  );
  if (
    unknownFlags.length > 0 ||
    flags.length > 1 ||
    (flags.length > 0 && assignments.length > 0)
  ) {
    console.error(
      `failures: ${
        unknownFlags.length > 0
          ? `unknown flag ${unknownFlags.join(', ')}`
          : 'give either NAME=VALUE pairs, --reset or --show'
      }\n\n${USAGE}`,
    );
    return 2;
  }
  /** @type {Record<string, string>} */
  const options = {};
  for (const assignment of assignments) {
    const [name, ...rest] = assignment.split('=');
    if (rest.length === 0) {
      console.error(`failures: expected NAME=VALUE, got "${assignment}"`);
      return 2;
    }
    options[name.trim()] = rest.join('=');
  }
  const { problems } = parseFailureOptions(options);
  if (assignments.length > 0 && problems.length > 0) {
    console.error(`failures: ${problems.join('\nfailures: ')}`);
    return 2;
  }
  /** @type {'GET' | 'PUT' | 'DELETE'} */
  let method = 'GET';
  let action = 'in force';
  if (assignments.length > 0) {
    method = 'PUT';
    action = 'after the change';
  } else if (flags[0] === '--reset') {
    method = 'DELETE';
    action = 'after the reset';
  }
  let answers;
  try {
    answers = await controlFailures(
      method,
      method === 'PUT' ? options : undefined,
      process.env,
    );
  } catch (error) {
    // A malformed DEMO_SERVICES_PORT_BASE (or other DEMO_* variable) in the environment.
    console.error(`failures: ${/** @type {Error} */ (error).message}`);
    return 2;
  }
  console.log(`demo failure options ${action}:`);
  printAnswers(answers);
  const failed = answers.filter(answer => answer.error !== undefined);
  if (failed.length > 0) {
    console.error(
      `failures: ${
        failed.length
      } process(es) did not answer or refused: ${failed
        .map(answer => answer.process)
        .join(', ')}`,
    );
    return 1;
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
