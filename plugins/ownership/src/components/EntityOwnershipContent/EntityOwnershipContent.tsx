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
import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  MissingAnnotationEmptyState,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  isOwnershipAvailable,
  OwnershipAnnotationState,
  OwnershipSummary,
  OWNERSHIP_ANNOTATIONS,
  RelatedEntitySummary,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';

const useStyles = makeStyles(
  theme => ({
    facts: {
      display: 'grid',
      gridTemplateColumns: 'max-content 1fr',
      columnGap: theme.spacing(3),
      rowGap: theme.spacing(1.5),
      margin: 0,
      alignItems: 'baseline',
    },
    term: {
      color: theme.palette.text.secondary,
      fontWeight: theme.typography.fontWeightMedium as number,
    },
    detail: { margin: 0 },
    chip: { marginRight: theme.spacing(0.5), marginBottom: theme.spacing(0.5) },
    code: {
      fontFamily: 'monospace',
      wordBreak: 'break-all',
    },
    problem: { marginBottom: theme.spacing(2) },
  }),
  { name: 'PluginOwnershipEntityOwnershipContent' },
);

/**
 * Props of {@link EntityOwnershipContent}.
 *
 * @public
 */
export interface EntityOwnershipContentProps {}

/**
 * The Ownership tab: the entity's ownership summary, as computed by the backend.
 *
 * @public
 */
export function EntityOwnershipContent(_props: EntityOwnershipContentProps) {
  const { entity } = useEntity();
  const ownershipApi = useApi(ownershipApiRef);
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const listsRelated = kind === 'group' || kind === 'user' || kind === 'system';
  const hasAnnotations = isOwnershipAvailable(entity);
  const needsSummary = hasAnnotations || listsRelated;

  const { value, loading, error } = useAsync(
    async () =>
      needsSummary
        ? ownershipApi.getEntitySummary(getCompoundEntityRef(entity))
        : undefined,
    [ownershipApi, entity, needsSummary],
  );

  if (!needsSummary) {
    return (
      <MissingAnnotationEmptyState annotation={[...OWNERSHIP_ANNOTATIONS]} />
    );
  }
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value) {
    return null;
  }
  const relatedWithAnnotations =
    value.related?.entities.some(e => e.hasOwnershipAnnotations) ?? false;
  if (!hasAnnotations && !relatedWithAnnotations) {
    return (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <MissingAnnotationEmptyState
            annotation={[...OWNERSHIP_ANNOTATIONS]}
          />
        </Grid>
        {value.related && (
          <Grid item xs={12}>
            <RelatedEntitiesTable related={value.related} />
          </Grid>
        )}
      </Grid>
    );
  }
  return <OwnershipSummaryView summary={value} />;
}

