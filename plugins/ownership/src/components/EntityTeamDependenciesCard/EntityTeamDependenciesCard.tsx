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
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  DependencyWindow,
  GroupDependencies,
  SERVICE_NAME_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { windowDuration } from '../../lib/format';
import {
  TeamDependencyRow,
  toTeamDependencyRows,
} from '../../lib/teamDependencies';
import { WindowSelect } from '../WindowSelect';

/** The windows the card offers: an hour is too short to see most teams' calls. */
const CARD_WINDOWS: readonly DependencyWindow[] = ['24h', '7d', '30d'];

const useStyles = makeStyles(
  theme => ({
    section: {
      '& + &': {
        marginTop: theme.spacing(3),
      },
    },
    heading: {
      fontWeight: theme.typography.fontWeightMedium as number,
    },
    team: {
      display: 'block',
      paddingLeft: 0,
      paddingRight: 0,
    },
    teamLine: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(1),
    },
    teamName: {
      flex: 1,
      minWidth: 0,
    },
    share: {
      height: 8,
      borderRadius: 4,
      margin: theme.spacing(0.5, 0),
    },
    pairs: {
      margin: theme.spacing(0.5, 0, 0),
      paddingLeft: theme.spacing(2),
    },
  }),
  { name: 'PluginOwnershipEntityTeamDependenciesCard' },
);

function TeamItem(props: { row: TeamDependencyRow; direction: string }) {
  const { row, direction } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const pairsId = `team-dependency-${direction}-${row.key}`.replace(
    /\W+/g,
    '-',
  );
  const pairCount = row.pairs.length;
  return (
    <ListItem className={classes.team} divider>
      <div className={classes.teamLine}>
        <Typography variant="body1" className={classes.teamName}>
          {row.teamRef ? (
            <EntityRefLink entityRef={row.teamRef} defaultKind="group" />
          ) : (
            row.teamName
          )}
        </Typography>
        <Typography variant="body2">{row.share}</Typography>
        <IconButton
          size="small"
          aria-expanded={open}
          aria-controls={pairsId}
          aria-label={`${open ? 'Hide' : 'Show'} the ${pairCount} service ${
            pairCount === 1 ? 'pair' : 'pairs'
          } of ${row.teamName}`}
          onClick={() => setOpen(!open)}
        >
          {open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
        </IconButton>
      </div>
      <LinearProgress
        variant="determinate"
        value={row.sharePercent}
        className={classes.share}
        aria-label={`${row.teamName}: ${row.share} of the traffic`}
      />
      <Typography variant="body2" color="textSecondary">
        {row.rate} · {row.errors}
      </Typography>
      <Collapse in={open} unmountOnExit>
        <ul id={pairsId} className={classes.pairs}>
          {row.pairs.map(pair => (
            <li key={pair.key}>
              <Typography variant="body2">
                {pair.caller} → {pair.callee}: {pair.calls}, {pair.errors}
              </Typography>
            </li>
          ))}
        </ul>
      </Collapse>
    </ListItem>
  );
}

function TeamSection(props: {
  title: string;
  emptyText: string;
  rows: TeamDependencyRow[];
  direction: string;
}) {
  const { title, emptyText, rows, direction } = props;
  const classes = useStyles();
  const headingId = `team-dependencies-${direction}`;
  return (
    <section aria-labelledby={headingId} className={classes.section}>
      <Typography
        variant="subtitle1"
        component="h3"
        id={headingId}
        className={classes.heading}
      >
        {title}
      </Typography>
      {rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {emptyText}
        </Typography>
      ) : (
        <List dense disablePadding>
          {rows.map(row => (
            <TeamItem key={row.key} row={row} direction={direction} />
          ))}
        </List>
      )}
    </section>
  );
}

function TeamDependenciesView(props: {
  dependencies: GroupDependencies;
  window: DependencyWindow;
}) {
  const { dependencies, window } = props;
  const dependsOn = useMemo(
    () => toTeamDependencyRows(dependencies.dependsOn, 'dependsOn'),
    [dependencies],
  );
  const dependedOnBy = useMemo(
    () => toTeamDependencyRows(dependencies.dependedOnBy, 'dependedOnBy'),
    [dependencies],
  );
  if (dependencies.entityRefs.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No traced services"
        description={`This group owns no entity that appears in traces. Components and resources claim trace nodes by their name, or by the ${SERVICE_NAME_ANNOTATION} annotation.`}
      />
    );
  }
  const duration = windowDuration(window);
  return (
    <>
      <TeamSection
        title="We depend on"
        direction="depends-on"
        rows={dependsOn}
        emptyText={`Our services called no other team's services in the last ${duration}.`}
      />
      <TeamSection
        title="Depend on us"
        direction="depended-on-by"
        rows={dependedOnBy}
        emptyText={`No other team's services called ours in the last ${duration}.`}
      />
    </>
  );
}

/**
 * Props of {@link EntityTeamDependenciesCard}.
 *
 * @public
 */
export interface EntityTeamDependenciesCardProps {}

/**
 * A card for group pages: which teams the group's services call and which teams call them, busiest first,
 * each with its share of the traffic and the service pairs behind it.
 *
 * @public
 */
export function EntityTeamDependenciesCard(
  _props: EntityTeamDependenciesCardProps,
) {
  const { entity } = useEntity();
  const ownershipApi = useApi(ownershipApiRef);
  const [window, setWindow] = useState<DependencyWindow>('24h');
  const groupRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () =>
      ownershipApi.getGroupDependencies(getCompoundEntityRef(entity), {
        window,
      }),
    // The ref, not the entity object: a refreshed entity must not refetch the same data.
    [ownershipApi, groupRef, window],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = <TeamDependenciesView dependencies={value} window={window} />;
  }
  return (
    <InfoCard
      title="Dependencies on other teams"
      subheader={`Calls seen in traces in the last ${windowDuration(window)}`}
      action={
        <WindowSelect
          id="ownership-team-dependencies-window"
          value={window}
          onChange={setWindow}
          windows={CARD_WINDOWS}
        />
      }
    >
      {content}
    </InfoCard>
  );
}
