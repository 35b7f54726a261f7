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
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { SloEvaluation } from '@service-ownership/plugin-ownership-common';
import { formatCount, toMillis } from '../../lib/format';
import {
  describeWindowPrecision,
  formatBurnRate,
  formatChartTooltipTime,
  formatWindowMinutes,
} from '../../lib/slo';

const useStyles = makeStyles(
  theme => ({
    table: {
      overflowX: 'auto',
    },
    firing: {
      color: theme.palette.error.main,
      fontWeight: theme.typography.fontWeightBold as number,
    },
  }),
  { name: 'PluginOwnershipBurnWindowsTable' },
);

function formatEdge(iso: string): string {
  const millis = toMillis(iso);
  return millis === undefined ? iso : formatChartTooltipTime(millis);
}

/**
 * The burn-rate windows of an SLO: each window's burn rate, counts and how precisely its far edge was
 * read; the two windows of the firing condition stand out.
 */
export function BurnWindowsTable(props: { evaluation: SloEvaluation }) {
  const { evaluation } = props;
  const classes = useStyles();
  const { firing } = evaluation;
  const isFiring = (minutes: number) =>
    firing !== undefined &&
    (minutes === firing.longWindowMinutes ||
      minutes === firing.shortWindowMinutes);
  return (
    <div className={classes.table}>
      <Table
        size="small"
        aria-label={`Burn-rate windows of ${evaluation.definition.name}`}
      >
        <TableHead>
          <TableRow>
            <TableCell>Window</TableCell>
            <TableCell align="right">Burn rate</TableCell>
            <TableCell align="right">Good / total</TableCell>
            <TableCell>Precision</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {evaluation.burnWindows.map(window => (
            <TableRow key={window.minutes}>
              <TableCell>Last {formatWindowMinutes(window.minutes)}</TableCell>
              <TableCell
                align="right"
                className={
                  isFiring(window.minutes) ? classes.firing : undefined
                }
              >
                {formatBurnRate(window.burnRate)}
              </TableCell>
              <TableCell align="right">
                {formatCount(window.good)} / {formatCount(window.total)}
              </TableCell>
              <TableCell
                title={`Read from ${formatEdge(window.from)} to ${formatEdge(
                  window.to,
                )}`}
              >
                {describeWindowPrecision(window.precisionMinutes)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
