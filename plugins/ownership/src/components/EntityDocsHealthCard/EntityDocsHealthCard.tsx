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
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import GetAppIcon from '@material-ui/icons/GetApp';
import RadioButtonUncheckedIcon from '@material-ui/icons/RadioButtonUnchecked';
import {
  DocFieldStatus,
  describeDocsChange,
  EntityDocsHealth,
  OwnershipProblem,
} from '@service-ownership/plugin-ownership-common';
import { useMemo, useState } from 'react';
import { ownershipApiRef, OwnershipDocExportFormat } from '../../api';
import { useEntityDocsHealth } from '../../hooks/useEntityDocsHealth';
import {
  actionErrorMessage,
  describeDue,
  describeLastModified,
  describeLastReviewed,
  describeReviewInterval,
  describeSnooze,
  isSnoozed,
  opsDocFileName,
} from '../../lib/docs';
import { saveTextFile } from '../../lib/download';
import { AnnotationProblems } from '../AnnotationProblems';
import { DocsHealthChip } from '../DocsHealthChip';
import {
  DocsActionDone,
  DocsActionError,
  DocsReviewButton,
  reviewRefusal,
} from '../DocsReviewButton';

/** The snoozes offered, in days. */
const SNOOZE_DAYS = [7, 30];

const EXPORT_FORMATS: Array<{
  format: OwnershipDocExportFormat;
  label: string;
  type: string;
}> = [
  { format: 'json', label: 'JSON', type: 'application/json' },
  { format: 'yaml', label: 'YAML', type: 'text/yaml' },
];

const useStyles = makeStyles(
  theme => ({
    section: {
      marginTop: theme.spacing(2),
    },
    heading: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    list: {
      margin: 0,
      paddingLeft: theme.spacing(2.5),
    },
    facts: {
      display: 'grid',
      gridTemplateColumns: 'max-content 1fr',
      columnGap: theme.spacing(2),
      rowGap: theme.spacing(0.5),
      margin: 0,
      '& dd': {
        margin: 0,
      },
    },
    checklist: {
      margin: 0,
      padding: 0,
      listStyle: 'none',
    },
    field: {
      display: 'flex',
      alignItems: 'flex-start',
      gap: theme.spacing(1),
      padding: theme.spacing(0.5, 0),
    },
    present: {
      color: theme.palette.success.main,
    },
    missingRequired: {
      color: theme.palette.error.main,
    },
    missingOptional: {
      color: theme.palette.text.disabled,
    },
    fieldText: {
      wordBreak: 'break-word',
    },
    actions: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    comment: {
      minWidth: 260,
    },
  }),
  { name: 'PluginOwnershipEntityDocsHealthCard' },
);

/** The problems of the annotations the docs health is read from, one warning per annotation. */
function ProblemsSection(props: { problems: OwnershipProblem[] }) {
  const classes = useStyles();
  const byAnnotation = new Map<string, OwnershipProblem[]>();
  for (const problem of props.problems) {
    byAnnotation.set(problem.annotation, [
      ...(byAnnotation.get(problem.annotation) ?? []),
      problem,
    ]);
  }
  return (
    <>
      {[...byAnnotation].map(([annotation, problems]) => (
        <div key={annotation} className={classes.section}>
          <AnnotationProblems
            problems={problems}
            annotation={annotation}
            consequence="The documentation health is read without the values they concern until they are fixed."
            listLabel={`${annotation} annotation problems`}
          />
        </div>
      ))}
    </>
  );
}

/** Last reviewed, last modified, interval and due date. */
function DatesSection(props: { health: EntityDocsHealth; now: Date }) {
  const { health, now } = props;
  const classes = useStyles();
  const modified = health.lastModified;
  return (
    <dl className={`${classes.section} ${classes.facts}`}>
      <Typography variant="body2" component="dt" color="textSecondary">
        Last reviewed
      </Typography>
      <Typography
        variant="body2"
        component="dd"
        data-testid="docs-last-reviewed"
      >
        {describeLastReviewed(health.lastAudited, now)}
        {health.lastAudited?.comment && ` — “${health.lastAudited.comment}”`}
      </Typography>
      <Typography variant="body2" component="dt" color="textSecondary">
        Last modified
      </Typography>
      <Typography
        variant="body2"
        component="dd"
        data-testid="docs-last-modified"
      >
        {describeLastModified(modified, now)}
        {modified?.url && (
          <>
            {' '}
            (<Link to={modified.url}>source</Link>)
          </>
        )}
      </Typography>
      <Typography variant="body2" component="dt" color="textSecondary">
        Review interval
      </Typography>
      <Typography variant="body2" component="dd" data-testid="docs-interval">
        {describeReviewInterval(health)}
      </Typography>
      <Typography variant="body2" component="dt" color="textSecondary">
        Next review due
      </Typography>
      <Typography variant="body2" component="dd" data-testid="docs-due">
        {describeDue(health)}
      </Typography>
    </dl>
  );
}

