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
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  EntitySlos,
  SLO_CHART_WINDOWS,
  SloChartWindow,
  SloEvaluation,
} from '@service-ownership/plugin-ownership-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { isSloChartWindow } from '../../lib/slo';
import { DependencySlosAccordion } from '../DependencySlosAccordion';
import {
  SLO_CHART_HEIGHT,
  SloBudgetChart,
  SloErrorRateChart,
  SloLatencyChart,
} from '../SloCharts';
import { SloEmptyState } from '../SloEmptyState';
import { SloExportButtons } from '../SloExportButtons';
import { SloProblems } from '../SloProblems';
import { SloSuggestionsPanel } from '../SloSuggestionsPanel';
import { SloSummary } from '../SloSummary';
import { TraceSourcesStatusBanner } from '../TraceSourcesStatusBanner';
import { WindowSelect } from '../WindowSelect';
import { BurnWindowsTable } from './BurnWindowsTable';

const SUGGESTIONS_TITLE = 'What can you provide today';

const useStyles = makeStyles(
  theme => ({
    toolbar: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      justifyContent: 'space-between',
      gap: theme.spacing(2),
    },
    block: {
      marginTop: theme.spacing(2),
    },
    controls: {
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(2),
      margin: theme.spacing(3, 0, 1),
    },
    chartPlaceholder: {
      minHeight: SLO_CHART_HEIGHT,
    },
    accordionDetails: {
      display: 'block',
    },
    // Hidden when the banner renders nothing, so that it takes no room.
    banner: {
      marginBottom: theme.spacing(3),
      '&:empty': {
        display: 'none',
      },
    },
  }),
  { name: 'PluginOwnershipEntitySloContent' },
);

function SloCharts(props: {
  entityRef: CompoundEntityRef;
  evaluation: SloEvaluation;
  window: SloChartWindow;
}) {
  const { entityRef, evaluation, window } = props;
  const classes = useStyles();
  const ownershipApi = useApi(ownershipApiRef);
  const ref = stringifyEntityRef(entityRef);
  const slo = evaluation.definition.name;
  const { value, loading, error } = useAsync(
    () => ownershipApi.getSloSeries(entityRef, slo, { window }),
    // The ref string, not the object: a new object for the same entity must not refetch.
    [ownershipApi, ref, slo, window],
  );

  let seriesCharts;
  if (loading) {
    seriesCharts = (
      <Grid item xs={12} className={classes.chartPlaceholder}>
        <Progress />
      </Grid>
    );
  } else if (error) {
    seriesCharts = (
      <Grid item xs={12}>
        <ResponseErrorPanel error={error} />
      </Grid>
    );
  } else if (value) {
    seriesCharts = (
      <>
        <Grid item xs={12}>
          <SloLatencyChart series={value} window={window} />
        </Grid>
        <Grid item xs={12} md={6}>
          <SloErrorRateChart series={value} window={window} />
        </Grid>
      </>
    );
  }
  return (
    <Grid container spacing={3}>
      {seriesCharts}
      <Grid item xs={12} md={6}>
        <SloBudgetChart evaluation={evaluation} />
      </Grid>
    </Grid>
  );
}

function SloSection(props: {
  entityRef: CompoundEntityRef;
  evaluation: SloEvaluation;
}) {
  const { entityRef, evaluation } = props;
  const classes = useStyles();
  const [window, setWindow] = useState<SloChartWindow>('1h');
  const name = evaluation.definition.name;
  const headingId = `slo-${name}`;
  return (
    <InfoCard>
      <section aria-labelledby={headingId} data-testid="slo-section">
        <SloSummary
          evaluation={evaluation}
          headingComponent="h2"
          headingId={headingId}
        />
        <div className={classes.block}>
          <BurnWindowsTable evaluation={evaluation} />
        </div>
        <div className={classes.controls}>
          <WindowSelect
            id={`slo-window-${name}`}
            value={window}
            windows={SLO_CHART_WINDOWS}
            onChange={picked => {
              if (isSloChartWindow(picked)) {
                setWindow(picked);
              }
            }}
          />
        </div>
        <SloCharts
          entityRef={entityRef}
          evaluation={evaluation}
          window={window}
        />
        <div className={classes.block}>
          <DependencySlosAccordion entityRef={entityRef} slo={name} />
        </div>
      </section>
    </InfoCard>
  );
}

function SlosView(props: { slos: EntitySlos; entityRef: CompoundEntityRef }) {
  const { slos, entityRef } = props;
  const classes = useStyles();
  const problems = slos.problems.length > 0 && (
    <Grid item xs={12}>
      <SloProblems problems={slos.problems} />
    </Grid>
  );

  if (slos.slos.length === 0) {
    return (
      <Grid container spacing={3}>
        {problems}
        <Grid item xs={12}>
          <InfoCard
            title={SUGGESTIONS_TITLE}
            subheader="Objectives suggested from what the traces show"
          >
            <SloSuggestionsPanel entityRef={entityRef} />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="Define SLOs">
            <SloEmptyState hasProblems={slos.problems.length > 0} />
          </InfoCard>
        </Grid>
      </Grid>
    );
  }

  return (
    <Grid container spacing={3}>
      {problems}
      <Grid item xs={12} className={classes.toolbar}>
        <Typography variant="body2" color="textSecondary">
          {slos.service
            ? `Measured on the traces of ${slos.service}.`
            : 'Measured on traces.'}{' '}
          {slos.editUrl && (
            <Link to={slos.editUrl}>Edit the SLO definitions</Link>
          )}
        </Typography>
        <SloExportButtons entityRef={entityRef} />
      </Grid>
      {slos.slos.map(evaluation => (
        <Grid item xs={12} key={evaluation.definition.name}>
          <SloSection entityRef={entityRef} evaluation={evaluation} />
        </Grid>
      ))}
      <Grid item xs={12}>
        <Accordion TransitionProps={{ unmountOnExit: true }}>
          <AccordionSummary
            expandIcon={<ExpandMoreIcon />}
            aria-controls="slo-suggestions-content"
            id="slo-suggestions-header"
          >
            <Typography variant="subtitle1">{SUGGESTIONS_TITLE}</Typography>
          </AccordionSummary>
          <AccordionDetails
            className={classes.accordionDetails}
            id="slo-suggestions-content"
          >
            <SloSuggestionsPanel entityRef={entityRef} />
          </AccordionDetails>
        </Accordion>
      </Grid>
    </Grid>
  );
}

/**
 * Props of {@link EntitySloContent}.
 *
 * @public
 */
export interface EntitySloContentProps {}

/**
 * The SLOs tab of an entity: for each SLO its state, burn-rate windows, latency request by request, error
 * rate and budget burn, and the SLOs its dependencies need; the export of the definitions to Sloth,
 * Prometheus or OpenSLO; and what the entity could promise today.
 *
 * @public
 */
export function EntitySloContent(_props: EntitySloContentProps) {
  const { entity } = useEntity();
  const ownershipApi = useApi(ownershipApiRef);
  const classes = useStyles();
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => ownershipApi.getEntitySlos(getCompoundEntityRef(entity)),
    // The ref, not the entity object: a refreshed entity must not refetch the same SLOs.
    [ownershipApi, entityRef],
  );
  let content: JSX.Element | null = null;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = (
      <SlosView slos={value} entityRef={getCompoundEntityRef(entity)} />
    );
  }
  return (
    <>
      <div className={classes.banner}>
        <TraceSourcesStatusBanner />
      </div>
      {content}
    </>
  );
}
