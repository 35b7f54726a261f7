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
 * Reads of one series over a window (an SLO evaluation, a chart) filter on service and operation and read a
 * few bucket ranges per level. The (level, bucket_start) index scans every series' rows in those ranges; this
 * one goes straight to the series' rows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ownership_span_rollups', table => {
    table.index(
      ['service', 'operation', 'level', 'bucket_start'],
      'ownership_span_rollups_series_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ownership_span_rollups', table => {
    table.dropIndex(
      ['service', 'operation', 'level', 'bucket_start'],
      'ownership_span_rollups_series_idx',
    );
  });
};
