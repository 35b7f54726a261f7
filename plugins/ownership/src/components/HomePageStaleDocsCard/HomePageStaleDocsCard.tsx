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
import { parseEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  DocsHealthList,
  EntityDocsHealth,
} from '@service-ownership/plugin-ownership-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import {
  actionErrorMessage,
  docsEntityName,
  formatEntityCount,
} from '../../lib/docs';
import { publishDocsHealth } from '../../lib/docsHealthUpdates';
import { humanizeEntityRef } from '../../lib/format';
import { DocsHealthChip } from '../DocsHealthChip';
import {
  DocsActionDone,
  DocsActionError,
  DocsReviewButton,
  reviewRefusal,
} from '../DocsReviewButton';

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
      gap: theme.spacing(1, 2),
      padding: theme.spacing(1, 0),
      '& + &': {
        borderTop: `1px solid ${theme.palette.divider}`,
      },
    },
    what: {
      flex: '1 1 240px',
      minWidth: 0,
    },
    heading: {
      display: 'flex',
      alignItems: 'center',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    action: {
      display: 'flex',
      flexDirection: 'column',
      alignItems: 'flex-end',
      gap: theme.spacing(0.5),
      maxWidth: 320,
    },
  }),
  { name: 'PluginOwnershipHomePageStaleDocsCard' },
);

/** One entity whose docs need attention, with a one-click review. */
function StaleDocsRow(props: { initial: EntityDocsHealth }) {
  const classes = useStyles();
  const ownershipApi = useApi(ownershipApiRef);
  const [health, setHealth] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  const [reviewed, setReviewed] = useState(false);
  const [error, setError] = useState<string>();
  const name = docsEntityName(health);
  const refusal = reviewRefusal(health);

  const review = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const updated = await ownershipApi.markDocsReviewed(
        parseEntityRef(health.entityRef),
        {},
      );
      setHealth(updated);
      setReviewed(true);
      publishDocsHealth(updated, health.entityRef);
    } catch (e) {
      setError(actionErrorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li
      className={classes.row}
      data-testid="home-docs-row"
      data-entity-ref={health.entityRef}
    >
      <div className={classes.what}>
        <Typography variant="body1" component="div" className={classes.heading}>
          <EntityRefLink entityRef={health.entityRef}>{name}</EntityRefLink>
          <DocsHealthChip health={health} />
        </Typography>
        {health.reasons.length > 0 && (
          <Typography variant="body2" color="textSecondary">
            {health.reasons[0]}
          </Typography>
        )}
        {error && <DocsActionError message={error} />}
      </div>
      <div className={classes.action}>
        {reviewed ? (
          <DocsActionDone message={`${name} marked as reviewed.`} />
        ) : (
          <DocsReviewButton
            health={health}
            busy={busy}
            onClick={review}
            size="small"
            ariaLabel={`Mark ${name} reviewed`}
          />
        )}
        {!reviewed && refusal && (
          <Typography variant="caption" color="textSecondary">
            {refusal}
          </Typography>
        )}
      </div>
    </li>
  );
}

/** Nothing needs attention: say so with the counts, or why the list is empty. */
function EmptyState(props: { list: DocsHealthList }) {
  const { list } = props;
  // `owner=me` also counts what the user owns personally; the teams are the groups.
  const teams = list.owners
    .filter(owner => owner.startsWith('group:'))
    .map(owner => humanizeEntityRef(owner))
    .join(', ');
  if (list.reason) {
    return (
      <Typography variant="body2" data-testid="home-docs-empty">
        {list.reason}
      </Typography>
    );
  }
  if (list.total === 0) {
    return (
      <Typography variant="body2" data-testid="home-docs-empty">
        Your teams own no entity whose documentation is tracked.
      </Typography>
    );
  }
  return (
    <div data-testid="home-docs-empty">
      <Typography variant="body1">
        All documentation of your teams is fresh
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {formatEntityCount(list.total)} checked
        {teams ? ` (${teams})` : ''}: {list.counts.fresh} fresh.
      </Typography>
    </div>
  );
}

/**
 * Props of {@link HomePageStaleDocsCard}.
 *
 * @public
 */
export interface HomePageStaleDocsCardProps {}

/**
 * The content of the "Stale documentation" home page card (the home page draws the card and its title): the
 * entities of the signed-in user's teams whose docs need attention, most urgent first, each with its health,
 * its first reason and a one-click "Mark as reviewed"; or that everything is fresh.
 *
 * @public
 */
export function HomePageStaleDocsCard(_props: HomePageStaleDocsCardProps) {
  const classes = useStyles();
  const ownershipApi = useApi(ownershipApiRef);
  const { value, loading, error } = useAsync(
    () => ownershipApi.listDocsHealth({ owners: ['me'], attention: true }),
    [ownershipApi],
  );
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (loading || !value) {
    return <Progress />;
  }
  if (value.items.length === 0) {
    return <EmptyState list={value} />;
  }
  const needAttention = value.total - value.counts.fresh;
  return (
    <>
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="home-docs-summary"
      >
        {needAttention} of {formatEntityCount(value.total)} of your teams need
        attention
      </Typography>
      {/* The backend's order: most urgent first. */}
      <ul className={classes.list} aria-label="Documentation needing attention">
        {value.items.map(health => (
          <StaleDocsRow key={health.entityRef} initial={health} />
        ))}
      </ul>
    </>
  );
}
