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
import { CodeSnippet } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ON_CALL_ANNOTATION,
  OPSGENIE_TEAM_ANNOTATION,
  PAGERDUTY_SERVICE_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import { onCallAnnotationExampleYaml } from '../../lib/yaml';

const useStyles = makeStyles(
  theme => ({
    code: {
      fontFamily: 'monospace',
    },
    snippet: {
      margin: theme.spacing(1, 0),
    },
  }),
  { name: 'PluginOwnershipOnCallEmptyState' },
);

/**
 * Props of {@link OnCallEmptyState}.
 */
export interface OnCallEmptyStateProps {
  /** Why there is no roster, as the backend explains it. */
  reason?: string;
  /** The group whose schedule would cover the entity, when it has one. */
  groupRef?: string;
}

/**
 * Explains why nobody is shown on call and how to define a schedule: the catalog rotation on the owner
 * group, with an example to paste, or a PagerDuty service or Opsgenie team.
 */
export function OnCallEmptyState(props: OnCallEmptyStateProps) {
  const { reason, groupRef } = props;
  const classes = useStyles();
  return (
    <div data-testid="on-call-empty-state">
      <Typography variant="body1" paragraph>
        {reason ?? 'No on-call schedule covers this entity.'}
      </Typography>
      <Typography variant="body2">
        A team's rotation is defined in the{' '}
        <code className={classes.code}>{ON_CALL_ANNOTATION}</code> annotation of{' '}
        {groupRef ? (
          <EntityRefLink entityRef={groupRef} defaultKind="group" />
        ) : (
          'the owner group'
        )}{' '}
        in its <code className={classes.code}>catalog-info.yaml</code>: the
        members take turns, handing over at the same local time, and the
        escalation layers are paged when nobody answers. For example, a weekly
        rotation handing over on Mondays at 09:00 Berlin time, escalating to
        carol after 15 minutes:
      </Typography>
      <div className={classes.snippet}>
        <CodeSnippet
          text={onCallAnnotationExampleYaml()}
          language="yaml"
          showCopyCodeButton
        />
      </div>
      <Typography variant="body2">
        Teams paged through PagerDuty or Opsgenie can instead annotate the
        component or the group with{' '}
        <code className={classes.code}>{PAGERDUTY_SERVICE_ANNOTATION}</code> or{' '}
        <code className={classes.code}>{OPSGENIE_TEAM_ANNOTATION}</code>, when
        the backend has that on-call provider installed.
      </Typography>
    </div>
  );
}
