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
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  MyOnCall,
  MyOnCallShift,
  MyOnCallTeam,
  ON_CALL_ANNOTATION,
  OnCallPersonJson,
  OnCallShiftJson,
} from '@service-ownership/plugin-ownership-common';
import { Fragment } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import {
  browserTimeZone,
  describeHandoff,
  describeHandoffLine,
  describeMyShift,
  formatOwnedEntityCount,
  shiftsAtLevel,
  windowDays,
} from '../../lib/onCall';
import { OnCallPersonName } from '../OnCallPersonName';

/** Where defining a team's rotation (the on-call annotation on a Group) is documented. */
const ON_CALL_DOCS_URL =
  'https://github.com/service-ownership/service-ownership-backstage#6-on-call';

/** The first responders: who is paged first is what a team's line is about. */
const FIRST_LEVEL = 1;

const useStyles = makeStyles(
  theme => ({
    section: {
      '& + &': {
        marginTop: theme.spacing(2),
      },
    },
    list: {
      margin: 0,
      padding: 0,
      listStyle: 'none',
    },
    row: {
      padding: theme.spacing(1, 1.5),
      borderLeft: '4px solid transparent',
      '& + &': {
        borderTop: `1px solid ${theme.palette.divider}`,
      },
    },
    inProgress: {
      borderLeftColor: theme.palette.primary.main,
      backgroundColor: theme.palette.action.selected,
    },
    heading: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    code: {
      fontFamily: 'monospace',
    },
  }),
  { name: 'PluginOwnershipHomePageOnCallCard' },
);

/** Where the times of the answer are read from and shown in. */
interface Clock {
  now: Date;
  viewerTimeZone: string;
}

/** How to put a team on a rotation, with a link to the documentation. */
function ScheduleHowTo() {
  const classes = useStyles();
  return (
    <Typography variant="body2" color="textSecondary">
      A team's rotation is defined in the{' '}
      <code className={classes.code}>{ON_CALL_ANNOTATION}</code> annotation of
      its Group:{' '}
      <Link to={ON_CALL_DOCS_URL}>how to add an on-call schedule</Link>.
    </Typography>
  );
}

/** A person on call, marked when it is the signed-in user. */
function Person(props: { person: OnCallPersonJson; userRef: string }) {
  const { person, userRef } = props;
  return (
    <>
      <OnCallPersonName person={person} />
      {person.userRef === userRef && ' (you)'}
    </>
  );
}

/** One of the user's shifts: the team, the level, when it starts or ends, and its local-time range. */
function ShiftRow(props: { shift: MyOnCallShift; clock: Clock }) {
  const { shift, clock } = props;
  const classes = useStyles();
  const times = describeMyShift(shift, clock);
  const className = times?.inProgress
    ? `${classes.row} ${classes.inProgress}`
    : classes.row;
  return (
    <li className={className} data-testid="home-on-call-shift">
      <Typography variant="body1" component="div" className={classes.heading}>
        <EntityRefLink entityRef={shift.groupRef} defaultKind="group" />
        <span>· Level {shift.escalationLevel}</span>
        {times?.inProgress && (
          <Chip size="small" color="primary" label="In progress" />
        )}
        {shift.override && (
          <Chip
            size="small"
            variant="outlined"
            label="override"
            title="An override replaces the rotation's member for this shift"
          />
        )}
      </Typography>
      {times && (
        <Typography variant="body2">
          <time dateTime={times.inProgress ? shift.end : shift.start}>
            {times.relative}
          </time>
          {times.range && ` · ${times.range}`}
        </Typography>
      )}
    </li>
  );
}

/** Who is on call at level 1 now or next, and until or from when, on the viewer's clock. */
function FirstResponder(props: {
  label: string;
  shift: OnCallShiftJson | undefined;
  side: 'until' | 'from';
  nobody: string;
  userRef: string;
  clock: Clock;
}) {
  const { label, shift, side, nobody, userRef, clock } = props;
  if (!shift) {
    return (
      <Typography variant="body2">
        <strong>{label}</strong> {nobody}
      </Typography>
    );
  }
  const time = side === 'until' ? shift.end : shift.start;
  const handoff = describeHandoff(time, clock);
  return (
    <Typography variant="body2">
      <strong>{label}</strong>{' '}
      <Person person={shift.person} userRef={userRef} />
      {handoff && (
        <>
          {' · '}
          <time dateTime={time}>{describeHandoffLine(handoff, side)}</time>
        </>
      )}
    </Typography>
  );
}

