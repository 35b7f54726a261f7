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
  Link,
  LinkButton,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { AlertRoutingRecord } from '@service-ownership/plugin-ownership-common';
import { ChangeEvent, FormEvent, useState } from 'react';
import { Route, Routes, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { ownershipApiRef } from '../../api';
import {
  ALERT_ROUTING_PATH,
  alertLink,
  alertStateLabel,
  describeMethodAndConfidence,
  describeRoutedTo,
  describeSignal,
  dryRunPayload,
  dryRunWindow,
  formatAlertTime,
  toLocalInputValue,
} from '../../lib/alerts';
import { browserTimeZone } from '../../lib/onCall';
import { AlertDecision, AlertStatusChip } from '../AlertDecision';
import { AlertIntakeHelp } from '../AlertIntakeHelp';

const useStyles = makeStyles(
  theme => ({
    form: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'flex-start',
      gap: theme.spacing(2),
      margin: theme.spacing(2, 0, 1),
    },
    field: {
      minWidth: 200,
    },
    run: {
      marginTop: theme.spacing(1),
    },
    results: {
      display: 'grid',
      gap: theme.spacing(2),
      marginTop: theme.spacing(2),
    },
    table: {
      overflowX: 'auto',
    },
    mono: {
      fontFamily: 'monospace',
    },
    back: {
      marginBottom: theme.spacing(2),
    },
  }),
  { name: 'PluginOwnershipAlertRoutingPage' },
);

/** How many alerts the page lists. */
const RECENT_LIMIT = 50;

/** The traces a dry run walks: those of the alert's own lookback, or a past window (a replay). */
type WindowMode = 'recent' | 'custom';

/** An hour, the custom window offered first. */
const HOUR_MS = 60 * 60 * 1000;

function isNotFound(error: Error): boolean {
  return error instanceof ResponseError && error.statusCode === 404;
}

/** One routing decision, at `<mount path>/<alert id>`: the link of a notification or a PagerDuty event. */
function AlertDetails() {
  const { id = '' } = useParams();
  const classes = useStyles();
  const ownershipApi = useApi(ownershipApiRef);
  const { value, loading, error } = useAsync(
    () => ownershipApi.getAlert(id),
    [ownershipApi, id],
  );
  let content;
  if (loading) {
    content = <Progress />;
  } else if (error && isNotFound(error)) {
    content = (
      <EmptyState
        missing="data"
        title={`No alert with id '${id}'`}
        description="The link may be mistyped, or the alert was received by another Backstage installation. The alerts received here are listed on the alert routing page."
        action={
          <LinkButton
            to={ALERT_ROUTING_PATH}
            color="primary"
            variant="contained"
          >
            See the recent alerts
          </LinkButton>
        }
      />
    );
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = <AlertDecision record={value} />;
  }
  return (
    <>
      <Typography variant="body2" className={classes.back}>
        <Link to={ALERT_ROUTING_PATH}>All alerts and the dry run</Link>
      </Typography>
      {content}
    </>
  );
}

/**
 * Runs the routing on a plain alert (`{operation, service?, entity?}`) without storing, delivering or paging
 * anything, over the alert's lookback or a past window, and shows each decision.
 */