function OwnershipSummaryView(props: { summary: OwnershipSummary }) {
  const { summary } = props;
  const classes = useStyles();
  return (
    <Grid container spacing={3} alignItems="stretch">
      {summary.problems.length > 0 && (
        <Grid item xs={12}>
          {summary.problems.map(problem => (
            <div
              key={`${problem.path}:${problem.message}`}
              className={classes.problem}
            >
              <WarningPanel
                defaultExpanded
                severity={problem.severity}
                title={`Malformed annotation ${problem.annotation}`}
              >
                <div>
                  <Typography variant="body2" className={classes.code}>
                    {problem.path}
                  </Typography>
                  <Typography variant="body2">{problem.message}</Typography>
                </div>
              </WarningPanel>
            </div>
          ))}
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <SummaryCard summary={summary} />
      </Grid>
      <Grid item xs={12} md={6}>
        <AnnotationsTable annotations={summary.annotations} />
      </Grid>
      {summary.related && (
        <Grid item xs={12}>
          <RelatedEntitiesTable related={summary.related} />
        </Grid>
      )}
    </Grid>
  );
}

function SummaryCard(props: { summary: OwnershipSummary }) {
  const { summary } = props;
  const classes = useStyles();
  const { values } = summary;
  const lastAudited = values.lastAudited
    ? DateTime.fromISO(values.lastAudited)
    : undefined;
  return (
    <InfoCard title="Ownership">
      <dl className={classes.facts}>
        <dt className={classes.term}>Owner</dt>
        <dd className={classes.detail}>
          {summary.ownerRef ? (
            <EntityRefLink entityRef={summary.ownerRef} />
          ) : (
            <StatusWarning>No owner set (spec.owner)</StatusWarning>
          )}
        </dd>
        <dt className={classes.term}>Trace services</dt>
        <dd className={classes.detail}>
          {values.serviceNames.length === 0 && (
            <Typography variant="body2" color="textSecondary">
              None
            </Typography>
          )}
          {values.serviceNames.map(service => (
            <Chip
              key={`${service.namespace ?? ''}/${service.name}`}
              className={classes.chip}
              size="small"
              label={
                service.namespace
                  ? `${service.namespace}/${service.name}`
                  : service.name
              }
            />
          ))}
          {values.serviceNamesSource === 'default' && (
            <Typography variant="caption" color="textSecondary" component="p">
              Defaults to the entity name
            </Typography>
          )}
        </dd>
        <dt className={classes.term}>Signal operations</dt>
        <dd className={classes.detail}>
          {values.signalOperations.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              None
            </Typography>
          ) : (
            values.signalOperations.map(operation => (
              <Chip
                key={operation}
                className={classes.chip}
                size="small"
                variant="outlined"
                label={operation}
              />
            ))
          )}
        </dd>
        <dt className={classes.term}>Last audited</dt>
        <dd className={classes.detail}>
          {lastAudited ? (
            <Typography variant="body2">
              {lastAudited.toISODate()} ({lastAudited.toRelative()})
            </Typography>
          ) : (
            <Typography variant="body2" color="textSecondary">
              Not recorded
            </Typography>
          )}
        </dd>
        <dt className={classes.term}>Audit interval</dt>
        <dd className={classes.detail}>
          <Typography variant="body2">
            {values.auditIntervalDays
              ? `Every ${values.auditIntervalDays} days`
              : 'Organisation default'}
          </Typography>
        </dd>
      </dl>
    </InfoCard>
  );
}

function AnnotationStatus(props: {
  status: OwnershipAnnotationState['status'];
}) {
  switch (props.status) {
    case 'valid':
      return <StatusOK>Valid</StatusOK>;
    case 'invalid':
      return <StatusError>Invalid</StatusError>;
    default:
      return <StatusPending>Not set</StatusPending>;
  }
}

function AnnotationsTable(props: { annotations: OwnershipAnnotationState[] }) {
  const classes = useStyles();
  const columns: TableColumn<OwnershipAnnotationState>[] = [
    {
      title: 'Annotation',
      field: 'annotation',
      render: row => <span className={classes.code}>{row.annotation}</span>,
    },
    {
      title: 'Value',
      field: 'value',
      render: row => <span className={classes.code}>{row.value ?? ''}</span>,
    },
    {
      title: 'Status',
      field: 'status',
      render: row => <AnnotationStatus status={row.status} />,
    },
  ];
  return (
    <Table<OwnershipAnnotationState>
      title="Annotations"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={props.annotations}
    />
  );
}

function RelatedStatus(props: { row: RelatedEntitySummary }) {
  const { row } = props;
  if (row.errorCount > 0) {
    return (
      <StatusError>
        {row.errorCount} malformed annotation{row.errorCount === 1 ? '' : 's'}
      </StatusError>
    );
  }
  if (row.warningCount > 0) {
    return (
      <StatusWarning>
        {row.warningCount} warning{row.warningCount === 1 ? '' : 's'}
      </StatusWarning>
    );
  }
  if (!row.hasOwnershipAnnotations) {
    return <StatusPending>No annotations</StatusPending>;
  }
  return <StatusOK>Valid</StatusOK>;
}

function RelatedEntitiesTable(props: {
  related: NonNullable<OwnershipSummary['related']>;
}) {
  const { related } = props;
  const title =
    related.relation === 'ownerOf'
      ? `Owned entities (${related.total})`
      : `Parts of this system (${related.total})`;
  const columns: TableColumn<RelatedEntitySummary>[] = [
    {
      title: 'Entity',
      field: 'entityRef',
      render: row => <EntityRefLink entityRef={row.entityRef} />,
    },
    { title: 'Kind', field: 'kind' },
    ...(related.relation === 'hasPart'
      ? [
          {
            title: 'Owner',
            field: 'ownerRef',
            render: (row: RelatedEntitySummary) =>
              row.ownerRef ? <EntityRefLink entityRef={row.ownerRef} /> : '',
          },
        ]
      : []),
    {
      title: 'Ownership annotations',
      field: 'errorCount',
      render: row => <RelatedStatus row={row} />,
    },
  ];
  return (
    <Table<RelatedEntitySummary>
      title={title}
      subtitle={
        related.total > related.entities.length
          ? `Showing the first ${related.entities.length} by name`
          : undefined
      }
      options={{
        paging: related.entities.length > 20,
        pageSize: 20,
        padding: 'dense',
      }}
      columns={columns}
      data={related.entities}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          {related.relation === 'ownerOf'
            ? 'This entity owns nothing in the catalog yet.'
            : 'This system has no components or resources yet.'}
        </Typography>
      }
    />
  );
}
