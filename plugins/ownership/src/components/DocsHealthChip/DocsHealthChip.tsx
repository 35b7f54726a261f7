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
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EntityDocsHealth } from '@service-ownership/plugin-ownership-common';
import { describeDocsHealthState, docsHealthTone } from '../../lib/docs';
import { ToneChip } from '../ToneChip';

const useStyles = makeStyles(
  theme => ({
    reasons: {
      margin: 0,
      paddingLeft: theme.spacing(2),
    },
  }),
  { name: 'PluginOwnershipDocsHealthChip' },
);

/** The tooltip of a docs-health chip: what the state means and every reason, most important first. */
function DocsHealthTooltip(props: { health: EntityDocsHealth }) {
  const { health } = props;
  const classes = useStyles();
  return (
    <>
      <Typography variant="inherit" component="p">
        Documentation health: {health.label}.{' '}
        {describeDocsHealthState(health.state)}.
      </Typography>
      {health.reasons.length > 0 && (
        <ul className={classes.reasons}>
          {health.reasons.map(reason => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/**
 * Props of {@link DocsHealthChip}.
 */
export interface DocsHealthChipProps {
  health: EntityDocsHealth;
}

/**
 * The documentation health of an entity as a coloured chip (incomplete and overdue red, stale and due soon
 * amber, fresh green) reading the health's label, with its reasons in the tooltip.
 */
export function DocsHealthChip(props: DocsHealthChipProps) {
  const { health } = props;
  return (
    <ToneChip
      label={health.label}
      tone={docsHealthTone(health.state)}
      title={<DocsHealthTooltip health={health} />}
      testId="docs-health-badge"
      state={health.state}
    />
  );
}

/** The quiet stand-in of a docs-health chip while the health loads. */
export function DocsHealthChipPlaceholder() {
  return (
    <Chip
      size="small"
      variant="outlined"
      label="Docs health…"
      data-testid="docs-health-badge"
      data-state="loading"
      aria-busy="true"
    />
  );
}

/** A grey chip saying the docs health could not be read, and why in its tooltip. */
export function DocsHealthChipError(props: { message: string }) {
  return (
    <ToneChip
      label="Docs health unavailable"
      tone="neutral"
      title={`The documentation health could not be read: ${props.message}`}
      testId="docs-health-badge"
      state="error"
    />
  );
}
