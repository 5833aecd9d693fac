/** What the gateway worker is given by wrangler.toml (or Miniflare). */
export interface GatewayEnv {
  CONFIG: KVNamespace;
  GATEWAY_NAME?: string;
  LISTENER_PORT?: string;
  CONFIG_POLL_MS?: string;
  ACCESS_LOG?: string;
  /** Optional: control's StatusReporter entrypoint, told which snapshot this isolate serves. */
  CONTROL?: { report(status: GatewayStatusReport): Promise<void> };
}

export interface GatewayStatusReport {
  gateway: string;
  hash: string;
  generation: number;
  loadedAt: string;
  isolate: string;
}
