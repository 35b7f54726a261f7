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
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  DOCS_HEALTH_STATES,
  DocsHealthList,
} from '@service-ownership/plugin-ownership-common';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import {
  describeDocsHealthState,
  describeDue,
  docsEntityName,
  docsHealthStateLabel,
  docsHealthTone,
} from '../../lib/docs';
import { DocsHealthChip } from '../DocsHealthChip';
import { ToneChip } from '../ToneChip';

const useStyles = makeStyles(
  theme => ({
    counts: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
      margin: 0,
      padding: 0,
      listStyle: 'none',
      marginBottom: theme.spacing(2),
    },
    table: {
      overflowX: 'auto',
    },
    due: {
      whiteSpace: 'nowrap',
    },
  }),
  { name: 'PluginOwnershipEntityGroupDocsHealthCard' },
);

/** How many of the group's entities are in each state, as chips (grey when none). */
function StateCounts(props: { list: DocsHealthList }) {
  const { list } = props;
  const classes = useStyles();
  return (
    <ul
      className={classes.counts}
      aria-label="Entities per documentation state"
    >
      {DOCS_HEALTH_STATES.map(state => {
        const count = list.counts[state] ?? 0;
        return (
          <li key={state}>
            <ToneChip
              label={`${docsHealthStateLabel(state)}: ${count}`}
              tone={count > 0 ? docsHealthTone(state) : 'neutral'}
              title={describeDocsHealthState(state)}
              testId="docs-health-count"
              state={state}
            />
          </li>
        );
      })}
    </ul>
  );
}

function GroupDocsView(props: { list: DocsHealthList }) {
  const { list } = props;
  const classes = useStyles();
  if (list.items.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No documentation tracked"
        description={
          list.reason ??
          'This group owns no entity whose documentation is tracked.'
        }
      />
    );
  }
  return (
    <>
      <StateCounts list={list} />
      <div className={classes.table}>
        <Table
          size="small"
          aria-label="Documentation health of the group's entities, most urgent first"
        >
          <TableHead>
            <TableRow>
              <TableCell>Entity</TableCell>
              <TableCell>Health</TableCell>
              <TableCell>Reason</TableCell>
              <TableCell>Next review due</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {list.items.map(health => (
              <TableRow
                key={health.entityRef}
                data-testid="group-docs-row"
                data-entity-ref={health.entityRef}
              >
                <TableCell>
                  <EntityRefLink entityRef={health.entityRef}>
                    {docsEntityName(health)}
                  </EntityRefLink>
                </TableCell>
                <TableCell>
                  <DocsHealthChip health={health} />
                </TableCell>
                <TableCell>
                  <Typography variant="body2">
                    {health.reasons[0] ?? '–'}
                  </Typography>
                </TableCell>
                <TableCell className={classes.due}>
                  <Typography variant="body2">{describeDue(health)}</Typography>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </>
  );
}

/**
 * Props of {@link EntityGroupDocsHealthCard}.
 *
 * @public
 */
export interface EntityGroupDocsHealthCardProps {}

/**
 * A card for group pages, "Documentation health": how many of the group's entities are incomplete, overdue,
 * stale, due soon and fresh, and each entity with its health, first reason and due date, most urgent first.
 *
 * @public
 */
export function EntityGroupDocsHealthCard(
  _props: EntityGroupDocsHealthCardProps,
) {
  const { entity } = useEntity();
  const ownershipApi = useApi(ownershipApiRef);
  const groupRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => ownershipApi.listDocsHealth({ owners: [groupRef] }),
    // The ref, not the entity object: a refreshed entity must not refetch the same list.
    [ownershipApi, groupRef],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = <GroupDocsView list={value} />;
  }
  return (
    <InfoCard
      title="Documentation health"
      subheader="Docs of the group's entities, most urgent first"
    >
      {content}
    </InfoCard>
  );
}
