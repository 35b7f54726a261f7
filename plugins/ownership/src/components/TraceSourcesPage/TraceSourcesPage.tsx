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
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import type {
  EmbeddedTraceStoreStatus,
  TraceSourceHealthJson,
} from '@service-ownership/plugin-ownership-common';
import { Fragment, ReactNode } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { ownershipApiRef } from '../../api';
import { formatCount, formatRelativeTime } from '../../lib/format';
import {
  describeSourceStatus,
  formatAbsoluteTime,
  formatPollDuration,
  formatPollWindow,
  formatSamplingRate,
  formatSeconds,
  isSourceUnhealthy,
  sourceStatusTone,
  TRACE_SOURCES_REFRESH_SECONDS,
} from '../../lib/sources';
import { ToneChip } from '../ToneChip';

const useStyles = makeStyles(
  theme => ({
    actions: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(2),
    },
    id: {
      fontFamily: 'monospace',
      fontWeight: theme.typography.fontWeightBold as number,
      wordBreak: 'break-all',
    },
    mono: {
      fontFamily: 'monospace',
    },
    caption: {
      display: 'block',
      color: theme.palette.text.secondary,
    },
    withError: {
      '& > td': {
        borderBottom: 'none',
      },
    },
    errorCell: {
      paddingTop: 0,
    },
    error: {
      fontFamily: 'monospace',
      fontSize: theme.typography.body2.fontSize,
      whiteSpace: 'pre-wrap',
      overflowWrap: 'anywhere',
      wordBreak: 'break-word',
      margin: theme.spacing(0.5, 0, 0),
      padding: theme.spacing(1, 1.5),
      borderLeft: `4px solid ${theme.palette.error.main}`,
      backgroundColor: theme.palette.background.default,
    },
    counters: {
      display: 'grid',
      gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
      gap: theme.spacing(2, 3),
      margin: 0,
    },
    group: {
      margin: 0,
    },
    groupTitle: {
      marginBottom: theme.spacing(0.5),
    },
    counter: {
      display: 'flex',
      justifyContent: 'space-between',
      gap: theme.spacing(2),
      '& dt': {
        color: theme.palette.text.secondary,
      },
      '& dd': {
        margin: 0,
        fontVariantNumeric: 'tabular-nums',
      },
    },
    hint: {
      marginTop: theme.spacing(2),
    },
  }),
  { name: 'PluginOwnershipTraceSourcesPage' },
);

const COLUMNS = [
  'Source',
  'Type',
  'Kind',
  'Status',
  'Last successful poll',
  'Lag',
  'Last poll',
  'Sampling',
  'Failures',
];

const README_SECTION = 'Reading from Jaeger, Zipkin, Tempo or Prometheus';

/** A time relative to `now` with the absolute time below it, or `fallback` when there is none. */
function TimeCell(props: { iso?: string; now: Date; fallback: string }) {
  const classes = useStyles();
  if (!props.iso) {
    return <>{props.fallback}</>;
  }
  return (
    <>
      <time dateTime={props.iso} title={props.iso}>
        {formatRelativeTime(props.iso, props.now) || props.iso}
      </time>
      <Typography variant="caption" className={classes.caption}>
        {formatAbsoluteTime(props.iso)}
      </Typography>
    </>
  );
}

function LastPollCell(props: { source: TraceSourceHealthJson }) {
  const classes = useStyles();
  const poll = props.source.lastPoll;
  if (!poll) {
    return <>–</>;
  }
  const counts = [
    `${formatCount(poll.spans)} spans`,
    `${formatCount(poll.traces)} traces`,
    `${formatCount(poll.edges)} edges`,
  ];
  if (poll.rows !== undefined) {
    counts.push(`${formatCount(poll.rows)} rows`);
  }
  return (
    <>
      <span data-testid="trace-source-poll-counts">{counts.join(' · ')}</span>
      <Typography variant="caption" className={classes.caption}>
        {formatPollWindow(poll.from, poll.to)}, read in{' '}
        {formatPollDuration(poll.durationMs)}
      </Typography>
    </>
  );
}

function SamplingCell(props: { source: TraceSourceHealthJson }) {
  const classes = useStyles();
  const poll = props.source.lastPoll;
  if (!poll) {
    return <>–</>;
  }
  const rate = formatSamplingRate(poll.samplingRate);
  if (!rate) {
    return <>all traces</>;
  }
  return (
    <>
      <span data-testid="trace-source-sampling">{rate}</span>
      <Typography variant="caption" className={classes.caption}>
        Counts are a {rate} sample of the matching traces
      </Typography>
    </>
  );
}

