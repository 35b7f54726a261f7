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
import TextField from '@material-ui/core/TextField';
import {
  DEPENDENCY_WINDOWS,
  DependencyWindow,
} from '@service-ownership/plugin-ownership-common';
import { ChangeEvent } from 'react';
import { windowOptionLabel } from '../../lib/format';

/**
 * Props of {@link WindowSelect}.
 */
export interface WindowSelectProps {
  value: DependencyWindow;
  onChange: (window: DependencyWindow) => void;
  /** The windows to offer; all of them by default. */
  windows?: readonly DependencyWindow[];
  /** Unique within the page: it ties the label to the select. */
  id: string;
}

/**
 * Picks the time window of traffic to show, as a native select so it works with keyboard and screen
 * readers without extra effort.
 */
export function WindowSelect(props: WindowSelectProps) {
  const { value, onChange, windows = DEPENDENCY_WINDOWS, id } = props;
  return (
    <TextField
      id={id}
      select
      label="Window"
      variant="outlined"
      size="small"
      value={value}
      onChange={(event: ChangeEvent<{ value: unknown }>) =>
        onChange(event.target.value as DependencyWindow)
      }
      SelectProps={{ native: true }}
    >
      {windows.map(window => (
        <option key={window} value={window}>
          {windowOptionLabel(window)}
        </option>
      ))}
    </TextField>
  );
}
