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
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { darken, lighten, makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { TRACE_SOURCES_PATH, unhealthySourceIds } from '../../lib/sources';

// Drawn like Material UI's standard warning Alert (which lives in @material-ui/lab, not a dependency here).
const useStyles = makeStyles(
  theme => {
    const getColor = theme.palette.type === 'light' ? darken : lighten;
    const getBackground = theme.palette.type === 'light' ? lighten : darken;
    return {
      root: {
        display: 'flex',
        alignItems: 'flex-start',
        gap: theme.spacing(1.5),
        padding: theme.spacing(1, 2),
        borderRadius: theme.shape.borderRadius,
        color: getColor(theme.palette.warning.main, 0.6),
        backgroundColor: getBackground(theme.palette.warning.main, 0.9),
      },
      icon: {
        color: theme.palette.warning.main,
        padding: theme.spacing(0.75, 0),
        display: 'flex',
      },
      message: {
        padding: theme.spacing(1, 0),
      },
      link: {
        color: 'inherit',
        fontWeight: theme.typography.fontWeightBold as number,
        textDecoration: 'underline',
      },
    };
  },
  { name: 'PluginOwnershipTraceSourcesStatusBanner' },
);

/**
 * Props of {@link TraceSourcesStatusBanner}.
 *
 * @public
 */
export interface TraceSourcesStatusBannerProps {
  /** Extra class of the banner, e.g. to change its margins. */
  className?: string;
}

/**
 * A warning shown where trace data is shown when some upstream trace sources are failing or stale (so the data
 * may be out of date), linking to the trace sources page. Renders nothing when every source is fine, or when the
 * sources cannot be read.
 *
 * @public
 */
export function TraceSourcesStatusBanner(props: TraceSourcesStatusBannerProps) {
  const ownershipApi = useApi(ownershipApiRef);
  const classes = useStyles();
  // Async, so that an API without getSources (an older mock or client) rejects instead of throwing.
  const { value } = useAsync(
    async () => ownershipApi.getSources(),
    [ownershipApi],
  );
  const ids = value ? unhealthySourceIds(value) : [];
  if (ids.length === 0) {
    return null;
  }
  return (
    <div
      role="alert"
      data-testid="trace-sources-banner"
      className={
        props.className ? `${classes.root} ${props.className}` : classes.root
      }
    >
      <div className={classes.icon}>
        <WarningIcon fontSize="small" />
      </div>
      <Typography variant="body2" className={classes.message}>
        Some trace sources are failing or stale: {ids.join(', ')} — data may be
        out of date.{' '}
        <Link to={TRACE_SOURCES_PATH} className={classes.link}>
          Trace sources
        </Link>
      </Typography>
    </div>
  );
}
