import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
  ScmAuth,
} from '@backstage/integration-react';
import {
  AnyApiFactory,
  configApiRef,
  createApiFactory,
  discoveryApiRef,
  errorApiRef,
  fetchApiRef,
  identityApiRef,
  storageApiRef,
} from '@backstage/core-plugin-api';
import { UserSettingsStorage } from '@backstage/plugin-user-settings';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { VisitsWebStorageApi, visitsApiRef } from '@backstage/plugin-home';
import {
  ALL_RELATION_PAIRS,
  ALL_RELATIONS,
  catalogGraphApiRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import {
  RELATION_OBSERVED_DEPENDENCY_OF,
  RELATION_OBSERVED_DEPENDS_ON,
} from '@service-ownership/plugin-ownership-common';

export const apis: AnyApiFactory[] = [
  createApiFactory({
    api: scmIntegrationsApiRef,
    deps: { configApi: configApiRef },
    factory: ({ configApi }) => ScmIntegrationsApi.fromConfig(configApi),
  }),
  createApiFactory({
    api: storageApiRef,
    deps: {
      discoveryApi: discoveryApiRef,
      errorApi: errorApiRef,
      fetchApi: fetchApiRef,
      identityApi: identityApiRef,
      signalApi: signalApiRef,
    },
    factory: deps => UserSettingsStorage.create(deps),
  }),
  // Recently/top visited cards of the home page.
  createApiFactory({
    api: visitsApiRef,
    deps: { identityApi: identityApiRef, errorApi: errorApiRef },
    factory: ({ identityApi, errorApi }) =>
      VisitsWebStorageApi.create({ identityApi, errorApi }),
  }),
  ScmAuth.createDefaultApiFactory(),
  // The relations card and graph page know the dependencies the ownership catalog module writes from traces.
  createApiFactory({
    api: catalogGraphApiRef,
    deps: {},
    factory: () =>
      new DefaultCatalogGraphApi({
        knownRelations: [
          ...ALL_RELATIONS,
          RELATION_OBSERVED_DEPENDS_ON,
          RELATION_OBSERVED_DEPENDENCY_OF,
        ],
        knownRelationPairs: [
          ...ALL_RELATION_PAIRS,
          [RELATION_OBSERVED_DEPENDS_ON, RELATION_OBSERVED_DEPENDENCY_OF],
        ],
        defaultRelationTypes: { exclude: [] },
      }),
  }),
];
