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
import { ALERT_ROUTING_PATH } from '../../lib/alerts';
import { ALERT_INTAKE_PATH, alertmanagerReceiverYaml } from '../../lib/yaml';

const useStyles = makeStyles(
  theme => ({
    code: {
      fontFamily: 'monospace',
    },
    snippet: {
      margin: theme.spacing(1, 0),
    },
  }),
  { name: 'PluginOwnershipAlertIntakeHelp' },
);

/**
 * Props of {@link AlertIntakeHelp}.
 */
export interface AlertIntakeHelpProps {
  /** What the empty list is about, e.g. `No alert about orders has been routed yet.` */
  title: string;
  /** Offer the dry run of the alert routing page (not on that page itself). */
  linkToDryRun?: boolean;
}

/**
 * Why a list of routed alerts is empty and how alerts arrive: an Alertmanager (or Grafana) webhook to the
 * intake with a service token, with the receiver to paste; and where to try the routing without paging.
 */
export function AlertIntakeHelp(props: AlertIntakeHelpProps) {
  const { title, linkToDryRun } = props;
  const classes = useStyles();
  return (
    <div data-testid="alert-intake-help">
      <Typography variant="body1" paragraph>
        {title}
      </Typography>
      <Typography variant="body2">
        Alerts arrive through a webhook from Alertmanager or Grafana to{' '}
        <code className={classes.code}>{ALERT_INTAKE_PATH}</code> on the
        Backstage backend, with a service token (a static token of{' '}
        <code className={classes.code}>backend.auth.externalAccess</code>). Each
        one is routed to the team owning the service where its failing traces
        fail. An Alertmanager receiver:
      </Typography>
      <div className={classes.snippet}>
        <CodeSnippet
          text={alertmanagerReceiverYaml()}
          language="yaml"
          showCopyCodeButton
        />
      </div>
      {linkToDryRun && (
        <Typography variant="body2">
          To see who an alert would page without paging anyone, run a dry run on
          the <Link to={ALERT_ROUTING_PATH}>alert routing page</Link>.
        </Typography>
      )}
    </div>
  );
}
