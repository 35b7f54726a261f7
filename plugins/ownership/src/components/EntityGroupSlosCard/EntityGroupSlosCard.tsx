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
  WarningPanel,
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
  GroupSlos,
  SLOS_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { formatCountOf } from '../../lib/format';
import { describeSli, formatAttainment } from '../../lib/slo';
import { SloBudgetBar } from '../SloBudgetBar';
import { SloStateBadge } from '../SloStateBadge';

const useStyles = makeStyles(
  theme => ({
    table: {
      overflowX: 'auto',
    },
    problems: {
      marginBottom: theme.spacing(2),
    },
    list: {
      margin: 0,
      paddingLeft: theme.spacing(2),
    },
    budget: {
      minWidth: 180,
    },
  }),
  { name: 'PluginOwnershipEntityGroupSlosCard' },
);

function GroupSlosView(props: { groupSlos: GroupSlos }) {
  const { groupSlos } = props;
  const classes = useStyles();
  const { slos, problems } = groupSlos;
  return (
    <>
      {problems.length > 0 && (
        <div className={classes.problems}>
          <WarningPanel
            severity="warning"
            title={
              problems.length === 1
                ? `An entity's ${SLOS_ANNOTATION} annotation has problems`
                : `${problems.length} entities' ${SLOS_ANNOTATION} annotations have problems`
            }
            message="Their SLOs with problems are left out; the problems are listed on each entity's SLOs tab."
            defaultExpanded
          >
            <ul className={classes.list}>
              {problems.map(problem => (
                <li key={problem.entityRef}>
                  <Typography variant="body2">
                    <EntityRefLink entityRef={problem.entityRef} />:{' '}
                    {formatCountOf(problem.count, 'problem')}
                  </Typography>
                </li>
              ))}
            </ul>
          </WarningPanel>
        </div>
      )}
      {slos.length === 0 ? (
        <EmptyState
          missing="field"
          title="No SLOs"
          description={`None of this group's entities defines an SLO yet: SLOs are defined in the ${SLOS_ANNOTATION} annotation, and each entity's SLOs tab suggests objectives from its traces.`}
        />
      ) : (
        <div className={classes.table}>
          <Table
            size="small"
            aria-label="SLOs of the group, most at risk first"
          >
            <TableHead>
              <TableRow>
                <TableCell>Entity</TableCell>
                <TableCell>SLO</TableCell>
                <TableCell>State</TableCell>
                <TableCell align="right">Attainment</TableCell>
                <TableCell>Budget left</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {slos.map(({ entityRef, evaluation }) => (
                <TableRow
                  key={`${entityRef}:${evaluation.definition.name}`}
                  data-testid="group-slo-row"
                >
                  <TableCell>
                    <EntityRefLink entityRef={entityRef} />
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2">
                      {evaluation.definition.name}
                    </Typography>
                    <Typography variant="caption" color="textSecondary">
                      {describeSli(evaluation.definition)}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <SloStateBadge
                      state={evaluation.state}
                      firing={evaluation.firing}
                    />
                  </TableCell>
                  <TableCell align="right">
                    {formatAttainment(evaluation.attainment)}
                  </TableCell>
                  <TableCell className={classes.budget}>
                    <SloBudgetBar
                      remaining={evaluation.budget.remaining}
                      label={evaluation.definition.name}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </>
  );
}

/**
 * Props of {@link EntityGroupSlosCard}.
 *
 * @public
 */
export interface EntityGroupSlosCardProps {}

/**
 * A card for group pages: every SLO of the group's entities, most at risk (least budget left) first, with
 * its burn-rate state and attainment; and the entities whose SLO annotation has problems.
 *
 * @public
 */
export function EntityGroupSlosCard(_props: EntityGroupSlosCardProps) {
  const { entity } = useEntity();
  const ownershipApi = useApi(ownershipApiRef);
  const groupRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => ownershipApi.getGroupSlos(getCompoundEntityRef(entity)),
    // The ref, not the entity object: a refreshed entity must not refetch the same SLOs.
    [ownershipApi, groupRef],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = <GroupSlosView groupSlos={value} />;
  }
  return (
    <InfoCard
      title="Service level objectives"
      subheader="SLOs of the group's entities, least budget left first"
    >
      {content}
    </InfoCard>
  );
}