function DryRun() {
  const classes = useStyles();
  const ownershipApi = useApi(ownershipApiRef);
  const [operation, setOperation] = useState('');
  const [service, setService] = useState('');
  const [entityRef, setEntityRef] = useState('');
  const [windowMode, setWindowMode] = useState<WindowMode>('recent');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [operationError, setOperationError] = useState<string>();
  const [windowError, setWindowError] = useState<string>();
  const [run, runDryRun] = useAsyncFn(
    (payload: object, window?: { from: string; to: string }) =>
      ownershipApi.dryRunAlert(payload, window),
    [ownershipApi],
  );

  const onWindowModeChange = (event: ChangeEvent<{ value: unknown }>) => {
    const mode = event.target.value as WindowMode;
    setWindowMode(mode);
    setWindowError(undefined);
    if (mode === 'custom' && from === '' && to === '') {
      // Offer the last hour, the most common replay, to adjust rather than type from scratch.
      const now = new Date();
      setFrom(toLocalInputValue(new Date(now.getTime() - HOUR_MS)));
      setTo(toLocalInputValue(now));
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const payload = dryRunPayload({ operation, service, entityRef });
    const missingOperation = payload.operation === '';
    setOperationError(
      missingOperation
        ? 'The signal operation alerted on, e.g. place_order'
        : undefined,
    );
    let window: { from: string; to: string } | undefined;
    if (windowMode === 'custom') {
      const custom = dryRunWindow(from, to);
      if ('error' in custom) {
        setWindowError(custom.error);
        return;
      }
      window = custom.window;
    }
    setWindowError(undefined);
    if (missingOperation) {
      return;
    }
    runDryRun(payload, window);
  };

  let results;
  if (run.loading) {
    results = <Progress />;
  } else if (run.error) {
    results = <ResponseErrorPanel error={run.error} />;
  } else if (run.value) {
    const { wouldDeliver } = run.value;
    results = (
      <div className={classes.results}>
        {run.value.results.map(record => (
          <div key={record.id} data-testid="alert-dry-run-result">
            <AlertDecision
              record={record}
              wouldDeliver={wouldDeliver[record.id] ?? []}
            />
          </div>
        ))}
      </div>
    );
  }

  return (
    <>
      <InfoCard title="Dry run">
        <Typography variant="body2">
          Routes an alert on a signal operation as if it had arrived now: the
          same traces are walked and the same decision is made. Nothing is
          stored, delivered or paged.
        </Typography>
        <form
          className={classes.form}
          onSubmit={onSubmit}
          noValidate
          data-testid="alert-dry-run-form"
          aria-label="Dry run"
        >
          <TextField
            id="ownership-alert-dry-run-operation"
            className={classes.field}
            label="Operation"
            variant="outlined"
            size="small"
            required
            value={operation}
            onChange={event => setOperation(event.target.value)}
            error={operationError !== undefined}
            helperText={operationError ?? 'e.g. place_order'}
          />
          <TextField
            id="ownership-alert-dry-run-service"
            className={classes.field}
            label="Service"
            variant="outlined"
            size="small"
            value={service}
            onChange={event => setService(event.target.value)}
            helperText="Trace service, e.g. orders"
          />
          <TextField
            id="ownership-alert-dry-run-entity"
            className={classes.field}
            label="Entity ref"
            variant="outlined"
            size="small"
            value={entityRef}
            onChange={event => setEntityRef(event.target.value)}
            helperText="e.g. component:default/orders"
          />
          <TextField
            id="ownership-alert-dry-run-window"
            className={classes.field}
            select
            label="Traces"
            variant="outlined"
            size="small"
            value={windowMode}
            onChange={onWindowModeChange}
            SelectProps={{ native: true }}
          >
            <option value="recent">Recent (the alert's lookback)</option>
            <option value="custom">Custom</option>
          </TextField>
          {windowMode === 'custom' && (
            <>
              <TextField
                id="ownership-alert-dry-run-from"
                label="From"
                type="datetime-local"
                variant="outlined"
                size="small"
                value={from}
                onChange={event => setFrom(event.target.value)}
                InputLabelProps={{ shrink: true }}
                error={windowError !== undefined}
              />
              <TextField
                id="ownership-alert-dry-run-to"
                label="To"
                type="datetime-local"
                variant="outlined"
                size="small"
                value={to}
                onChange={event => setTo(event.target.value)}
                InputLabelProps={{ shrink: true }}
                error={windowError !== undefined}
                helperText={windowError ?? 'Your local time'}
              />
            </>
          )}
          <Button
            type="submit"
            variant="contained"
            color="primary"
            className={classes.run}
            disabled={run.loading}
          >
            Run
          </Button>
        </form>
      </InfoCard>
      {results}
    </>
  );
}

function AlertRow(props: { record: AlertRoutingRecord; timeZone: string }) {
  const { record, timeZone } = props;
  const classes = useStyles();
  const { decision } = record;
  const ownerRef = decision?.target?.ownerRef;
  return (
    <TableRow data-testid="alert-row">
      <TableCell>
        <time dateTime={record.receivedAt} title={record.receivedAt}>
          {formatAlertTime(record.receivedAt, timeZone)}
        </time>
      </TableCell>
      <TableCell>
        <Link to={alertLink(record.id)}>{record.name}</Link>
      </TableCell>
      <TableCell>
        <AlertStatusChip status={record.status} />
      </TableCell>
      <TableCell className={classes.mono}>
        {describeSignal(record) ?? '–'}
      </TableCell>
      <TableCell>
        {ownerRef ? (
          <EntityRefLink entityRef={ownerRef} defaultKind="group" />
        ) : (
          describeRoutedTo(record)
        )}
      </TableCell>
      <TableCell>
        {decision ? describeMethodAndConfidence(decision) : '–'}
      </TableCell>
      <TableCell>{alertStateLabel(record.state)}</TableCell>
    </TableRow>
  );
}

/** The latest alerts received, newest first, each linking to its decision. */
function RecentAlerts() {
  const classes = useStyles();
  const ownershipApi = useApi(ownershipApiRef);
  const { value, loading, error } = useAsync(
    () => ownershipApi.listAlerts({ limit: RECENT_LIMIT }),
    [ownershipApi],
  );
  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value && value.items.length === 0) {
    content = <AlertIntakeHelp title="No alert has been received yet." />;
  } else if (value) {
    const timeZone = browserTimeZone();
    content = (
      <div className={classes.table}>
        <Table size="small" aria-label="Recent alerts">
          <TableHead>
            <TableRow>
              <TableCell>Received</TableCell>
              <TableCell>Alert</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Signal</TableCell>
              <TableCell>Routed to</TableCell>
              <TableCell>Method / confidence</TableCell>
              <TableCell>State</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.items.map(record => (
              <AlertRow key={record.id} record={record} timeZone={timeZone} />
            ))}
          </TableBody>
        </Table>
      </div>
    );
  }
  return <InfoCard title="Recent alerts">{content}</InfoCard>;
}

function AlertRoutingOverview() {
  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <DryRun />
      </Grid>
      <Grid item>
        <RecentAlerts />
      </Grid>
    </Grid>
  );
}

/**
 * Props of {@link AlertRoutingPage}.
 *
 * @public
 */
export interface AlertRoutingPageProps {}

/**
 * The alert routing page, at `/service-ownership/alerts`: a dry run of the routing (who an alert would page,
 * and why, without paging anyone) and the recent alerts; at `<mount path>/<alert id>`, one routing
 * decision, where the backend's notifications and PagerDuty events link.
 *
 * @public
 */
export function AlertRoutingPage(_props: AlertRoutingPageProps) {
  return (
    <Page themeId="tool">
      <Header
        title="Alert routing"
        subtitle="Alerts go to the team owning the service where the failing traces fail"
      />
      <Content>
        <Routes>
          <Route path="/" element={<AlertRoutingOverview />} />
          <Route path=":id" element={<AlertDetails />} />
        </Routes>
      </Content>
    </Page>
  );
}
