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
 * When each service-graph edge was first and last seen, per writing instance: the provenance of observed
 * dependencies (which outlives the minute rollups) and what relations age out by.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_observed_edges', table => {
    table.comment(
      'First and last time each edge was seen, and its calls since, per backend instance',
    );
    table.string('client', 255).notNullable();
    table.string('server', 255).notNullable();
    table.string('connection_type', 32).notNullable();
    table.string('writer', 36).notNullable();
    table
      .bigInteger('first_seen')
      .notNullable()
      .comment(
        'Start of the first minute the edge was seen in, ms since the epoch',
      );
    table
      .bigInteger('last_seen')
      .notNullable()
      .comment(
        'Start of the last minute the edge was seen in, ms since the epoch',
      );
    table.bigInteger('call_count').notNullable();
    table.primary(['client', 'server', 'connection_type', 'writer']);
    table.index(['last_seen'], 'ownership_observed_edges_last_seen_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_observed_edges');
};