function SourceRows(props: { source: TraceSourceHealthJson; now: Date }) {
  const { source, now } = props;
  const classes = useStyles();
  const showError = isSourceUnhealthy(source) && Boolean(source.lastError);
  return (
    <>
      <TableRow
        data-testid="trace-source-row"
        data-source-id={source.id}
        className={showError ? classes.withError : undefined}
      >
        <TableCell>
          <span className={classes.id}>{source.id}</span>
        </TableCell>
        <TableCell>{source.type}</TableCell>
        <TableCell>{source.kind}</TableCell>
        <TableCell>
          <span
            data-testid="trace-source-status"
            data-source-id={source.id}
            data-state={source.status}
          >
            <ToneChip
              label={source.status}
              tone={sourceStatusTone(source.status)}
              title={describeSourceStatus(source)}
            />
          </span>
          <Typography variant="caption" className={classes.caption}>
            every {formatSeconds(source.pollIntervalSeconds)}
          </Typography>
        </TableCell>
        <TableCell data-testid="trace-source-last-success">
          <TimeCell iso={source.lastSuccessAt} now={now} fallback="never" />
        </TableCell>
        <TableCell data-testid="trace-source-lag">
          {source.lagSeconds === undefined
            ? '–'
            : formatSeconds(source.lagSeconds)}
        </TableCell>
        <TableCell>
          <LastPollCell source={source} />
        </TableCell>
        <TableCell>
          <SamplingCell source={source} />
        </TableCell>
        <TableCell data-testid="trace-source-failures" align="right">
          {formatCount(source.consecutiveFailures)}
        </TableCell>
      </TableRow>
      {showError && (
        <TableRow
          data-testid="trace-source-error-row"
          data-source-id={source.id}
        >
          <TableCell colSpan={COLUMNS.length} className={classes.errorCell}>
            <Typography variant="caption" className={classes.caption}>
              Last error
              {source.lastErrorAt
                ? ` ${formatRelativeTime(
                    source.lastErrorAt,
                    now,
                  )} (${formatAbsoluteTime(source.lastErrorAt)})`
                : ''}
              {source.status === 'failing'
                ? ' — the data read before is still served'
                : ''}
              :
            </Typography>
            <pre className={classes.error} data-testid="trace-source-error">
              {source.lastError}
            </pre>
          </TableCell>
        </TableRow>
      )}
    </>
  );
}

