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
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  EntityOnCall,
  ON_CALL_ANNOTATION,
  OnCallShiftJson,
} from '@service-ownership/plugin-ownership-common';
import { Fragment } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import {
  browserTimeZone,
  describeHandoff,
  describeHandoffLine,
  escalationRows,
  hasOnCallRoster,
  onCallProviderLabel,
  scheduleLinkTitle,
  shiftsAtLevel,
} from '../../lib/onCall';
import { AnnotationProblems } from '../AnnotationProblems';
import { OnCallEmptyState } from '../OnCallEmptyState';
import { OnCallPersonName } from '../OnCallPersonName';

/** The first responders: who is paged first is what the card is about. */
const FIRST_LEVEL = 1;

const useStyles = makeStyles(
  theme => ({
    problems: {
      marginBottom: theme.spacing(2),
    },
    section: {
      '& + &': {
        marginTop: theme.spacing(2),
      },
    },
    shift: {
      '& + &': {
        marginTop: theme.spacing(1),
      },
    },
    person: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    levels: {
      margin: 0,
      paddingLeft: 0,
      listStyle: 'none',
    },
  }),
  { name: 'PluginOwnershipEntityOnCallCard' },
);

/** Where the times of a roster are read from and shown in. */
interface Clock {
  now: Date;
  scheduleTimeZone?: string;
  viewerTimeZone: string;
}

/** One shift: who, how to reach them, and when they hand over (`until`) or take over (`from`). */
function ShiftView(props: {
  shift: OnCallShiftJson;
  side: 'until' | 'from';
  clock: Clock;
}) {
  const { shift, side, clock } = props;
  const classes = useStyles();
  const time = side === 'until' ? shift.end : shift.start;
  const handoff = describeHandoff(time, clock);
  const { email } = shift.person;
  return (
    <div className={classes.shift}>
      <Typography variant="h6" component="div" className={classes.person}>
        <OnCallPersonName person={shift.person} />
        {shift.override && (
          <Chip
            size="small"
            variant="outlined"
            label="override"
            title="An override replaces the rotation's member for this shift"
          />
        )}
      </Typography>
      {email && (
        <Typography variant="body2">
          {/* A plain link: Backstage's Link would open the mail client's link in a new window. */}
          <MuiLink href={`mailto:${email}`}>{email}</MuiLink>
        </Typography>
      )}
      {handoff && (
        <Typography variant="body2">
          <time dateTime={time}>{describeHandoffLine(handoff, side)}</time>
        </Typography>
      )}
      {handoff?.inScheduleZone && handoff.inViewerZone && (
        <Typography variant="body2" color="textSecondary">
          {handoff.inViewerZone}
        </Typography>
      )}
    </div>
  );
}

/** The first responders now (`now`) or after the handoff (`next`), with an empty line when there is none. */
function FirstLevelSection(props: {
  title: string;
  testId: string;
  shifts: OnCallShiftJson[];
  side: 'until' | 'from';
  nobody: string;
  clock: Clock;
}) {
  const { title, testId, shifts, side, nobody, clock } = props;
  const classes = useStyles();
  return (
    <section className={classes.section} data-testid={testId}>
      <Typography variant="overline" component="h3">
        {title}
      </Typography>
      {shifts.length === 0 ? (
        <Typography variant="body2">{nobody}</Typography>
      ) : (
        shifts.map(shift => (
          <ShiftView
            key={`${shift.person.userRef ?? shift.person.name}:${shift.start}`}
            shift={shift}
            side={side}
            clock={clock}
          />
        ))
      )}
    </section>
  );
}

