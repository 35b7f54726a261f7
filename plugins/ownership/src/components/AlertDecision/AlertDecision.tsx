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
import { InfoCard, Link, WarningPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  AlertChannel,
  AlertOnCallJson,
  AlertRoutingRecord,
  candidateWhere,
  RoutingDecision,
} from '@service-ownership/plugin-ownership-common';
import { ReactNode } from 'react';
import {
  channelLabel,
  describeChannels,
  describeStepStatus,
  formatAlertTime,
  formatShare,
  isSameCandidate,
  stepMarker,
} from '../../lib/alerts';
import {
  formatCount,
  formatCountOf,
  formatLatency,
  shortTraceId,
} from '../../lib/format';
import { browserTimeZone } from '../../lib/onCall';
import { traceLink } from '../../lib/slo';
import { OnCallPersonName } from '../OnCallPersonName';
import {
  AlertStatusChip,
  ConfidenceChip,
  DeliveryStatusChip,
  MethodChip,
} from './AlertChips';

const useStyles = makeStyles(
  theme => ({
    subheader: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    section: {
      '& + &': {
        marginTop: theme.spacing(3),
      },
    },
    routedTo: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    reason: {
      marginTop: theme.spacing(1),
    },
    facts: {
      display: 'grid',
      gridTemplateColumns: 'max-content 1fr',
      columnGap: theme.spacing(3),
      rowGap: theme.spacing(0.5),
      margin: theme.spacing(1, 0, 0),
    },
    term: {
      color: theme.palette.text.secondary,
    },
    detail: {
      margin: 0,
    },
    path: {
      listStyle: 'none',
      margin: theme.spacing(1, 0),
      padding: 0,
    },
    step: {
      position: 'relative',
      padding: theme.spacing(1, 1.5),
      borderLeft: `3px solid ${theme.palette.divider}`,
      '& + &': {
        marginTop: theme.spacing(0.5),
      },
    },
    culprit: {
      borderLeftColor: theme.palette.error.main,
      backgroundColor: theme.palette.action.hover,
    },
    stepTitle: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    mono: {
      fontFamily: 'monospace',
    },
    failed: {
      color: theme.palette.error.main,
      fontWeight: theme.typography.fontWeightBold as number,
    },
    table: {
      overflowX: 'auto',
    },
    people: {
      margin: theme.spacing(1, 0, 0),
      paddingLeft: 0,
      listStyle: 'none',
    },
  }),
  { name: 'PluginOwnershipAlertDecision' },
);

/** A time in the viewer's zone, with the instant itself on hover. */
function Time(props: { iso: string; timeZone: string }) {
  const { iso, timeZone } = props;
  return (
    <time dateTime={iso} title={iso}>
      {formatAlertTime(iso, timeZone)}
    </time>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <section className={classes.section}>
      <Typography variant="overline" component="h3">
        {props.title}
      </Typography>
      {props.children}
    </section>
  );
}

/** Who is paged, through which entity, how the decision was reached, and why. */
function RoutedTo(props: { decision: RoutingDecision }) {
  const { decision } = props;
  const classes = useStyles();
  const { target } = decision;
  return (
    <Section title="Routed to">
      <Typography variant="h6" component="div" className={classes.routedTo}>
        <span data-testid="alert-routed-to">
          {target?.ownerRef ? (
            <EntityRefLink entityRef={target.ownerRef} defaultKind="group" />
          ) : (
            'nobody'
          )}
        </span>
        {target && (
          <Typography
            variant="body1"
            component="span"
            data-testid="alert-target"
          >
            {target.ownerRef ? 'owner of ' : 'no owner for '}
            <EntityRefLink entityRef={target.entityRef} />
          </Typography>
        )}
        <MethodChip method={decision.method} />
        <ConfidenceChip decision={decision} />
      </Typography>
      <Typography
        variant="body1"
        className={classes.reason}
        data-testid="alert-reason"
      >
        {decision.reason}
      </Typography>
    </Section>
  );
}

/** The signal, the window walked and what was found in it. */
function Facts(props: { record: AlertRoutingRecord; timeZone: string }) {
  const { record, timeZone } = props;
  const classes = useStyles();
  const { decision } = record;
  return (
    <dl className={classes.facts}>
      {decision && (
        <>
          <dt className={classes.term}>Signal</dt>
          <dd className={classes.detail}>
            <span className={classes.mono}>
              {decision.signal.service} {decision.signal.operation}
            </span>
            {decision.signal.entityRef && (
              <>
                {' of '}
                <EntityRefLink entityRef={decision.signal.entityRef} />
              </>
            )}
          </dd>
        </>
      )}
      <dt className={classes.term}>Summary</dt>
      <dd className={classes.detail}>{record.summary}</dd>
      {record.startsAt && (
        <>
          <dt className={classes.term}>Started</dt>
          <dd className={classes.detail}>
            <Time iso={record.startsAt} timeZone={timeZone} />
          </dd>
        </>
      )}
      {record.window && (
        <>
          <dt className={classes.term}>Traces from</dt>
          <dd className={classes.detail}>
            <Time iso={record.window.from} timeZone={timeZone} /> to{' '}
            <Time iso={record.window.to} timeZone={timeZone} />
          </dd>
        </>
      )}
      {decision && (
        <>
          <dt className={classes.term}>Traces</dt>
          <dd className={classes.detail}>
            {formatCountOf(decision.tracesExamined, 'trace')} examined,{' '}
            {formatCount(decision.failingTraces)} failing
          </dd>
        </>
      )}
    </dl>
  );
}

