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
 * Rollups of spans and edges per minute, hour and day, and a bounded store of recent traces.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_span_rollups', table => {
    table.comment(
      'Spans per (service, operation, kind) and time bucket: counts, a DDSketch of durations, exemplars',
    );
    table
      .string('level', 1)
      .notNullable()
      .comment('m = minute, h = hour, d = day');
    table
      .bigInteger('bucket_start')
      .notNullable()
      .comment('Bucket start, ms since the epoch (UTC)');
    table.string('service', 255).notNullable();
    table.string('operation', 255).notNullable();
    table.string('kind', 16).notNullable();
    table
      .string('writer', 36)
      .notNullable()
      .comment(
        'Backend instance that wrote the row: replicas never update the same row',
      );
    table.integer('count').notNullable();
    table.integer('error_count').notNullable();
    table
      .binary('sketch')
      .notNullable()
      .comment('DDSketch of durations, protobuf');
    table
      .text('exemplars')
      .notNullable()
      .comment('JSON array of exemplar traces');
    table.primary([
      'level',
      'service',
      'operation',
      'kind',
      'bucket_start',
      'writer',
    ]);
    table.index(
      ['level', 'bucket_start'],
      'ownership_span_rollups_level_start_idx',
    );
  });

  await knex.schema.createTable('ownership_edge_rollups', table => {
    table.comment(
      'Service-graph edges per (client, server, connection type) and time bucket',
    );
    table.string('level', 1).notNullable();
    table.bigInteger('bucket_start').notNullable();
    table.string('client', 255).notNullable();
    table.string('server', 255).notNullable();
    table.string('connection_type', 32).notNullable();
    table.string('writer', 36).notNullable();
    table.integer('count').notNullable();
    table.integer('error_count').notNullable();
    table.binary('sketch').notNullable();
    table.text('exemplars').notNullable();
    table.primary([
      'level',
      'client',
      'server',
      'connection_type',
      'bucket_start',
      'writer',
    ]);
    table.index(
      ['level', 'bucket_start'],
      'ownership_edge_rollups_level_start_idx',
    );
  });

  await knex.schema.createTable('ownership_recent_spans', table => {
    table.comment(
      'Spans of recent traces kept whole (all failing ones and a sample of the rest)',
    );
    table.bigIncrements('id');
    table.string('trace_id', 32).notNullable();
    table.string('span_id', 16).notNullable();
    table.bigInteger('start_ms').notNullable();
    table.text('span').notNullable().comment('The span, JSON');
    table.index(['trace_id'], 'ownership_recent_spans_trace_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_recent_spans');
  await knex.schema.dropTable('ownership_edge_rollups');
  await knex.schema.dropTable('ownership_span_rollups');
};