/** The escalation levels in order, with how long each waits and who is on call at it now. */
function EscalationSection(props: { onCall: EntityOnCall }) {
  const classes = useStyles();
  const rows = escalationRows(props.onCall);
  if (rows.length === 0) {
    return null;
  }
  return (
    <section className={classes.section}>
      <Typography variant="overline" component="h3">
        Escalation
      </Typography>
      <ul className={classes.levels} aria-label="Escalation levels">
        {rows.map(row => (
          <li key={row.level}>
            <Typography variant="body2">
              <strong>Level {row.level}</strong> · {row.delay} ·{' '}
              {row.people.length === 0
                ? 'nobody'
                : row.people.map((person, index) => (
                    <Fragment key={person.userRef ?? person.name}>
                      {index > 0 && ', '}
                      <OnCallPersonName person={person} />
                    </Fragment>
                  ))}
            </Typography>
          </li>
        ))}
      </ul>
    </section>
  );
}

function OnCallView(props: { onCall: EntityOnCall; clock: Clock }) {
  const { onCall, clock } = props;
  const classes = useStyles();
  return (
    <>
      {onCall.problems.length > 0 && (
        <div className={classes.problems}>
          <AnnotationProblems
            problems={onCall.problems}
            annotation={ON_CALL_ANNOTATION}
            consequence="The parts of the schedule they concern are left out until they are fixed."
            listLabel="On-call annotation problems"
          />
        </div>
      )}
      {hasOnCallRoster(onCall) ? (
        <>
          <FirstLevelSection
            title="On call now"
            testId="on-call-now"
            shifts={shiftsAtLevel(onCall.current, FIRST_LEVEL)}
            side="until"
            nobody="Nobody is on call right now."
            clock={clock}
          />
          <FirstLevelSection
            title="Next"
            testId="on-call-next"
            shifts={shiftsAtLevel(onCall.next, FIRST_LEVEL)}
            side="from"
            nobody="No handoff is scheduled."
            clock={clock}
          />
          <EscalationSection onCall={onCall} />
        </>
      ) : (
        <OnCallEmptyState reason={onCall.reason} groupRef={onCall.groupRef} />
      )}
    </>
  );
}

/** `Schedule of team-checkout, from PagerDuty`: whose schedule answered, and which provider holds it. */
function OnCallSubheader(props: { onCall: EntityOnCall }) {
  const { groupRef, providerId } = props.onCall;
  if (!groupRef && !providerId) {
    return null;
  }
  return (
    <>
      Schedule
      {groupRef && (
        <>
          {' of '}
          <EntityRefLink entityRef={groupRef} defaultKind="group" />
        </>
      )}
      {providerId &&
        `${groupRef ? ',' : ''} ${onCallProviderLabel(providerId)}`}
    </>
  );
}

/**
 * Props of {@link EntityOnCallCard}.
 *
 * @public
 */
export interface EntityOnCallCardProps {}

/**
 * A card for the Overview of a component or group: who is on call now and until when (in the team's time
 * zone and the viewer's), who is next, and how alerts escalate, from the owner group's catalog rotation
 * or its PagerDuty or Opsgenie schedule; the problems of the schedule annotation; and how to define a
 * schedule when there is none.
 *
 * @public
 */
export function EntityOnCallCard(_props: EntityOnCallCardProps) {
  const { entity } = useEntity();
  const ownershipApi = useApi(ownershipApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    async () => ({
      onCall: await ownershipApi.getEntityOnCall(getCompoundEntityRef(entity)),
      // Relative times ("in 3 days") are counted from when the roster arrived.
      receivedAt: new Date(),
    }),
    // The ref, not the entity object: a refreshed entity must not refetch the same roster.
    [ownershipApi, entityRef],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = (
      <OnCallView
        onCall={value.onCall}
        clock={{
          now: value.receivedAt,
          scheduleTimeZone: value.onCall.timeZone,
          viewerTimeZone: browserTimeZone(),
        }}
      />
    );
  }
  const scheduleUrl = value?.onCall.scheduleUrl;
  return (
    <InfoCard
      title="On call"
      subheader={value && <OnCallSubheader onCall={value.onCall} />}
      deepLink={
        scheduleUrl
          ? {
              title: scheduleLinkTitle(value?.onCall.providerId),
              link: scheduleUrl,
            }
          : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
