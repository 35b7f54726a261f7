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
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useEntityDocsHealth } from '../../hooks/useEntityDocsHealth';
import { actionErrorMessage } from '../../lib/docs';
import {
  DocsHealthChip,
  DocsHealthChipError,
  DocsHealthChipPlaceholder,
} from '../DocsHealthChip';

const useStyles = makeStyles(
  theme => ({
    root: {
      display: 'inline-flex',
      alignItems: 'center',
      gap: theme.spacing(1),
    },
  }),
  { name: 'PluginOwnershipEntityDocsHealthBadge' },
);

/**
 * Props of {@link EntityDocsHealthBadge}.
 *
 * @public
 */
export interface EntityDocsHealthBadgeProps {
  /** A word or two shown before the chip, e.g. `Documentation`; none by default. */
  caption?: string;
}

/**
 * The documentation health of the current entity as a small coloured chip, for the top of an entity page:
 * `Fresh` green, `Due in 5 days` and `Stale: …` amber, `Overdue 12 days` and `Incomplete: …` red, with every
 * reason in its tooltip. It follows "Mark as reviewed" and snoozes done on the same page.
 *
 * @public
 */
export function EntityDocsHealthBadge(props: EntityDocsHealthBadgeProps) {
  const { caption } = props;
  const classes = useStyles();
  const { entity } = useEntity();
  const { value, error } = useEntityDocsHealth(stringifyEntityRef(entity));

  let chip;
  if (value) {
    chip = <DocsHealthChip health={value.health} />;
  } else if (error) {
    chip = <DocsHealthChipError message={actionErrorMessage(error)} />;
  } else {
    chip = <DocsHealthChipPlaceholder />;
  }
  if (!caption) {
    return chip;
  }
  return (
    <span className={classes.root}>
      <Typography variant="body2" component="span" color="textSecondary">
        {caption}
      </Typography>
      {chip}
    </span>
  );
}