function SourcesCard(props: { sources: TraceSourceHealthJson[]; now: Date }) {
  const { sources, now } = props;
  if (sources.length === 0) {
    return (
      <InfoCard title="Upstream sources">
        <div data-testid="trace-sources-empty">
          <Typography variant="body1" paragraph>
            No upstream trace source is configured: only the embedded OTLP store
            is used. Dependencies, SLOs and traces come from the spans your
            services export to the backend's OTLP receiver (
            <code>/api/ownership/v1/traces</code>), so an empty widget means no
            spans of that service have arrived there.
          </Typography>
          <Typography variant="body2">
            To read from a trace store you already run, configure{' '}
            <code>ownership.traceSources</code>: see the README section “
            {README_SECTION}”.
          </Typography>
        </div>
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title={`Upstream sources (${sources.length})`}
      subheader="Trace stores and metrics sources the backend polls into the embedded store"
      noPadding
    >
      <Table size="small" aria-label="Upstream trace sources">
        <TableHead>
          <TableRow>
            {COLUMNS.map(column => (
              <TableCell
                key={column}
                align={column === 'Failures' ? 'right' : 'left'}
              >
                {column}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {sources.map(source => (
            <SourceRows key={source.id} source={source} now={now} />
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}

function CounterGroup(props: {
  title: string;
  counters: Array<[string, number, string?]>;
}) {
  const classes = useStyles();
  return (
    <div>
      <Typography variant="subtitle2" className={classes.groupTitle}>
        {props.title}
      </Typography>
      <dl className={classes.group}>
        {props.counters.map(([label, value, key]) => (
          <div
            key={label}
            className={classes.counter}
            data-testid="embedded-counter"
            data-counter={key}
          >
            <Typography component="dt" variant="body2">
              {label}
            </Typography>
            <Typography component="dd" variant="body2">
              {formatCount(value)}
            </Typography>
          </div>
        ))}
      </dl>
    </div>
  );
}

function EmbeddedStoreCard(props: { embedded: EmbeddedTraceStoreStatus }) {
  const { embedded } = props;
  const classes = useStyles();
  const { pairing, recentTraces } = embedded;
  return (
    <InfoCard
      title="Embedded store"
      subheader="The OTLP receiver and what the pollers feed it, counted since the backend started"
    >
      <div data-testid="embedded-store" className={classes.counters}>
        <CounterGroup
          title="Spans"
          counters={[
            ['Accepted', embedded.acceptedSpans, 'acceptedSpans'],
            ['Rejected (invalid)', embedded.rejectedSpans, 'rejectedSpans'],
          ]}
        />
        <CounterGroup
          title="Calls paired into edges"
          counters={[
            ['Client and server paired', pairing.paired, 'paired'],
            ['Database calls', pairing.database, 'database'],
            ['To or from virtual nodes', pairing.virtualNodes, 'virtualNodes'],
            ['Self-calls dropped', pairing.selfLoops, 'selfLoops'],
            ['Expired unpaired', pairing.expiredUnpaired, 'expiredUnpaired'],
            [
              'Expired early (capacity)',
              pairing.droppedForCapacity,
              'droppedForCapacity',
            ],
            ['Waiting for a partner', pairing.pending, 'pending'],
          ]}
        />
        <CounterGroup
          title="Recent traces (trace view)"
          counters={[
            ['Traces kept', recentTraces.tracesKept, 'tracesKept'],
            [
              'Traces dropped by sampling',
              recentTraces.tracesDropped,
              'tracesDropped',
            ],
            ['Traces settling', recentTraces.pendingTraces, 'pendingTraces'],
            ['Spans settling', recentTraces.pendingSpans, 'pendingSpans'],
          ]}
        />
      </div>
      {embedded.acceptedSpans === 0 && (
        <Typography variant="body2" className={classes.hint}>
          No span has been received since the backend started. Point your
          OpenTelemetry SDKs or Collector at the backend (
          <code>OTEL_EXPORTER_OTLP_ENDPOINT=&lt;backend&gt;/api/ownership</code>
          ) or configure an upstream source.
        </Typography>
      )}
    </InfoCard>
  );
}

function OnCallProvidersCard(props: { providers: Array<{ id: string }> }) {
  const classes = useStyles();
  return (
    <InfoCard title="On-call providers">
      <Typography variant="body2" data-testid="on-call-providers">
        {props.providers.length > 0 ? (
          <>
            {props.providers.map((provider, i) => (
              <Fragment key={provider.id}>
                {i > 0 && ', '}
                <span className={classes.mono}>{provider.id}</span>
              </Fragment>
            ))}
            , besides the schedules in the catalog.
          </>
        ) : (
          'Only the on-call schedules in the catalog.'
        )}
      </Typography>
    </InfoCard>
  );
}

/**
 * Props of {@link TraceSourcesPage}.
 *
 * @public
 */
export interface TraceSourcesPageProps {
  /** How often to read the sources again, in seconds (30 by default). */
  refreshIntervalSeconds?: number;
}

/**
 * The admin page of the trace sources, at `/service-ownership/sources`: the embedded store's intake counters
 * and every upstream source with its health (status, last successful poll, lag, what the last poll read and
 * at what sampling rate, the last error in full) — where to look when a widget is empty. It reads them again
 * every 30 seconds.
 *
 * @public
 */
export function TraceSourcesPage(props: TraceSourcesPageProps) {
  const ownershipApi = useApi(ownershipApiRef);
  const classes = useStyles();
  const refreshSeconds =
    props.refreshIntervalSeconds ?? TRACE_SOURCES_REFRESH_SECONDS;
  const { value, loading, error, retry } = useAsyncRetry(
    async () => ({
      status: await ownershipApi.getSources(),
      // Relative times ("3 minutes ago") are counted from when the response arrived.
      receivedAt: new Date(),
    }),
    [ownershipApi],
  );
  useInterval(retry, refreshSeconds > 0 ? refreshSeconds * 1000 : null);

  let content: ReactNode;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    content = <Progress />;
  } else {
    const { status, receivedAt } = value;
    content = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <SourcesCard sources={status.traceSources} now={receivedAt} />
        </Grid>
        <Grid item xs={12} lg={8}>
          <EmbeddedStoreCard embedded={status.embedded} />
        </Grid>
        <Grid item xs={12} lg={4}>
          <OnCallProvidersCard providers={status.onCallProviders} />
        </Grid>
      </Grid>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Trace sources"
        subtitle="Where dependency, SLO and trace data come from and whether it is arriving: look here to find out why a widget is empty"
      />
      <Content>
        <ContentHeader title="Sources and their health">
          <div className={classes.actions}>
            {value && (
              <Typography
                variant="body2"
                color="textSecondary"
                data-testid="trace-sources-updated"
              >
                Updated {value.receivedAt.toLocaleTimeString('en-GB')}
                {refreshSeconds > 0 &&
                  `, refreshed every ${formatSeconds(refreshSeconds)}`}
              </Typography>
            )}
            <Button
              variant="outlined"
              color="primary"
              startIcon={<RefreshIcon />}
              onClick={retry}
              disabled={loading}
            >
              Refresh
            </Button>
          </div>
        </ContentHeader>
        {content}
      </Content>
    </Page>
  );
}
