/*
 * Copyright 2026 The Service Ownership for Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

// @ts-check

/**
 * Upstream trace sources (Jaeger, Zipkin, Tempo, Prometheus): how far each has been polled, and the health
 * the sources page shows (last success, last error, what the last poll read).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_trace_sources', table => {
    table.comment(
      'Polling state and health of configured upstream trace sources',
    );
    table.string('id', 64).primary().comment('The configured source id');
    table.string('type', 32).notNullable();
    table
      .bigInteger('cursor_ms')
      .nullable()
      .comment('Polled up to here (exclusive), epoch ms');
    table.bigInteger('last_attempt_at').nullable();
    table.bigInteger('last_success_at').nullable();
    table.text('last_error').nullable();
    table.bigInteger('last_error_at').nullable();
    table.integer('consecutive_failures').notNullable().defaultTo(0);
    table
      .text('last_poll')
      .nullable()
      .comment(
        'JSON: what the last successful poll read (spans, traces, edges, sampling rate, window)',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_trace_sources');
};
