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
import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  OwnershipProblem,
  SLOS_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';

const useStyles = makeStyles(
  theme => ({
    list: {
      margin: 0,
      paddingLeft: theme.spacing(2),
    },
    item: {
      '& + &': {
        marginTop: theme.spacing(1),
      },
    },
    path: {
      fontFamily: 'monospace',
      wordBreak: 'break-all',
    },
  }),
  { name: 'PluginOwnershipSloProblems' },
);

/**
 * Props of {@link SloProblems}.
 */
export interface SloProblemsProps {
  problems: OwnershipProblem[];
}

/**
 * The located problems of the SLO annotation as a warning: where each one is and what to fix. The SLOs
 * they concern are left out of the evaluation; the others still show.
 */
export function SloProblems(props: SloProblemsProps) {
  const { problems } = props;
  const classes = useStyles();
  if (problems.length === 0) {
    return null;
  }
  return (
    <WarningPanel
      severity="warning"
      title={
        problems.length === 1
          ? `A problem in the ${SLOS_ANNOTATION} annotation`
          : `${problems.length} problems in the ${SLOS_ANNOTATION} annotation`
      }
      message="The SLOs they concern are left out until they are fixed."
      defaultExpanded
    >
      <ul className={classes.list} aria-label="SLO annotation problems">
        {problems.map(problem => (
          <li
            key={`${problem.path}:${problem.message}`}
            className={classes.item}
          >
            <Typography variant="body2" className={classes.path}>
              {problem.path}
            </Typography>
            <Typography variant="body2">
              {problem.message}
              {problem.value !== undefined && ` (found "${problem.value}")`}
            </Typography>
          </li>
        ))}
      </ul>
    </WarningPanel>
  );
}
