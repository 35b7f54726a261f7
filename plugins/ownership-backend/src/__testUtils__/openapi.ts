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
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'fs';
import path from 'path';
import { parse as parseYaml } from 'yaml';

const spec = parseYaml(
  fs.readFileSync(path.resolve(__dirname, '../schema/openapi.yaml'), 'utf8'),
);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, 'openapi.yaml');

/** Asserts that a response body matches the schema openapi.yaml declares for that route, method and status. */
export function expectToMatchSpec(
  route: string,
  status: number,
  body: unknown,
  method: 'get' | 'post' = 'get',
) {
  const pointer = `openapi.yaml#/paths/${route.replace(
    /\//g,
    '~1',
  )}/${method}/responses/${status}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer);
  if (!validate) {
    throw new Error(
      `No schema in openapi.yaml for ${method.toUpperCase()} ${route} ${status}`,
    );
  }
  const valid = validate(body);
  expect(valid ? [] : validate.errors).toEqual([]);
}
