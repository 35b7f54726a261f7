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
  CodeSnippet,
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  DependencyWindow,
  SERVICE_NAME_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { formatCount, windowDuration } from '../../lib/format';
import {
  toUnownedTrafficRows,
  UnownedTrafficRow,
} from '../../lib/unownedTraffic';
import { claimAnnotationYaml } from '../../lib/yaml';
import { WindowSelect } from '../WindowSelect';

const useStyles = makeStyles(
  theme => ({
    node: {
      fontFamily: 'monospace',
      wordBreak: 'break-all',
    },
    code: {
      fontFamily: 'monospace',
    },
    snippet: {
      margin: theme.spacing(1, 0, 2),
    },
    empty: {
      padding: theme.spacing(2),
    },
  }),
  { name: 'PluginOwnershipUnownedTrafficPage' },
);

const PAGE_SIZE = 20;

function ClaimCard(props: { example?: string }) {
  const classes = useStyles();
  const example = props.example ?? '<node name>';
  return (
    <InfoCard title="How to claim a node">
      <Typography variant="body2" paragraph>
        Add the <code className={classes.code}>{SERVICE_NAME_ANNOTATION}</code>{' '}
        annotation to the catalog entity that stands for the node, in its{' '}
        <code className={classes.code}>catalog-info.yaml</code>: a component for
        a service or an external peer, a resource for a database. For{' '}
        <code className={classes.code}>{example}</code>:
      </Typography>
      <div className={classes.snippet}>
        <CodeSnippet
          text={claimAnnotationYaml([example])}
          language="yaml"
          showCopyCodeButton
        />
      </div>
      <Typography variant="body2">
        Several names are separated by commas; write{' '}
        <code className={classes.code}>namespace/name</code> to match a{' '}
        <code className={classes.code}>service.namespace</code>. Once the
        catalog has read the change, the node leaves this list and its calls
        show on the entity's Dependencies tab.
      </Typography>
    </InfoCard>
  );
}

function UnownedTrafficTable(props: {
  rows: UnownedTrafficRow[];
  window: DependencyWindow;
}) {
  const { rows, window } = props;
  const classes = useStyles();
  const columns = useMemo<TableColumn<UnownedTrafficRow>[]>(
    () => [
      {
        title: 'Node',
        field: 'node',
        highlight: true,
        render: row => <span className={classes.node}>{row.node}</span>,
      },
      { title: 'Type', field: 'type' },
      {
        title: 'Requests received',
        field: 'requestCount',
        type: 'numeric',
        render: row => formatCount(row.requestCount),
      },
      {
        title: 'Errors',
        field: 'errorCount',
        type: 'numeric',
        render: row =>
          row.requestCount > 0
            ? `${formatCount(row.errorCount)} (${row.errorRate})`
            : formatCount(row.errorCount),
      },
      {
        title: 'Calls made',
        field: 'callCount',
        type: 'numeric',
        render: row => formatCount(row.callCount),
      },
      { title: 'Callers', field: 'callers', sorting: false },
    ],
    [classes],
  );
  return (
    <Table<UnownedTrafficRow>
      title={`Unclaimed trace nodes (${rows.length})`}
      options={{
        paging: rows.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        padding: 'dense',
        search: true,
      }}
      columns={columns}
      data={rows}
      emptyContent={
        <Typography variant="body2" className={classes.empty}>
          Every trace node seen in the last {windowDuration(window)} is claimed
          by a catalog entity.
        </Typography>
      }
    />
  );
}

/**
 * Props of {@link UnownedTrafficPage}.
 *
 * @public
 */
export interface UnownedTrafficPageProps {}

/**
 * A page of the trace nodes no catalog entity claims (services, databases and external peers nobody has
 * taken ownership of), with their traffic and how to claim them.
 *
 * @public
 */
export function UnownedTrafficPage(_props: UnownedTrafficPageProps) {
  const ownershipApi = useApi(ownershipApiRef);
  const [window, setWindow] = useState<DependencyWindow>('24h');
  const { value, loading, error } = useAsync(
    () => ownershipApi.getUnownedTraffic({ window }),
    [ownershipApi, window],
  );
  const rows = useMemo(
    () => (value ? toUnownedTrafficRows(value) : []),
    [value],
  );

  let content;
  if (loading) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else {
    content = (
      <Grid container spacing={3}>
        <Grid item xs={12} lg={8}>
          <UnownedTrafficTable rows={rows} window={window} />
        </Grid>
        <Grid item xs={12} lg={4}>
          <ClaimCard example={rows[0]?.node} />
        </Grid>
      </Grid>
    );
  }
  return (
    <Page themeId="tool">
      <Header
        title="Unowned traffic"
        subtitle="Services, databases and peers seen in traces that no catalog entity claims"
      />
      <Content>
        <ContentHeader title={`Seen in the last ${windowDuration(window)}`}>
          <WindowSelect
            id="ownership-unowned-window"
            value={window}
            onChange={setWindow}
          />
        </ContentHeader>
        {content}
      </Content>
    </Page>
  );
}
