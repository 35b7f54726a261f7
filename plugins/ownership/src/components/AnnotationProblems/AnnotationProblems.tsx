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
import { OwnershipProblem } from '@service-ownership/plugin-ownership-common';

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
  { name: 'PluginOwnershipAnnotationProblems' },
);

/**
 * Props of {@link AnnotationProblems}.
 */
export interface AnnotationProblemsProps {
  problems: OwnershipProblem[];
  /** The annotation key the problems are about, for the title. */
  annotation: string;
  /** What the problems mean for what is shown, e.g. that the SLOs they concern are left out. */
  consequence: string;
  /** Accessible name of the list, e.g. `SLO annotation problems`. */
  listLabel: string;
}

/**
 * The located problems of an annotation as a warning: where each one is, what to fix, and what it means
 * until it is fixed. Nothing when there is none.
 */
export function AnnotationProblems(props: AnnotationProblemsProps) {
  const { problems, annotation, consequence, listLabel } = props;
  const classes = useStyles();
  if (problems.length === 0) {
    return null;
  }
  return (
    <WarningPanel
      severity="warning"
      title={
        problems.length === 1
          ? `A problem in the ${annotation} annotation`
          : `${problems.length} problems in the ${annotation} annotation`
      }
      message={consequence}
      defaultExpanded
    >
      <ul className={classes.list} aria-label={listLabel}>
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
