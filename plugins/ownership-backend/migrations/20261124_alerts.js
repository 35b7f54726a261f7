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
 * Alert routing: received alerts (a durable queue: rows wait as `pending` until routed), their decisions and
 * deliveries; and the signal columns of recent spans, so routing finds the recent failing traces of an
 * operation with one index range scan instead of reading every recent span.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ownership_recent_spans', table => {
    table.string('service', 255).nullable();
    table.string('operation', 255).nullable();
    table.boolean('error').nullable();
    table.index(
      ['service', 'operation', 'start_ms'],
      'ownership_recent_spans_signal_idx',
    );
  });

  await knex.schema.createTable('ownership_alerts', table => {
    table.comment(
      'Alerts received for routing by traces, with their decisions',
    );
    table.bigIncrements('id');
    table
      .string('dedup_hash', 64)
      .notNullable()
      .unique({ indexName: 'ownership_alerts_dedup_idx' })
      .comment('sha256 of group key, fingerprint, status and start');
    table
      .string('alert_key', 64)
      .notNullable()
      .comment(
        'sha256 of group key and fingerprint: the same alert firing, then resolved',
      );
    table.bigInteger('received_at').notNullable();
    table.string('state', 16).notNullable().comment('pending, routed, failed');
    table.integer('attempts').notNullable().defaultTo(0);
    table.bigInteger('claimed_until').nullable();
    table.text('alert').notNullable().comment('The alert as received, JSON');
    table
      .text('result')
      .nullable()
      .comment('Window, decision, on-call, deliveries, JSON');
    table.string('signal_entity', 255).nullable();
    table.string('target_entity', 255).nullable();
    table.string('target_group', 255).nullable();
    table.index(['state', 'id'], 'ownership_alerts_state_idx');
    table.index(['alert_key', 'id'], 'ownership_alerts_key_idx');
    table.index(['signal_entity', 'id'], 'ownership_alerts_signal_idx');
    table.index(['target_entity', 'id'], 'ownership_alerts_target_idx');
    table.index(['target_group', 'id'], 'ownership_alerts_group_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_alerts');
  await knex.schema.alterTable('ownership_recent_spans', table => {
    table.dropIndex(
      ['service', 'operation', 'start_ms'],
      'ownership_recent_spans_signal_idx',
    );
    table.dropColumn('service');
    table.dropColumn('operation');
    table.dropColumn('error');
  });
};
