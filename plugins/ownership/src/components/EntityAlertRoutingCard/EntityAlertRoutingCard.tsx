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
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { AlertRoutingRecord } from '@service-ownership/plugin-ownership-common';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import {
  ALERT_ROUTING_PATH,
  alertLink,
  describeMethodAndConfidence,
  describeRoutedTo,
  formatAlertTime,
} from '../../lib/alerts';
import { humanizeEntityRef } from '../../lib/format';
import { browserTimeZone } from '../../lib/onCall';
import { AlertStatusChip } from '../AlertDecision';
import { AlertIntakeHelp } from '../AlertIntakeHelp';

const useStyles = makeStyles(
  theme => ({
    list: {
      margin: 0,
      padding: 0,
      listStyle: 'none',
    },
    row: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
      padding: theme.spacing(1, 0),
      '& + &': {
        borderTop: `1px solid ${theme.palette.divider}`,
      },
    },
    time: {
      color: theme.palette.text.secondary,
      minWidth: 120,
    },
    method: {
      color: theme.palette.text.secondary,
    },
  }),
  { name: 'PluginOwnershipEntityAlertRoutingCard' },
);

function AlertRoutingRow(props: {
  record: AlertRoutingRecord;
  timeZone: string;
}) {
  const { record, timeZone } = props;
  const classes = useStyles();
  const { decision } = record;
  const ownerRef = decision?.target?.ownerRef;
  return (
    <li className={classes.row} data-testid="entity-alert-row">
      <Typography variant="body2" component="span" className={classes.time}>
        <time dateTime={record.receivedAt} title={record.receivedAt}>
          {formatAlertTime(record.receivedAt, timeZone)}
        </time>
      </Typography>
      <Typography variant="body2" component="span">
        <Link to={alertLink(record.id)}>{record.name}</Link>
      </Typography>
      <AlertStatusChip status={record.status} />
      <Typography variant="body2" component="span">
        {'→ '}
        {ownerRef ? (
          <EntityRefLink entityRef={ownerRef} defaultKind="group" />
        ) : (
          describeRoutedTo(record)
        )}
      </Typography>
      {decision && (
        <Typography variant="body2" component="span" className={classes.method}>
          {describeMethodAndConfidence(decision)}
        </Typography>
      )}
    </li>
  );
}

/**
 * Props of {@link EntityAlertRoutingCard}.
 *
 * @public
 */
export interface EntityAlertRoutingCardProps {}

/**
 * A card for the Overview of a component or group, "Recent alert routing": the latest alerts raised on the
 * component or routed to it, or routed to the group; each with the team it went to and how sure the routing
 * was, linking to the full decision. Explains how alerts arrive when there is none.
 *
 * @public
 */
export function EntityAlertRoutingCard(_props: EntityAlertRoutingCardProps) {
  const { entity } = useEntity();
  const classes = useStyles();
  const ownershipApi = useApi(ownershipApiRef);
  const entityRef = stringifyEntityRef(entity);
  const isGroup = entity.kind.toLocaleLowerCase('en-US') === 'group';
  const { value, loading, error } = useAsync(
    () =>
      ownershipApi.listAlerts(
        isGroup ? { groupRef: entityRef } : { entityRef },
      ),
    // The ref, not the entity object: a refreshed entity must not refetch the same list.
    [ownershipApi, entityRef, isGroup],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value && value.items.length === 0) {
    const name = humanizeEntityRef(entityRef);
    content = (
      <AlertIntakeHelp
        title={
          isGroup
            ? `No alert has been routed to ${name} yet.`
            : `No alert raised on ${name} or routed to it yet.`
        }
        linkToDryRun
      />
    );
  } else if (value) {
    const timeZone = browserTimeZone();
    content = (
      <ul className={classes.list} aria-label="Recent alerts">
        {value.items.map(record => (
          <AlertRoutingRow
            key={record.id}
            record={record}
            timeZone={timeZone}
          />
        ))}
      </ul>
    );
  }
  return (
    <InfoCard
      title="Recent alert routing"
      deepLink={{ title: 'Alert routing', link: ALERT_ROUTING_PATH }}
    >
      {content}
    </InfoCard>
  );
}
