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
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createVendorOnCallProviders } from './vendorConfig';

function providersFor(onCall: object | undefined) {
  const logger = mockServices.logger.mock();
  const providers = createVendorOnCallProviders(
    new ConfigReader(onCall ? { ownership: { onCall } } : {}),
    { logger },
  );
  return { ids: providers.map(provider => provider.id), logger };
}

describe('createVendorOnCallProviders', () => {
  it('returns no provider without vendor config', () => {
    expect(providersFor(undefined).ids).toEqual([]);
    expect(providersFor({}).ids).toEqual([]);
  });

  it('returns a provider for each vendor whose credential is set', () => {
    expect(
      providersFor({
        pagerDuty: { apiToken: 'pd-token' },
        opsgenie: {
          apiKey: 'og-key',
          apiBaseUrl: 'https://api.eu.opsgenie.com',
        },
      }).ids,
    ).toEqual(['pagerduty', 'opsgenie']);
    expect(providersFor({ opsgenie: { apiKey: 'og-key' } }).ids).toEqual([
      'opsgenie',
    ]);
  });

  it('leaves a vendor off, with a warning, when its credential is blank', () => {
    const { ids, logger } = providersFor({ pagerDuty: { apiToken: ' ' } });
    expect(ids).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      'ownership.onCall.pagerDuty.apiToken is empty; that on-call provider stays off',
    );
  });

  it('refuses a base URL that is not http(s), naming the key', () => {
    expect(() =>
      providersFor({
        pagerDuty: { apiToken: 'pd-token', apiBaseUrl: 'ftp://pd.example.com' },
      }),
    ).toThrow(
      'Invalid config value ownership.onCall.pagerDuty.apiBaseUrl=ftp://pd.example.com; expected an http(s) URL, not ftp:',
    );
    expect(() =>
      providersFor({ opsgenie: { apiKey: 'og-key', apiBaseUrl: 'opsgenie' } }),
    ).toThrow(
      'Invalid config value ownership.onCall.opsgenie.apiBaseUrl=opsgenie; expected an http(s) URL',
    );
    expect(() =>
      providersFor({
        opsgenie: {
          apiKey: 'og-key',
          apiBaseUrl: 'https://user:pass@api.opsgenie.com',
        },
      }),
    ).toThrow(
      'Invalid config value ownership.onCall.opsgenie.apiBaseUrl; expected an http(s) URL without credentials, query or fragment',
    );
  });

  it('refuses a negative cache time or a timeout that is not positive', () => {
    expect(() =>
      providersFor({ pagerDuty: { apiToken: 'pd-token', cacheSeconds: -1 } }),
    ).toThrow(
      'Invalid config value ownership.onCall.pagerDuty.cacheSeconds=-1; expected 0 (no cache) or more',
    );
    expect(() =>
      providersFor({ opsgenie: { apiKey: 'og-key', timeoutMs: 0 } }),
    ).toThrow(
      'Invalid config value ownership.onCall.opsgenie.timeoutMs=0; expected a positive number',
    );
  });
});
