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
import { CodeSnippet, Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { SLOS_ANNOTATION } from '@service-ownership/plugin-ownership-common';
import { sloAnnotationExampleYaml } from '../../lib/yaml';

const useStyles = makeStyles(
  theme => ({
    code: {
      fontFamily: 'monospace',
    },
    snippet: {
      margin: theme.spacing(1, 0),
    },
  }),
  { name: 'PluginOwnershipSloEmptyState' },
);

/**
 * Props of {@link SloEmptyState}.
 */
export interface SloEmptyStateProps {
  /** Whether the annotation is there but none of its SLOs is valid. */
  hasProblems: boolean;
  /** Where the suggestions are (the SLOs tab), when not on the same page. */
  suggestionsLink?: string;
}

/**
 * Explains the SLO annotation, with an example to paste, when an entity has no (valid) SLO.
 */
export function SloEmptyState(props: SloEmptyStateProps) {
  const { hasProblems, suggestionsLink } = props;
  const classes = useStyles();
  return (
    <div data-testid="slo-empty-state">
      <Typography variant="body1" paragraph>
        {hasProblems
          ? 'None of the SLOs of this entity can be evaluated until the problems above are fixed.'
          : 'This entity has no service level objective yet.'}
      </Typography>
      <Typography variant="body2">
        SLOs are defined in the{' '}
        <code className={classes.code}>{SLOS_ANNOTATION}</code> annotation of
        the entity's <code className={classes.code}>catalog-info.yaml</code>, as
        a YAML list, and measured on its traces. For example, 99 % of{' '}
        <code className={classes.code}>place_order</code> requests within 300 ms
        over 28 days:
      </Typography>
      <div className={classes.snippet}>
        <CodeSnippet
          text={sloAnnotationExampleYaml()}
          language="yaml"
          showCopyCodeButton
        />
      </div>
      {suggestionsLink && (
        <Typography variant="body2">
          <Link to={suggestionsLink}>
            See what this service can promise today
          </Link>
          : objectives suggested from what its traces show, ready to paste.
        </Typography>
      )}
    </div>
  );
}