/** The walked path of the example trace, from the signal span to the culprit, and a link to the trace. */
function WalkedPath(props: { decision: RoutingDecision }) {
  const { decision } = props;
  const classes = useStyles();
  const example = decision.examplePath;
  if (!example || example.steps.length === 0) {
    return null;
  }
  const { steps } = example;
  const link = traceLink(example.traceId);
  // The example trace ends at the top candidate: its peer, if any, is where the last span's call went.
  const peer = (decision.culprit ?? decision.candidates[0])?.peer;
  return (
    <Section title="Walked path">
      <Typography variant="body2" color="textSecondary">
        The newest failing trace ending there, followed from the signal span
        down the failing calls.
      </Typography>
      <ol className={classes.path} aria-label="Walked path">
        {steps.map((step, index) => {
          const marker = stepMarker(steps, index, example.reason);
          const isCulprit = index === steps.length - 1;
          return (
            <li
              key={step.spanId}
              data-testid="alert-path-step"
              data-culprit={isCulprit ? 'true' : undefined}
              className={`${classes.step} ${isCulprit ? classes.culprit : ''}`}
            >
              <Typography
                variant="body1"
                component="div"
                className={classes.stepTitle}
              >
                <strong>{step.service}</strong>
                <span>{step.operation}</span>
                {isCulprit && (
                  <Chip size="small" color="secondary" label="culprit" />
                )}
              </Typography>
              <Typography variant="body2" component="div">
                <span className={classes.mono} title="Span id">
                  {step.spanId}
                </span>
                {' · '}
                <span className={marker === 'ok' ? undefined : classes.failed}>
                  {describeStepStatus(step, marker)}
                </span>
                {' · '}
                {formatLatency(step.durationMs)}
              </Typography>
            </li>
          );
        })}
      </ol>
      {peer && (
        <Typography variant="body2" paragraph>
          The last span called <span className={classes.mono}>{peer}</span>,
          which sends no spans of its own: that peer is where the traces fail.
        </Typography>
      )}
      <Typography variant="body2">
        <Link to={link.href}>
          Open the example trace{' '}
          <span className={classes.mono}>{shortTraceId(example.traceId)}</span>
        </Link>
      </Typography>
    </Section>
  );
}

