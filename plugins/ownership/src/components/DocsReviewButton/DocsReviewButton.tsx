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
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckIcon from '@material-ui/icons/Check';
import { EntityDocsHealth } from '@service-ownership/plugin-ownership-common';

/** What the button says when the backend refuses without saying why. */
const DEFAULT_REFUSAL =
  'Only members of the owning group can mark these docs reviewed.';

const useStyles = makeStyles(
  theme => ({
    error: {
      color: theme.palette.error.main,
      borderLeft: `4px solid ${theme.palette.error.main}`,
      paddingLeft: theme.spacing(1),
    },
    done: {
      color: theme.palette.success.main,
    },
  }),
  { name: 'PluginOwnershipDocsReviewButton' },
);

/** Why the signed-in user may not mark an entity's docs reviewed, or undefined when they may. */
export function reviewRefusal(health: EntityDocsHealth): string | undefined {
  return health.review.allowed
    ? undefined
    : health.review.reason ?? DEFAULT_REFUSAL;
}

/**
 * Props of {@link DocsReviewButton}.
 */
export interface DocsReviewButtonProps {
  health: EntityDocsHealth;
  busy: boolean;
  onClick(): void;
  /** The accessible name, when the visible text alone does not say which entity (e.g. in lists). */
  ariaLabel?: string;
  size?: 'small' | 'medium';
}

/**
 * "Mark as reviewed": disabled, with the reason in its tooltip, when the signed-in user may not review the
 * entity's docs.
 */
export function DocsReviewButton(props: DocsReviewButtonProps) {
  const { health, busy, onClick, ariaLabel, size } = props;
  const refusal = reviewRefusal(health);
  const button = (
    <Button
      variant="contained"
      color="primary"
      size={size}
      startIcon={<CheckIcon />}
      disabled={busy || refusal !== undefined}
      onClick={onClick}
      aria-label={ariaLabel}
    >
      Mark as reviewed
    </Button>
  );
  if (!refusal) {
    return button;
  }
  // A disabled button gets no pointer events: the tooltip listens on a wrapper.
  return (
    <Tooltip title={refusal}>
      <span>{button}</span>
    </Tooltip>
  );
}

/** A failed action, announced: the backend's message, e.g. why a review was refused. */
export function DocsActionError(props: { message: string }) {
  const classes = useStyles();
  return (
    <Typography variant="body2" role="alert" className={classes.error}>
      {props.message}
    </Typography>
  );
}

/** A short confirmation of a done action, announced politely. */
export function DocsActionDone(props: { message: string }) {
  const classes = useStyles();
  return (
    <Typography
      variant="body2"
      role="status"
      component="span"
      className={classes.done}
    >
      {props.message}
    </Typography>
  );
}
