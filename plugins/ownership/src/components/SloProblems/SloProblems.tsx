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
  OwnershipProblem,
  SLOS_ANNOTATION,
} from '@service-ownership/plugin-ownership-common';
import { AnnotationProblems } from '../AnnotationProblems';

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
  return (
    <AnnotationProblems
      problems={props.problems}
      annotation={SLOS_ANNOTATION}
      consequence="The SLOs they concern are left out until they are fixed."
      listLabel="SLO annotation problems"
    />
  );
}