/** Where the failing traces end, grouped by who would be paged, most traces first. */
function Candidates(props: { decision: RoutingDecision }) {
  const { decision } = props;
  const classes = useStyles();
  if (decision.candidates.length === 0) {
    return null;
  }
  return (
    <Section title="Where the failing traces end">
      <div className={classes.table}>
        <Table size="small" aria-label="Candidates">
          <TableHead>
            <TableRow>
              <TableCell>Where</TableCell>
              <TableCell>Entity</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell align="right">Failing traces</TableCell>
              <TableCell align="right">Share</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {decision.candidates.map(candidate => {
              const paged =
                decision.method === 'traces' &&
                isSameCandidate(candidate, decision.culprit);
              return (
                <TableRow
                  key={`${candidateWhere(candidate)}|${candidate.entityRef}`}
                  data-testid="alert-candidate"
                  selected={paged}
                >
                  <TableCell>
                    <span className={classes.mono}>
                      {candidateWhere(candidate)}
                    </span>
                    {paged && (
                      <>
                        {' '}
                        <Chip size="small" color="secondary" label="paged" />
                      </>
                    )}
                  </TableCell>
                  <TableCell>
                    {candidate.entityRef ? (
                      <EntityRefLink entityRef={candidate.entityRef} />
                    ) : (
                      'not in the catalog'
                    )}
                  </TableCell>
                  <TableCell>
                    {candidate.ownerRef ? (
                      <EntityRefLink
                        entityRef={candidate.ownerRef}
                        defaultKind="group"
                      />
                    ) : (
                      'no owner'
                    )}
                  </TableCell>
                  <TableCell align="right">
                    {formatCount(candidate.count)}
                  </TableCell>
                  <TableCell align="right">
                    {formatShare(candidate.share)}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
    </Section>
  );
}

/** Who was on call in the paged group when the alert was routed. */
function OnCall(props: { onCall: AlertOnCallJson; timeZone: string }) {
  const { onCall, timeZone } = props;
  const classes = useStyles();
  return (
    <Section title="On call">
      <Typography variant="body2">
        For <EntityRefLink entityRef={onCall.groupRef} defaultKind="group" />
        {onCall.people.length === 0 &&
          `: ${onCall.reason ?? 'nobody is on call'}`}
      </Typography>
      {onCall.people.length > 0 && (
        <ul className={classes.people} aria-label="On call">
          {onCall.people.map(person => (
            <li key={`${person.level}:${person.userRef ?? person.name}`}>
              <Typography variant="body2">
                <OnCallPersonName
                  person={{
                    name: person.name,
                    ...(person.userRef ? { userRef: person.userRef } : {}),
                  }}
                />
                {` · level ${person.level}`}
                {person.until && (
                  <>
                    {' · until '}
                    <Time iso={person.until} timeZone={timeZone} />
                  </>
                )}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** What each channel did with the alert; for a dry run, the channels that would have been used. */
function Deliveries(props: {
  record: AlertRoutingRecord;
  wouldDeliver?: AlertChannel[];
  timeZone: string;
}) {
  const { record, wouldDeliver, timeZone } = props;
  const classes = useStyles();
  if (wouldDeliver) {
    return (
      <Section title="Delivery">
        <Typography variant="body2" data-testid="alert-would-deliver">
          Would deliver to: {describeChannels(wouldDeliver)}. Nothing was sent:
          this is a dry run.
        </Typography>
      </Section>
    );
  }
  if (record.deliveries.length === 0) {
    let nothing = 'Nothing was delivered.';
    if (record.state === 'pending') {
      nothing = 'Not delivered yet: the alert is waiting to be routed.';
    } else if (record.state === 'failed') {
      nothing = 'Nothing was delivered: the alert could not be routed.';
    }
    return (
      <Section title="Deliveries">
        <Typography variant="body2">{nothing}</Typography>
      </Section>
    );
  }
  return (
    <Section title="Deliveries">
      <div className={classes.table}>
        <Table size="small" aria-label="Deliveries">
          <TableHead>
            <TableRow>
              <TableCell>Channel</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Detail</TableCell>
              <TableCell>At</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {record.deliveries.map(delivery => (
              <TableRow
                key={`${delivery.channel}:${delivery.at}`}
                data-testid="alert-delivery"
              >
                <TableCell>{channelLabel(delivery.channel)}</TableCell>
                <TableCell>
                  <DeliveryStatusChip status={delivery.status} />
                </TableCell>
                <TableCell>{delivery.detail}</TableCell>
                <TableCell>
                  <Time iso={delivery.at} timeZone={timeZone} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </Section>
  );
}

/**
 * Props of {@link AlertDecision}.
 */
export interface AlertDecisionProps {
  record: AlertRoutingRecord;
  /** For a dry run: the channels that would deliver the alert. Nothing was sent, and the view says so. */
  wouldDeliver?: AlertChannel[];
}

/**
 * One routing decision: the alert, who it was routed to and why, the walked path of an example trace to the
 * culprit, where all failing traces ended, who was on call, and what each delivery channel did; for an
 * alert that could not be routed, why.
 */
export function AlertDecision(props: AlertDecisionProps) {
  const { record, wouldDeliver } = props;
  const classes = useStyles();
  const timeZone = browserTimeZone();
  const { decision } = record;
  return (
    <div data-testid="alert-decision">
      <InfoCard
        title={record.name}
        subheader={
          <span className={classes.subheader}>
            <AlertStatusChip status={record.status} />
            <span>
              received <Time iso={record.receivedAt} timeZone={timeZone} />
            </span>
          </span>
        }
      >
        {record.state === 'failed' && (
          <WarningPanel
            severity="error"
            title="This alert could not be routed"
            message={record.error ?? 'The backend gave no reason.'}
            defaultExpanded
          />
        )}
        {record.state === 'pending' && (
          <Typography variant="body1" paragraph>
            Waiting to be routed: the backend walks the traces in the
            background. Reload in a moment.
          </Typography>
        )}
        {decision && <RoutedTo decision={decision} />}
        <Section title="Alert">
          <Facts record={record} timeZone={timeZone} />
        </Section>
        {decision && <WalkedPath decision={decision} />}
        {decision && <Candidates decision={decision} />}
        {record.onCall && <OnCall onCall={record.onCall} timeZone={timeZone} />}
        <Deliveries
          record={record}
          wouldDeliver={wouldDeliver}
          timeZone={timeZone}
        />
      </InfoCard>
    </div>
  );
}