/** One of the user's teams: what it owns, who is on call now (every level) and who is next. */
function TeamRow(props: { team: MyOnCallTeam; userRef: string; clock: Clock }) {
  const { team, userRef, clock } = props;
  const classes = useStyles();
  const hasRoster = team.providerId !== undefined;
  const furtherLevels = team.current.filter(
    shift => shift.escalationLevel > FIRST_LEVEL,
  );
  return (
    <li className={classes.row} data-testid="home-on-call-team">
      <Typography variant="body1" component="div" className={classes.heading}>
        <EntityRefLink entityRef={team.groupRef} defaultKind="group" />
        <Typography variant="body2" component="span" color="textSecondary">
          {formatOwnedEntityCount(team.ownedEntityCount)}
        </Typography>
      </Typography>
      {hasRoster ? (
        <>
          <FirstResponder
            label="Now"
            shift={shiftsAtLevel(team.current, FIRST_LEVEL)[0]}
            side="until"
            nobody="nobody is on call right now"
            userRef={userRef}
            clock={clock}
          />
          {furtherLevels.length > 0 && (
            <Typography variant="body2" color="textSecondary">
              {furtherLevels.map((shift, index) => (
                <Fragment key={`${shift.escalationLevel}:${shift.start}`}>
                  {index > 0 && ', '}
                  Level {shift.escalationLevel}:{' '}
                  <Person person={shift.person} userRef={userRef} />
                </Fragment>
              ))}
            </Typography>
          )}
          <FirstResponder
            label="Next"
            shift={shiftsAtLevel(team.next, FIRST_LEVEL)[0]}
            side="from"
            nobody="no handoff is scheduled"
            userRef={userRef}
            clock={clock}
          />
        </>
      ) : (
        <>
          <Typography variant="body2">
            {team.reason ?? 'No on-call schedule covers this team.'}
          </Typography>
          <ScheduleHowTo />
        </>
      )}
    </li>
  );
}

function ShiftsSection(props: { myOnCall: MyOnCall; clock: Clock }) {
  const { myOnCall, clock } = props;
  const classes = useStyles();
  const days = windowDays(myOnCall.from, myOnCall.to) ?? 14;
  // Shifts come from the catalog rotations of the user's teams: without one, say how to add one. (Without
  // teams, the teams section says what to do.)
  const showHowTo =
    myOnCall.teams.length > 0 &&
    !myOnCall.teams.some(team => team.providerId === 'catalog');
  return (
    <section className={classes.section}>
      <Typography variant="overline" component="h3">
        Your next shifts
      </Typography>
      {myOnCall.shifts.length === 0 ? (
        <div data-testid="home-on-call-no-shifts">
          <Typography variant="body2" paragraph={showHowTo}>
            You have no on-call shifts in the next {days} days.
          </Typography>
          {showHowTo && <ScheduleHowTo />}
        </div>
      ) : (
        <ul className={classes.list} aria-label="Your next shifts">
          {myOnCall.shifts.map(shift => (
            <ShiftRow
              key={`${shift.groupRef}:${shift.escalationLevel}:${shift.start}`}
              shift={shift}
              clock={clock}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function TeamsSection(props: { myOnCall: MyOnCall; clock: Clock }) {
  const { myOnCall, clock } = props;
  const classes = useStyles();
  return (
    <section className={classes.section}>
      <Typography variant="overline" component="h3">
        Who covers your teams
      </Typography>
      {myOnCall.teams.length === 0 ? (
        <div data-testid="home-on-call-no-teams">
          <Typography variant="body2" paragraph>
            {myOnCall.reason ??
              'You are not a member of any team in the catalog.'}
          </Typography>
          <Typography variant="body2" color="textSecondary" paragraph>
            Your teams are the Groups that list you in{' '}
            <code className={classes.code}>spec.members</code> (or your User's{' '}
            <code className={classes.code}>spec.memberOf</code>); their on-call
            shows here once you are one of them.
          </Typography>
          <ScheduleHowTo />
        </div>
      ) : (
        <ul className={classes.list} aria-label="Who covers your teams">
          {myOnCall.teams.map(team => (
            <TeamRow
              key={team.groupRef}
              team={team}
              userRef={myOnCall.userRef}
              clock={clock}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Props of {@link HomePageOnCallCard}.
 *
 * @public
 */
export interface HomePageOnCallCardProps {}

/**
 * The content of the "On call" home page card (the home page draws the card and its title): the signed-in
 * user's shifts in the next 14 days, relative and in their local time, the one in progress highlighted; and,
 * for each of their teams, what it owns, who is on call now and until when, and who is next; with what to
 * do when there is nothing to show.
 *
 * @public
 */
export function HomePageOnCallCard(_props: HomePageOnCallCardProps) {
  const ownershipApi = useApi(ownershipApiRef);
  const { value, loading, error } = useAsync(
    async () => ({
      myOnCall: await ownershipApi.getMyOnCall(),
      // Relative times ("in 3 days") and "in progress" are counted from when the answer arrived.
      receivedAt: new Date(),
    }),
    [ownershipApi],
  );
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (loading || !value) {
    return <Progress />;
  }
  const clock: Clock = {
    now: value.receivedAt,
    viewerTimeZone: browserTimeZone(),
  };
  return (
    <>
      <ShiftsSection myOnCall={value.myOnCall} clock={clock} />
      <TeamsSection myOnCall={value.myOnCall} clock={clock} />
    </>
  );
}
