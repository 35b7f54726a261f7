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
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { OnCallPersonJson } from '@service-ownership/plugin-ownership-common';

/**
 * Props of {@link OnCallPersonName}.
 */
export interface OnCallPersonNameProps {
  person: OnCallPersonJson;
}

/** A person on call: a link to their catalog user, else to their page in the provider's UI, else plain. */
export function OnCallPersonName(props: OnCallPersonNameProps) {
  const { person } = props;
  if (person.userRef) {
    return (
      <EntityRefLink entityRef={person.userRef} defaultKind="user">
        {person.name}
      </EntityRefLink>
    );
  }
  if (person.url) {
    return <Link to={person.url}>{person.name}</Link>;
  }
  return <>{person.name}</>;
}
