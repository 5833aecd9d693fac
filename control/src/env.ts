import type { ConfigStore } from './store.js';

export interface ControlEnv {
  STORE: DurableObjectNamespace<ConfigStore>;
  CONFIG: KVNamespace;
  /** ES256 private key as a JWK (JSON), with `kid`. A secret. */
  SIGNING_KEY?: string;
  TOKEN_ISSUER?: string;
}

/** The one config store of this mesh. */
export function store(env: ControlEnv): DurableObjectStub<ConfigStore> {
  return env.STORE.get(env.STORE.idFromName('mesh'));
}
