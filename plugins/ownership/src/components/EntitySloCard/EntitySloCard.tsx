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
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Divider from '@material-ui/core/Divider';
import { makeStyles } from '@material-ui/core/styles';
import { EntitySlos } from '@service-ownership/plugin-ownership-common';
import { Fragment } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { SloEmptyState } from '../SloEmptyState';
import { SloProblems } from '../SloProblems';
import { SloSummary } from '../SloSummary';

/** Where the SLOs tab is mounted on entity pages, relative to the entity page. */
const DEFAULT_SLOS_TAB_PATH = 'slos';

const useStyles = makeStyles(
  theme => ({
    divider: {
      margin: theme.spacing(2, 0),
    },
    problems: {
      marginBottom: theme.spacing(2),
    },
  }),
  { name: 'PluginOwnershipEntitySloCard' },
);

function SlosView(props: { slos: EntitySlos; slosTabPath: string }) {
  const { slos, slosTabPath } = props;
  const classes = useStyles();
  return (
    <>
      {slos.problems.length > 0 && (
        <div className={classes.problems}>
          <SloProblems problems={slos.problems} />
        </div>
      )}
      {slos.slos.length === 0 ? (
        <SloEmptyState
          hasProblems={slos.problems.length > 0}
          suggestionsLink={slosTabPath}
        />
      ) : (
        slos.slos.map((evaluation, index) => (
          <Fragment key={evaluation.definition.name}>
            {index > 0 && <Divider className={classes.divider} />}
            <SloSummary evaluation={evaluation} />
          </Fragment>
        ))
      )}
    </>
  );
}

/**
 * Props of {@link EntitySloCard}.
 *
 * @public
 */
export interface EntitySloCardProps {
  /** Where the SLOs tab is, relative to the entity page; `slos` by default. */
  slosTabPath?: string;
}

/**
 * A card for the entity Overview: each SLO with its burn-rate state, attainment, error budget left and
 * budget trend; the problems of the SLO annotation; and how to define SLOs when there are none.
 *
 * @public
 */
export function EntitySloCard(props: EntitySloCardProps) {
  const { slosTabPath = DEFAULT_SLOS_TAB_PATH } = props;
  const { entity } = useEntity();
  const ownershipApi = useApi(ownershipApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => ownershipApi.getEntitySlos(getCompoundEntityRef(entity)),
    // The ref, not the entity object: a refreshed entity must not refetch the same SLOs.
    [ownershipApi, entityRef],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (value) {
    content = <SlosView slos={value} slosTabPath={slosTabPath} />;
  }
  const hasSlos = (value?.slos.length ?? 0) > 0;
  return (
    <InfoCard
      title="Service level objectives"
      subheader="Measured on traces: attainment, error budget left and burn-rate alerts"
      deepLink={
        hasSlos ? { title: 'Charts and details', link: slosTabPath } : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
