import type { ControlEnv } from '../../control/src/env.js';
import type { GatewayEnv } from '../../src/gateway/env.js';

declare global {
  namespace Cloudflare {
    interface Env extends ControlEnv, Omit<GatewayEnv, 'CONFIG'> {}
  }
}
