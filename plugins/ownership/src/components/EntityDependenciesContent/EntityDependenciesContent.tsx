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
  CodeSnippet,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  DependencyWindow,
  EntityDependencies,
  SERVICE_NAME_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import { ChangeEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { describeConflict } from '../../lib/claims';
import {
  widerWindow,
  windowDuration,
  windowOptionLabel,
} from '../../lib/format';
import { claimAnnotationYaml } from '../../lib/yaml';
import { DependencyDriftCard } from '../DependencyDriftCard';
import { DependencyTable } from '../DependencyTable';
import { ObservedDependencyGraph } from '../ObservedDependencyGraph';
import { TraceSourcesStatusBanner } from '../TraceSourcesStatusBanner';
import { WindowSelect } from '../WindowSelect';

/** Where the annotation and its format are documented. */
const ANNOTATION_DOCS_URL =
  'https://github.com/service-ownership/service-ownership-backstage/tree/main/plugins/ownership-common#annotation-formats';

const DEPTHS = [1, 2, 3];

const useStyles = makeStyles(
  theme => ({
    // Hidden when the banner renders nothing, so that it takes no room.
    banner: {
      '&:empty': {
        display: 'none',
      },
    },
    controls: {
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      gap: theme.spacing(2),
    },
    depth: {
      minWidth: 120,
    },
    code: {
      fontFamily: 'monospace',
    },
    claim: {
      maxWidth: 720,
      margin: '0 auto',
    },
    snippet: {
      margin: theme.spacing(1, 0, 2),
    },
    conflict: {
      margin: 0,
      paddingLeft: theme.spacing(2),
    },
  }),
  { name: 'PluginOwnershipEntityDependenciesContent' },
);

/**
 * Props of {@link EntityDependenciesContent}.
 *
 * @public
 */
export interface EntityDependenciesContentProps {}

/**
 * The Dependencies tab of a component, resource or system: what traces show it calling and being called
 * by, as a graph and a table with each call's numbers, and how that compares with its declared `dependsOn`.
 *
 * @public
 */
export function EntityDependenciesContent(
  _props: EntityDependenciesContentProps,
) {
  const { entity } = useEntity();
  const ownershipApi = useApi(ownershipApiRef);
  const classes = useStyles();
  const [window, setWindow] = useState<DependencyWindow>('24h');
  const [depth, setDepth] = useState(1);
  const entityRef = stringifyEntityRef(entity);
  const name = entity.metadata.title ?? entity.metadata.name;

  const { value, loading, error } = useAsync(
    async () => ({
      dependencies: await ownershipApi.getEntityDependencies(
        getCompoundEntityRef(entity),
        { window, depth },
      ),
      // Relative times ("3 minutes ago") are counted from when the response arrived.
      receivedAt: new Date(),
    }),
    // The ref, not the entity object: a refreshed entity must not refetch the same graph.
    [ownershipApi, entityRef, window, depth],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = (
      <DependenciesView
        dependencies={value.dependencies}
        now={value.receivedAt}
        isSystem={entity.kind.toLocaleLowerCase('en-US') === 'system'}
        name={name}
        window={window}
        onWindowChange={setWindow}
      />
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} className={classes.banner}>
        <TraceSourcesStatusBanner />
      </Grid>
      <Grid item xs={12} className={classes.controls}>
        <WindowSelect
          id="ownership-dependencies-window"
          value={window}
          onChange={setWindow}
        />
        <TextField
          id="ownership-dependencies-depth"
          select
          label="Depth"
          variant="outlined"
          size="small"
          className={classes.depth}
          value={depth}
          onChange={(event: ChangeEvent<{ value: unknown }>) =>
            setDepth(Number(event.target.value))
          }
          SelectProps={{ native: true }}
          helperText="Hops from this entity"
        >
          {DEPTHS.map(hops => (
            <option key={hops} value={hops}>
              {hops === 1 ? '1 hop' : `${hops} hops`}
            </option>
          ))}
        </TextField>
      </Grid>
      <Grid item xs={12}>
        {content}
      </Grid>
    </Grid>
  );
}

function WiderWindowButton(props: {
  window: DependencyWindow;
  onWindowChange: (window: DependencyWindow) => void;
  variant: 'contained' | 'outlined';
}) {
  const wider = widerWindow(props.window);
  if (!wider) {
    return null;
  }
  return (
    <Button
      variant={props.variant}
      color="primary"
      onClick={() => props.onWindowChange(wider)}
    >
      Show the {windowOptionLabel(wider).toLocaleLowerCase('en-US')}
    </Button>
  );
}

function DependenciesView(props: {
  dependencies: EntityDependencies;
  now: Date;
  name: string;
  isSystem: boolean;
  window: DependencyWindow;
  onWindowChange: (window: DependencyWindow) => void;
}) {
  const { dependencies, now, name, isSystem, window, onWindowChange } = props;
  const classes = useStyles();
  const { nodes, edges, drift, conflicts, traceNodes, claimSource } =
    dependencies;

  const conflictsPanel = conflicts.length > 0 && (
    <Grid item xs={12}>
      <WarningPanel
        severity="warning"
        title={
          conflicts.length === 1
            ? 'A trace node is claimed by several entities'
            : `${conflicts.length} trace nodes are claimed by several entities`
        }
        defaultExpanded
      >
        <ul className={classes.conflict}>
          {conflicts.map(conflict => (
            <li key={conflict.node}>
              <Typography variant="body2">
                {describeConflict(conflict)}
              </Typography>
            </li>
          ))}
        </ul>
      </WarningPanel>
    </Grid>
  );

  if (
    edges.length === 0 &&
    (claimSource === 'default' || traceNodes.length === 0)
  ) {
    return (
      <Grid container spacing={3}>
        {conflictsPanel}
        <Grid item xs={12}>
          <MissingAnnotationEmptyState
            annotation={SERVICE_NAME_ANNOTATION}
            readMoreUrl={ANNOTATION_DOCS_URL}
          />
        </Grid>
        <Grid item xs={12}>
          <div className={classes.claim}>
            <Typography variant="body1" paragraph>
              {traceNodes.length > 0 ? (
                <>
                  Without the annotation, spans are looked up by the entity's
                  name,{' '}
                  {traceNodes.map((node, i) => (
                    <span key={node}>
                      {i > 0 && ', '}
                      <code className={classes.code}>{node}</code>
                    </span>
                  ))}
                  , and none were seen in the last {windowDuration(window)}.
                </>
              ) : (
                <>
                  {isSystem
                    ? `None of the parts of ${name} claims a trace node.`
                    : `${name} claims no trace node.`}
                </>
              )}{' '}
              Set the annotation
              {isSystem ? ' on its components and resources' : ''} to the{' '}
              <code className={classes.code}>service.name</code> resource
              attribute their spans carry (several names separated by commas;{' '}
              <code className={classes.code}>namespace/name</code> to match{' '}
              <code className={classes.code}>service.namespace</code>):
            </Typography>
            <div className={classes.snippet}>
              <CodeSnippet
                text={claimAnnotationYaml(['<service.name of its spans>'])}
                language="yaml"
                showCopyCodeButton
              />
            </div>
            {traceNodes.length > 0 && widerWindow(window) && (
              <>
                <Typography variant="body1" paragraph>
                  If its spans do carry that name, it may just have been quiet:
                </Typography>
                <WiderWindowButton
                  window={window}
                  onWindowChange={onWindowChange}
                  variant="outlined"
                />
              </>
            )}
          </div>
        </Grid>
      </Grid>
    );
  }

  if (edges.length === 0) {
    const wider = widerWindow(window);
    return (
      <Grid container spacing={3}>
        {conflictsPanel}
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title={`No traffic in the last ${windowDuration(window)}`}
            description={
              <>
                {name} claims the trace{' '}
                {traceNodes.length === 1 ? 'node' : 'nodes'}{' '}
                {traceNodes.join(', ')}, but no calls from or to{' '}
                {traceNodes.length === 1 ? 'it' : 'them'} were seen in the last{' '}
                {windowDuration(window)}.{' '}
                {wider
                  ? 'It may just be quiet: try a wider window.'
                  : 'Check that its services send their traces to the trace store under these names.'}
              </>
            }
            action={
              <WiderWindowButton
                window={window}
                onWindowChange={onWindowChange}
                variant="contained"
              />
            }
          />
        </Grid>
        <Grid item xs={12}>
          <DependencyDriftCard drift={drift} />
        </Grid>
      </Grid>
    );
  }

  return (
    <Grid container spacing={3}>
      {conflictsPanel}
      <Grid item xs={12}>
        <InfoCard
          title="Observed dependencies"
          subheader={`Calls seen in traces in the last ${windowDuration(
            window,
          )}, callers on the left`}
        >
          <ObservedDependencyGraph
            nodes={nodes}
            edges={edges}
            title={`Observed dependencies of ${name}`}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <DependencyTable nodes={nodes} edges={edges} now={now} />
      </Grid>
      <Grid item xs={12}>
        <DependencyDriftCard drift={drift} />
      </Grid>
    </Grid>
  );
}
