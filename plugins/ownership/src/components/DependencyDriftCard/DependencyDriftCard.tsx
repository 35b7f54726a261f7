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
import { CodeSnippet, InfoCard, Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  EntityDependencies,
  ObservedDependency,
  SERVICE_NAME_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import { ReactNode } from 'react';
import { formatCountOf } from '../../lib/format';
import {
  claimAnnotationYaml,
  sourceLocationUrl,
  yamlPlacement,
} from '../../lib/yaml';

const useStyles = makeStyles(
  theme => ({
    section: {
      height: '100%',
    },
    heading: {
      fontWeight: theme.typography.fontWeightMedium as number,
    },
    code: {
      fontFamily: 'monospace',
    },
    snippet: {
      margin: theme.spacing(1, 0),
    },
    none: {
      padding: theme.spacing(1, 0),
    },
  }),
  { name: 'PluginOwnershipDependencyDriftCard' },
);

function Section(props: {
  title: string;
  count: number;
  description: ReactNode;
  children?: ReactNode;
}) {
  const classes = useStyles();
  const id = `drift-${props.title
    .toLocaleLowerCase('en-US')
    .replace(/\W+/g, '-')}`;
  return (
    <section aria-labelledby={id} className={classes.section}>
      <Typography
        variant="subtitle1"
        component="h3"
        id={id}
        className={classes.heading}
      >
        {props.title} ({props.count})
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.description}
      </Typography>
      {props.count === 0 ? (
        <Typography variant="body2" className={classes.none}>
          None.
        </Typography>
      ) : (
        props.children
      )}
    </section>
  );
}

function DependencyList(props: { dependencies: ObservedDependency[] }) {
  return (
    <List dense disablePadding>
      {props.dependencies.map(dependency => (
        <ListItem key={dependency.entityRef ?? dependency.node} disableGutters>
          <ListItemText
            primary={
              dependency.entityRef ? (
                <EntityRefLink entityRef={dependency.entityRef} />
              ) : (
                dependency.node
              )
            }
            secondary={formatCountOf(dependency.count, 'call')}
          />
        </ListItem>
      ))}
    </List>
  );
}

/**
 * Props of {@link DependencyDriftCard}.
 */
export interface DependencyDriftCardProps {
  drift: EntityDependencies['drift'];
}

/**
 * The entity's declared `dependsOn` against what traces show it calling: what to add (with the YAML),
 * what is declared but not seen, what agrees, and calls to nodes nobody claims.
 */
export function DependencyDriftCard(props: DependencyDriftCardProps) {
  const { drift } = props;
  const classes = useStyles();
  const editUrl = sourceLocationUrl(drift.sourceLocation);
  const days = formatCountOf(drift.windowDays, 'day');
  return (
    <InfoCard
      title="Declared and observed dependencies"
      subheader={`spec.dependsOn compared with the calls seen in the last ${days}`}
    >
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <Section
            title="Observed but not declared"
            count={drift.undeclared.length}
            description="Traces show calls to these entities, but the entity does not declare them in spec.dependsOn."
          >
            <DependencyList dependencies={drift.undeclared} />
            {drift.yamlToAdd && (
              <>
                <Typography variant="body2">
                  {yamlPlacement(drift.yamlToAdd) === 'spec' ? (
                    <>
                      Add these lines under{' '}
                      <code className={classes.code}>spec:</code> in the
                      entity's{' '}
                      <code className={classes.code}>catalog-info.yaml</code>:
                    </>
                  ) : (
                    <>
                      Append these lines to the{' '}
                      <code className={classes.code}>dependsOn:</code> list
                      under <code className={classes.code}>spec:</code> in the
                      entity's{' '}
                      <code className={classes.code}>catalog-info.yaml</code>:
                    </>
                  )}
                </Typography>
                <div className={classes.snippet}>
                  <CodeSnippet
                    text={drift.yamlToAdd}
                    language="yaml"
                    showCopyCodeButton
                  />
                </div>
                {editUrl && (
                  <Typography variant="body2">
                    <Link to={editUrl}>Open catalog-info.yaml</Link>
                  </Typography>
                )}
              </>
            )}
          </Section>
        </Grid>
        <Grid item xs={12} md={6}>
          <Section
            title={`Declared but not observed in the last ${days}`}
            count={drift.declaredNotObserved.length}
            description="Declared in spec.dependsOn, but no call to them was seen: the dependency may be gone, or its traces may not reach the trace store."
          >
            <List dense disablePadding>
              {drift.declaredNotObserved.map(entityRef => (
                <ListItem key={entityRef} disableGutters>
                  <ListItemText
                    primary={<EntityRefLink entityRef={entityRef} />}
                  />
                </ListItem>
              ))}
            </List>
          </Section>
        </Grid>
        <Grid item xs={12} md={6}>
          <Section
            title="Declared and observed"
            count={drift.agreeing.length}
            description="Declared in spec.dependsOn and seen in traces."
          >
            <DependencyList dependencies={drift.agreeing} />
          </Section>
        </Grid>
        <Grid item xs={12} md={6}>
          <Section
            title="Calls to nodes no entity claims"
            count={drift.unowned.length}
            description={
              <>
                These cannot be declared until an entity claims them: add the{' '}
                <code className={classes.code}>{SERVICE_NAME_ANNOTATION}</code>{' '}
                annotation with their name to the entity that stands for them.
              </>
            }
          >
            <DependencyList dependencies={drift.unowned} />
            {drift.unowned.length > 0 && (
              <>
                <Typography variant="body2">
                  For example, in the{' '}
                  <code className={classes.code}>catalog-info.yaml</code> of the
                  entity that stands for{' '}
                  <code className={classes.code}>{drift.unowned[0].node}</code>:
                </Typography>
                <div className={classes.snippet}>
                  <CodeSnippet
                    text={claimAnnotationYaml([drift.unowned[0].node])}
                    language="yaml"
                    showCopyCodeButton
                  />
                </div>
              </>
            )}
          </Section>
        </Grid>
      </Grid>
    </InfoCard>
  );
}
