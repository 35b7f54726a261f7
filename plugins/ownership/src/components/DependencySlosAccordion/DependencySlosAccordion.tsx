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
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CopyTextButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { DependencySlos } from '@service-ownership/plugin-ownership-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { formatCount, formatCountOf } from '../../lib/format';
import { sloAnnotationBlockYaml } from '../../lib/yaml';
import {
  describeSuggestedSlo,
  formatCallsPerRequest,
  formatPercent,
} from '../../lib/slo';

const useStyles = makeStyles(
  theme => ({
    details: {
      display: 'block',
      overflowX: 'auto',
    },
    code: {
      fontFamily: 'monospace',
    },
    nowrap: {
      whiteSpace: 'nowrap',
    },
    summary: {
      marginBottom: theme.spacing(1),
    },
  }),
  { name: 'PluginOwnershipDependencySlosAccordion' },
);

function DependencySlosTable(props: { dependencySlos: DependencySlos }) {
  const { dependencySlos } = props;
  const classes = useStyles();
  const { dependencies, tracesExamined, failingTraces } = dependencySlos;
  return (
    <>
      <Typography variant="body2" className={classes.summary}>
        From {formatCountOf(tracesExamined, 'trace')} of the last 24 hours (
        {formatCount(failingTraces)} failing): what each downstream service adds
        to this SLO, and the internal SLO it should meet so this one stays
        within budget.
      </Typography>
      {dependencies.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No downstream service was seen on this operation's path.
        </Typography>
      ) : (
        <Table size="small" aria-label="Dependency SLOs">
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              <TableCell>Entity</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell align="right">Calls per request</TableCell>
              <TableCell align="right">Error share</TableCell>
              <TableCell align="right">Latency share</TableCell>
              <TableCell>Suggested internal SLO</TableCell>
              <TableCell>YAML</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {dependencies.map(dependency => (
              <TableRow key={dependency.service}>
                <TableCell className={`${classes.code} ${classes.nowrap}`}>
                  {dependency.service}
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {dependency.entityRef ? (
                    <EntityRefLink entityRef={dependency.entityRef} />
                  ) : (
                    'Unclaimed'
                  )}
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {dependency.owner ? (
                    <EntityRefLink
                      entityRef={dependency.owner}
                      defaultKind="group"
                    />
                  ) : (
                    '–'
                  )}
                </TableCell>
                <TableCell align="right">
                  {formatCallsPerRequest(dependency.callsPerRequest)}
                </TableCell>
                <TableCell align="right">
                  {formatPercent(dependency.errorShare, 0)}
                </TableCell>
                <TableCell align="right">
                  {formatPercent(dependency.latencyShare, 0)}
                </TableCell>
                <TableCell>
                  {describeSuggestedSlo(dependency)} of{' '}
                  <span className={classes.code}>
                    {dependency.suggested.operation}
                  </span>
                </TableCell>
                <TableCell>
                  <CopyTextButton
                    text={sloAnnotationBlockYaml(dependency.yaml)}
                    tooltipText="YAML copied to clipboard"
                    aria-label={`Copy the SLO YAML for ${dependency.service}`}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

function DependencySlosLoader(props: {
  entityRef: CompoundEntityRef;
  slo: string;
}) {
  const { entityRef, slo } = props;
  const ownershipApi = useApi(ownershipApiRef);
  const ref = stringifyEntityRef(entityRef);
  const { value, loading, error } = useAsync(
    () => ownershipApi.getDependencySlos(entityRef, slo),
    // The ref string, not the object: a new object for the same entity must not refetch.
    [ownershipApi, ref, slo],
  );
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return value ? <DependencySlosTable dependencySlos={value} /> : null;
}

/**
 * Props of {@link DependencySlosAccordion}.
 */
export interface DependencySlosAccordionProps {
  entityRef: CompoundEntityRef;
  /** The SLO's name. */
  slo: string;
}

/**
 * The "Dependency SLOs" of one SLO, read from its recent traces only once opened (the walk over traces is
 * the costliest read of the tab), then kept.
 */
export function DependencySlosAccordion(props: DependencySlosAccordionProps) {
  const { entityRef, slo } = props;
  const classes = useStyles();
  const [opened, setOpened] = useState(false);
  const id = `slo-dependencies-${slo}`;
  return (
    <Accordion
      onChange={(_event, expanded) => {
        if (expanded) {
          setOpened(true);
        }
      }}
    >
      <AccordionSummary
        expandIcon={<ExpandMoreIcon />}
        aria-controls={`${id}-content`}
        id={`${id}-header`}
      >
        <Typography variant="subtitle2">Dependency SLOs</Typography>
      </AccordionSummary>
      <AccordionDetails className={classes.details} id={`${id}-content`}>
        {opened && <DependencySlosLoader entityRef={entityRef} slo={slo} />}
      </AccordionDetails>
    </Accordion>
  );
}
