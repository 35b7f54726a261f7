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
 * Documentation health: reviews recorded in the portal ("Mark as reviewed", with what the docs described at
 * the time), and per-entity state: when the suite first saw the current version of the entity's ops-doc
 * items, the baseline taken when an annotation audit date was first seen, the last state the owners were
 * notified about, and snoozes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_docs_reviews', table => {
    table.comment(
      'Reviews of operational documentation recorded in the portal',
    );
    table.bigIncrements('id');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The reviewed entity, lower-case');
    table
      .bigInteger('reviewed_at')
      .notNullable()
      .comment('When the review was recorded, ms since the epoch');
    table
      .string('reviewed_by', 255)
      .notNullable()
      .comment('Who reviewed: a user entity ref');
    table.text('comment').nullable();
    table
      .text('snapshot')
      .notNullable()
      .comment('What the docs described at the review, JSON DocsSnapshot');
    table.index(
      ['entity_ref', 'reviewed_at'],
      'ownership_docs_reviews_entity_idx',
    );
  });

  await knex.schema.createTable('ownership_docs_state', table => {
    table.comment(
      'Per-entity documentation health state: change detection, audit baselines, notifications and snoozes',
    );
    table.string('entity_ref', 255).primary().comment('The entity, lower-case');
    table
      .string('docs_digest', 64)
      .nullable()
      .comment('Digest of the entity’s ops-doc items as last seen');
    table
      .bigInteger('docs_changed_at')
      .nullable()
      .comment(
        'When the current digest was first seen, ms since the epoch: the catalog last-modified fallback',
      );
    table
      .bigInteger('baseline_audit_at')
      .nullable()
      .comment(
        'The annotation audit date the baseline belongs to, ms since the epoch',
      );
    table
      .text('baseline')
      .nullable()
      .comment(
        'What the docs described when the audit date was first seen, JSON DocsSnapshot',
      );
    table
      .string('notified_state', 16)
      .nullable()
      .comment('The health state the owners were last notified about');
    table
      .bigInteger('notified_at')
      .nullable()
      .comment('When that state was recorded, ms since the epoch');
    table
      .bigInteger('snoozed_until')
      .nullable()
      .comment('Nudges are snoozed until then, ms since the epoch');
    table
      .string('snoozed_by', 255)
      .nullable()
      .comment('Who snoozed: a user entity ref');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_docs_state');
  await knex.schema.dropTable('ownership_docs_reviews');
};
