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
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo } from 'react';
import { Route, Routes, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef, OwnershipTrace } from '../../api';
import { formatCountOf, formatLatency } from '../../lib/format';
import { toWaterfall, WaterfallRow } from '../../lib/trace';

const useStyles = makeStyles(
  theme => ({
    traceId: {
      fontFamily: 'monospace',
      wordBreak: 'break-all',
    },
    facts: {
      display: 'grid',
      gridTemplateColumns: 'max-content 1fr',
      columnGap: theme.spacing(3),
      rowGap: theme.spacing(1),
      margin: theme.spacing(0, 0, 2),
    },
    term: {
      color: theme.palette.text.secondary,
    },
    detail: {
      margin: 0,
    },
    table: {
      overflowX: 'auto',
    },
    operation: {
      whiteSpace: 'nowrap',
    },
    timeline: {
      position: 'relative',
      minWidth: 240,
      height: 12,
      backgroundColor: theme.palette.action.hover,
      borderRadius: 2,
    },
    bar: {
      position: 'absolute',
      top: 0,
      bottom: 0,
      minWidth: 2,
      borderRadius: 2,
      backgroundColor: theme.palette.primary.main,
    },
    errorBar: {
      backgroundColor: theme.palette.error.main,
    },
    error: {
      color: theme.palette.error.main,
      fontWeight: theme.typography.fontWeightBold as number,
    },
  }),
  { name: 'PluginOwnershipTraceViewPage' },
);

function SpanStatus(props: { row: WaterfallRow }) {
  const { row } = props;
  const classes = useStyles();
  const http =
    row.httpStatusCode === undefined ? '' : ` (HTTP ${row.httpStatusCode})`;
  if (!row.error) {
    return <>OK{http}</>;
  }
  return (
    <span className={classes.error}>
      Error{http}
      {row.statusMessage ? `: ${row.statusMessage}` : ''}
    </span>
  );
}

function TraceWaterfall(props: { trace: OwnershipTrace }) {
  const { trace } = props;
  const classes = useStyles();
  const waterfall = useMemo(() => toWaterfall(trace.spans), [trace]);
  const { root } = waterfall;
  return (
    <InfoCard
      title={
        root ? `${root.serviceName}: ${root.name}` : `Trace ${trace.traceId}`
      }
    >
      <dl className={classes.facts}>
        <dt className={classes.term}>Trace id</dt>
        <dd className={`${classes.detail} ${classes.traceId}`}>
          {trace.traceId}
        </dd>
        <dt className={classes.term}>Duration</dt>
        <dd className={classes.detail}>{formatLatency(waterfall.totalMs)}</dd>
        <dt className={classes.term}>Spans</dt>
        <dd className={classes.detail}>
          {formatCountOf(waterfall.rows.length, 'span')} across{' '}
          {formatCountOf(waterfall.services.length, 'service')},{' '}
          {formatCountOf(waterfall.errorCount, 'error')}
        </dd>
      </dl>
      <div className={classes.table}>
        <Table size="small" aria-label="Spans of the trace">
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              <TableCell>Operation</TableCell>
              <TableCell>Timeline</TableCell>
              <TableCell align="right">Start</TableCell>
              <TableCell align="right">Duration</TableCell>
              <TableCell>Status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {waterfall.rows.map(row => (
              <TableRow key={row.spanId} data-testid="trace-span">
                <TableCell>{row.serviceName}</TableCell>
                <TableCell className={classes.operation}>
                  <span style={{ paddingLeft: row.depth * 16 }}>
                    {row.name}
                  </span>
                </TableCell>
                <TableCell>
                  <div className={classes.timeline}>
                    <div
                      className={`${classes.bar} ${
                        row.error ? classes.errorBar : ''
                      }`}
                      style={{
                        left: `${row.leftPercent}%`,
                        width: `${row.widthPercent}%`,
                      }}
                    />
                  </div>
                </TableCell>
                <TableCell align="right">
                  {row.offsetMs === 0
                    ? '0 ms'
                    : `+${formatLatency(row.offsetMs)}`}
                </TableCell>
                <TableCell align="right">
                  {formatLatency(row.durationMs)}
                </TableCell>
                <TableCell>
                  <SpanStatus row={row} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </InfoCard>
  );
}

function TraceDetails() {
  const { traceId = '' } = useParams();
  const ownershipApi = useApi(ownershipApiRef);
  const { value, loading, error } = useAsync(
    () => ownershipApi.getTrace(traceId),
    [ownershipApi, traceId],
  );
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return value ? <TraceWaterfall trace={value} /> : null;
}

/**
 * Props of {@link TraceViewPage}.
 *
 * @public
 */
export interface TraceViewPageProps {}

/**
 * The suite's own trace view, at `<mount path>/<trace id>`: a recent trace from the embedded trace store as
 * a waterfall of its spans. SLO exemplars open here when no external trace UI is configured.
 *
 * @public
 */
export function TraceViewPage(_props: TraceViewPageProps) {
  return (
    <Page themeId="tool">
      <Header
        title="Trace"
        subtitle="A recent request, span by span, from the Service Ownership trace store"
      />
      <Content>
        <Routes>
          <Route path=":traceId" element={<TraceDetails />} />
          <Route
            path="*"
            element={
              <EmptyState
                missing="info"
                title="No trace picked"
                description="Open a trace from an SLO chart's dots, or add its 32-character id to this page's address."
              />
            }
          />
        </Routes>
      </Content>
    </Page>
  );
}
