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
  stringifyEntityRef,
  CompoundEntityRef,
} from '@backstage/catalog-model';
import {
  CodeSnippet,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  SERVICE_NAME_ANNOTATION,
  SLOS_ANNOTATION,
  SloSuggestions,
} from '@service-ownership/plugin-ownership-common';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { formatCount, formatLatency } from '../../lib/format';
import { sloAnnotationBlockYaml } from '../../lib/yaml';
import {
  describeSli,
  formatAchieved,
  formatObjective,
  formatPercent,
  formatSloWindow,
} from '../../lib/slo';

const useStyles = makeStyles(
  theme => ({
    code: {
      fontFamily: 'monospace',
    },
    table: {
      marginBottom: theme.spacing(2),
      overflowX: 'auto',
    },
    snippet: {
      margin: theme.spacing(1, 0),
    },
  }),
  { name: 'PluginOwnershipSloSuggestionsPanel' },
);

function SuggestionsView(props: { suggestions: SloSuggestions }) {
  const { suggestions } = props;
  const classes = useStyles();
  if (suggestions.suggestions.length === 0) {
    return (
      <Typography variant="body2">
        {suggestions.service
          ? `No request of ${suggestions.service} was seen in the last 30 days to base an objective on.`
          : `This entity claims no trace service: add the ${SERVICE_NAME_ANNOTATION} annotation first.`}
      </Typography>
    );
  }
  const basisDays = suggestions.suggestions[0].basisDays;
  return (
    <>
      <Typography variant="body2" paragraph>
        What {suggestions.service ?? 'this entity'} achieved over the last{' '}
        {formatSloWindow(basisDays)}, as objectives it could promise today while
        spending at most half of their error budget.
      </Typography>
      <div className={classes.table}>
        <Table size="small" aria-label="Suggested SLOs">
          <TableHead>
            <TableRow>
              <TableCell>SLI</TableCell>
              <TableCell>Operation</TableCell>
              <TableCell>Threshold</TableCell>
              <TableCell>Objective</TableCell>
              <TableCell>Based on</TableCell>
              <TableCell>Achieved</TableCell>
              <TableCell>Budget spent</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {suggestions.suggestions.map(suggestion => {
              const { definition } = suggestion;
              return (
                <TableRow key={definition.name}>
                  <TableCell>{describeSli({ sli: definition.sli })}</TableCell>
                  <TableCell className={classes.code}>
                    {definition.operation}
                  </TableCell>
                  <TableCell>
                    {definition.thresholdMs === undefined
                      ? '–'
                      : formatLatency(definition.thresholdMs)}
                  </TableCell>
                  <TableCell>
                    {formatObjective(definition.objective)} over{' '}
                    {formatSloWindow(definition.windowDays)}
                  </TableCell>
                  <TableCell>
                    {formatSloWindow(suggestion.basisDays)},{' '}
                    {formatCount(suggestion.total)} requests
                  </TableCell>
                  <TableCell>{formatAchieved(suggestion)}</TableCell>
                  <TableCell>
                    {formatPercent(suggestion.budgetSpent, 0)}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <Typography variant="body2">
        Merge this into the entity's{' '}
        <code className={classes.code}>catalog-info.yaml</code> (into its{' '}
        <code className={classes.code}>{SLOS_ANNOTATION}</code> annotation if it
        has one):
      </Typography>
      <div className={classes.snippet} data-testid="slo-suggestions-yaml">
        <CodeSnippet
          text={sloAnnotationBlockYaml(suggestions.yaml)}
          language="yaml"
          showCopyCodeButton
        />
      </div>
    </>
  );
}

/**
 * Props of {@link SloSuggestionsPanel}.
 */
export interface SloSuggestionsPanelProps {
  entityRef: CompoundEntityRef;
}

/**
 * "What can you provide today": objectives the entity could promise from what it achieved, with the
 * ready-to-paste annotation.
 */
export function SloSuggestionsPanel(props: SloSuggestionsPanelProps) {
  const { entityRef } = props;
  const ownershipApi = useApi(ownershipApiRef);
  const ref = stringifyEntityRef(entityRef);
  const { value, loading, error } = useAsync(
    () => ownershipApi.getSloSuggestions(entityRef),
    // The ref string, not the object: a new object for the same entity must not refetch.
    [ownershipApi, ref],
  );
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  return value ? <SuggestionsView suggestions={value} /> : null;
}
