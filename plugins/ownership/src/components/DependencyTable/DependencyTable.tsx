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
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  DependencyGraphEdge,
  DependencyGraphNode,
} from '@service-ownership/plugin-ownership-common';
import { useMemo } from 'react';
import {
  CallEnd,
  DependencyTableRow,
  toDependencyTableRows,
} from '../../lib/dependencyTable';
import { HIGH_ERROR_RATE } from '../../lib/format';
import { TrendSparkline } from '../TrendSparkline';

const useStyles = makeStyles(
  theme => ({
    traceId: {
      fontFamily: 'monospace',
    },
    highErrorRate: {
      color: theme.palette.error.main,
      fontWeight: theme.typography.fontWeightBold as number,
    },
    empty: {
      padding: theme.spacing(2),
    },
  }),
  { name: 'PluginOwnershipDependencyTable' },
);

function CallEndCell(props: { end: CallEnd }) {
  const { end } = props;
  return end.entityRef ? (
    <EntityRefLink entityRef={end.entityRef}>{end.name}</EntityRefLink>
  ) : (
    <>{end.name}</>
  );
}

/** Sorts rows without a value (no latency, never seen) after all others, whichever the direction. */
function byOptionalNumber(
  key: 'p50Ms' | 'p99Ms' | 'firstSeenMs' | 'lastSeenMs',
) {
  return (a: DependencyTableRow, b: DependencyTableRow) =>
    (a[key] ?? Number.NEGATIVE_INFINITY) - (b[key] ?? Number.NEGATIVE_INFINITY);
}

/** Above this many calls the table pages. */
const PAGE_SIZE = 20;

/**
 * Props of {@link DependencyTable}.
 */
export interface DependencyTableProps {
  nodes: DependencyGraphNode[];
  edges: DependencyGraphEdge[];
  /** The time relative times are shown from. */
  now: Date;
}

/**
 * Every observed call, sortable: caller, callee, how it travels, rate, error rate, latency, when it was
 * first and last seen, a sample trace and its traffic over the window.
 */
export function DependencyTable(props: DependencyTableProps) {
  const { nodes, edges, now } = props;
  const classes = useStyles();
  const rows = useMemo(
    () => toDependencyTableRows(nodes, edges, now),
    [nodes, edges, now],
  );
  const columns = useMemo<TableColumn<DependencyTableRow>[]>(
    () => [
      {
        title: 'Caller',
        field: 'callerName',
        highlight: true,
        render: row => <CallEndCell end={row.caller} />,
      },
      {
        title: 'Callee',
        field: 'calleeName',
        highlight: true,
        render: row => <CallEndCell end={row.callee} />,
      },
      { title: 'Type', field: 'type' },
      {
        title: 'Rate',
        field: 'ratePerSecond',
        type: 'numeric',
        render: row => row.rate,
      },
      {
        title: 'Error rate',
        field: 'errorRate',
        type: 'numeric',
        render: row => (
          <span
            className={
              row.errorRate >= HIGH_ERROR_RATE
                ? classes.highErrorRate
                : undefined
            }
          >
            {row.errorRateLabel}
          </span>
        ),
      },
      {
        title: 'p50',
        field: 'p50Ms',
        type: 'numeric',
        customSort: byOptionalNumber('p50Ms'),
        render: row => row.p50,
      },
      {
        title: 'p99',
        field: 'p99Ms',
        type: 'numeric',
        customSort: byOptionalNumber('p99Ms'),
        render: row => row.p99,
      },
      {
        title: 'First seen',
        field: 'firstSeenMs',
        customSort: byOptionalNumber('firstSeenMs'),
        render: row => row.firstSeen,
      },
      {
        title: 'Last seen',
        field: 'lastSeenMs',
        customSort: byOptionalNumber('lastSeenMs'),
        render: row => row.lastSeen,
      },
      {
        title: 'Sample trace',
        field: 'sampleTraceId',
        sorting: false,
        render: row =>
          row.sampleTraceId ? (
            <span className={classes.traceId} title={row.sampleTraceId}>
              {row.shortTraceId}
            </span>
          ) : (
            ''
          ),
      },
      {
        title: 'Trend',
        field: 'trend',
        sorting: false,
        render: row => <TrendSparkline values={row.trend} />,
      },
    ],
    [classes],
  );
  return (
    <Table<DependencyTableRow>
      title={`Calls (${rows.length})`}
      options={{
        paging: rows.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        padding: 'dense',
        search: true,
      }}
      columns={columns}
      data={rows}
      emptyContent={
        <Typography variant="body2" className={classes.empty}>
          No calls in this window.
        </Typography>
      }
    />
  );
}