/** Why the docs need attention, most important first. */
function ReasonsSection(props: { reasons: string[] }) {
  const classes = useStyles();
  if (props.reasons.length === 0) {
    return null;
  }
  return (
    <section className={classes.section}>
      <Typography variant="overline" component="h3">
        Why the docs need attention
      </Typography>
      <ul className={classes.list} aria-label="Why the docs need attention">
        {props.reasons.map(reason => (
          <li key={reason}>
            <Typography variant="body2">{reason}</Typography>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What the docs describe that changed since the last review. */
function ChangesSection(props: { health: EntityDocsHealth }) {
  const { health } = props;
  const classes = useStyles();
  // Changes are counted from a review: without one there is nothing to compare with.
  if (!health.lastAudited && health.changes.length === 0) {
    return null;
  }
  return (
    <section className={classes.section}>
      <Typography variant="overline" component="h3">
        What changed since the last review
      </Typography>
      {health.changes.length === 0 ? (
        <Typography variant="body2" data-testid="docs-no-changes">
          Nothing the docs describe changed since the last review.
        </Typography>
      ) : (
        <ul
          className={classes.list}
          aria-label="What changed since the last review"
        >
          {health.changes.map(change => {
            const text = describeDocsChange(change);
            return (
              <li key={text} data-testid="docs-change">
                <Typography variant="body2">{text}</Typography>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** One item of the ops-doc template: whether it is there, what was found, or how to add it. */
function FieldRow(props: { field: DocFieldStatus }) {
  const { field } = props;
  const classes = useStyles();
  let icon;
  if (field.present) {
    icon = (
      <CheckCircleIcon
        fontSize="small"
        className={classes.present}
        titleAccess="present"
      />
    );
  } else if (field.required) {
    icon = (
      <ErrorIcon
        fontSize="small"
        className={classes.missingRequired}
        titleAccess="missing"
      />
    );
  } else {
    icon = (
      <RadioButtonUncheckedIcon
        fontSize="small"
        className={classes.missingOptional}
        titleAccess="missing"
      />
    );
  }
  return (
    <li
      className={classes.field}
      data-testid="docs-field"
      data-field={field.id}
      data-present={String(field.present)}
      data-required={String(field.required)}
    >
      {icon}
      <div className={classes.fieldText}>
        <Typography variant="body2">
          <strong>{field.label}</strong>
          {field.required ? ' (required)' : ' (optional)'}
          {field.present && field.detail && `: ${field.detail}`}
        </Typography>
        {!field.present && field.detail && (
          <Typography variant="body2" color="error">
            {field.detail}
          </Typography>
        )}
        {!field.present && field.hint && (
          <Typography variant="caption" color="textSecondary">
            To add it, {field.hint}.
          </Typography>
        )}
      </div>
    </li>
  );
}

/** The ops-doc template as the entity has it. */
function ChecklistSection(props: { fields: DocFieldStatus[] }) {
  const classes = useStyles();
  if (props.fields.length === 0) {
    return null;
  }
  return (
    <section className={classes.section}>
      <Typography variant="overline" component="h3">
        Ops-doc checklist
      </Typography>
      <ul className={classes.checklist} aria-label="Ops-doc checklist">
        {props.fields.map(field => (
          <FieldRow key={field.id} field={field} />
        ))}
      </ul>
    </section>
  );
}

/** "Mark as reviewed", the snooze of nudges, and what they answered. */
function ActionsSection(props: {
  health: EntityDocsHealth;
  entityRef: CompoundEntityRef;
  now: Date;
  onUpdate(health: EntityDocsHealth): void;
}) {
  const { health, entityRef, now, onUpdate } = props;
  const classes = useStyles();
  const ownershipApi = useApi(ownershipApiRef);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  // Snoozing is the owning group's call too: the backend refuses both to anybody else.
  const refusal = reviewRefusal(health);
  const snoozed = isSnoozed(health, now);

  const run = async (
    action: () => Promise<EntityDocsHealth>,
    confirmation: (updated: EntityDocsHealth) => string,
  ) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const updated = await action();
      onUpdate(updated);
      setDone(confirmation(updated));
      return true;
    } catch (e) {
      setError(actionErrorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const review = async () => {
    const trimmed = comment.trim();
    const ok = await run(
      () =>
        ownershipApi.markDocsReviewed(
          entityRef,
          trimmed ? { comment: trimmed } : {},
        ),
      () => 'Marked as reviewed.',
    );
    if (ok) {
      setComment('');
    }
  };

  const snooze = (days: number) =>
    run(
      () => ownershipApi.snoozeDocsNudges(entityRef, { days }),
      updated =>
        days === 0 ? 'Nudges unsnoozed.' : `${describeSnooze(updated)}.`,
    );

  return (
    <section className={classes.section} aria-label="Review">
      {snoozed && (
        <Typography variant="body2" paragraph data-testid="docs-snoozed">
          {describeSnooze(health)}.
        </Typography>
      )}
      <div className={classes.actions}>
        {!refusal && (
          <TextField
            id={`docs-review-comment-${stringifyEntityRef(entityRef).replace(
              /[^a-zA-Z0-9-]/g,
              '-',
            )}`}
            className={classes.comment}
            label="Review comment (optional)"
            size="small"
            variant="outlined"
            value={comment}
            disabled={busy}
            onChange={event => setComment(event.target.value)}
          />
        )}
        <DocsReviewButton health={health} busy={busy} onClick={review} />
        {snoozed ? (
          <Button
            variant="outlined"
            size="small"
            disabled={busy || refusal !== undefined}
            onClick={() => snooze(0)}
          >
            Unsnooze
          </Button>
        ) : (
          SNOOZE_DAYS.map(days => (
            <Button
              key={days}
              variant="outlined"
              size="small"
              disabled={busy || refusal !== undefined}
              onClick={() => snooze(days)}
            >
              Snooze nudges {days} days
            </Button>
          ))
        )}
        {done && <DocsActionDone message={done} />}
      </div>
      {refusal && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="docs-review-refused"
        >
          {refusal}
        </Typography>
      )}
      {error && (
        <div className={classes.section}>
          <DocsActionError message={error} />
        </div>
      )}
    </section>
  );
}

/** Downloads of the entity's machine-readable ops doc. */
function ExportSection(props: { entityRef: CompoundEntityRef }) {
  const { entityRef } = props;
  const classes = useStyles();
  const ownershipApi = useApi(ownershipApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const download = async (format: (typeof EXPORT_FORMATS)[number]) => {
    setBusy(true);
    setError(undefined);
    try {
      const text = await ownershipApi.getOpsDocExport(entityRef, format.format);
      saveTextFile(
        text,
        opsDocFileName(entityRef.name, format.format),
        format.type,
      );
    } catch (e) {
      setError(actionErrorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={classes.section}>
      <Typography variant="overline" component="h3">
        Ops doc export
      </Typography>
      <div className={classes.actions}>
        {EXPORT_FORMATS.map(format => (
          <Button
            key={format.format}
            variant="outlined"
            color="primary"
            size="small"
            startIcon={<GetAppIcon />}
            disabled={busy}
            onClick={() => download(format)}
          >
            Download ops doc ({format.label})
          </Button>
        ))}
      </div>
      {error && (
        <div className={classes.section}>
          <DocsActionError message={error} />
        </div>
      )}
    </section>
  );
}

function DocsHealthView(props: {
  health: EntityDocsHealth;
  entityRef: CompoundEntityRef;
  now: Date;
  onUpdate(health: EntityDocsHealth): void;
}) {
  const { health, entityRef, now, onUpdate } = props;
  const classes = useStyles();
  return (
    <>
      <div className={classes.heading}>
        <DocsHealthChip health={health} />
      </div>
      <ProblemsSection problems={health.problems} />
      <ReasonsSection reasons={health.reasons} />
      <DatesSection health={health} now={now} />
      <ChangesSection health={health} />
      <ChecklistSection fields={health.fields} />
      <ActionsSection
        health={health}
        entityRef={entityRef}
        now={now}
        onUpdate={onUpdate}
      />
      <ExportSection entityRef={entityRef} />
    </>
  );
}

/**
 * Props of {@link EntityDocsHealthCard}.
 *
 * @public
 */
export interface EntityDocsHealthCardProps {}

/**
 * A card for the Overview of a component, resource, API or system, "Documentation health": the health badge
 * and why, when the docs were last reviewed and modified, the review interval and due date, what changed
 * since the last review, the ops-doc checklist with how to add what is missing, "Mark as reviewed" (for
 * members of the owning group), a snooze of the nudges, and the ops doc as JSON or YAML.
 *
 * @public
 */
export function EntityDocsHealthCard(_props: EntityDocsHealthCardProps) {
  const { entity } = useEntity();
  const ref = stringifyEntityRef(entity);
  // The ref, not the entity object: a refreshed entity must not refetch the same health.
  const entityRef = useMemo(() => parseEntityRef(ref), [ref]);
  const { value, loading, error, update } = useEntityDocsHealth(ref);

  let content;
  if (value) {
    content = (
      <DocsHealthView
        health={value.health}
        entityRef={entityRef}
        now={value.receivedAt}
        onUpdate={update}
      />
    );
  } else if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  }
  return (
    <InfoCard
      title="Documentation health"
      subheader="Whether the ops doc is complete, reviewed in time, and still describes the entity"
    >
      {content}
    </InfoCard>
  );
}
