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
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import GetAppIcon from '@material-ui/icons/GetApp';
import { SloExportFormat } from '@service-ownership/plugin-ownership-common';
import { useState } from 'react';
import { ownershipApiRef } from '../../api';
import { saveTextFile } from '../../lib/download';
import { sloExportFileName, sloExportLabel } from '../../lib/slo';

const FORMATS: SloExportFormat[] = ['sloth', 'prometheus', 'openslo'];

const useStyles = makeStyles(
  theme => ({
    buttons: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(1),
    },
    error: {
      marginTop: theme.spacing(2),
    },
  }),
  { name: 'PluginOwnershipSloExportButtons' },
);

/**
 * Props of {@link SloExportButtons}.
 */
export interface SloExportButtonsProps {
  entityRef: CompoundEntityRef;
}

/**
 * Downloads the entity's SLOs as a Sloth spec, Prometheus recording and alerting rules, or OpenSLO
 * documents, converted by the backend.
 */
export function SloExportButtons(props: SloExportButtonsProps) {
  const { entityRef } = props;
  const classes = useStyles();
  const ownershipApi = useApi(ownershipApiRef);
  const [busy, setBusy] = useState<SloExportFormat | undefined>();
  const [error, setError] = useState<Error | undefined>();

  const download = async (format: SloExportFormat) => {
    setBusy(format);
    setError(undefined);
    try {
      const text = await ownershipApi.exportSlos(entityRef, format);
      saveTextFile(
        text,
        sloExportFileName(entityRef.name, format),
        'text/yaml',
      );
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div>
      <div className={classes.buttons}>
        {FORMATS.map(format => (
          <Button
            key={format}
            variant="outlined"
            color="primary"
            size="small"
            startIcon={<GetAppIcon />}
            disabled={busy !== undefined}
            onClick={() => download(format)}
          >
            Download {sloExportLabel(format)}
          </Button>
        ))}
      </div>
      {error && (
        <div className={classes.error}>
          <ResponseErrorPanel error={error} />
        </div>
      )}
    </div>
  );
}
