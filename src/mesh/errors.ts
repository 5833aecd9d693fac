/**
 * Typed data-path errors. Filters throw them; the rescue filter alone turns them into
 * responses, with Envoy's response flag for the access log and metrics
 * (https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage#config-access-log-format-response-flags).
 */
export type ResponseFlag = 'NR' | 'NC' | 'UH' | 'UO' | 'UF' | 'UT' | 'URX' | 'DI' | 'FI' | 'RL' | 'UAEX' | 'DC' | 'DPE' | 'NONE';

export abstract class MeshError extends Error {
  abstract readonly status: number;
  abstract readonly flag: ResponseFlag;
  /** The body Envoy would send, so clients and scripts see familiar text. */
  get body(): string { return this.message; }
}

/** No virtual host or route matched (Envoy NR): 404. */
export class NoRouteError extends MeshError {
  readonly status = 404;
  readonly flag = 'NR' as const;
  override get body(): string { return ''; }
}

/** The route's cluster does not exist: unknown service, port or subset (Envoy NC): 503. */
export class NoClusterError extends MeshError {
  readonly status = 503;
  readonly flag = 'NC' as const;
}

/** The cluster has no endpoint to send to (Envoy UH): 503. */
export class NoHealthyUpstreamError extends MeshError {
  readonly status = 503;
  readonly flag = 'UH' as const;
  constructor(cluster: string) { super(`no healthy upstream for ${cluster}`); }
  override get body(): string { return 'no healthy upstream'; }
}

/** Connecting to the upstream failed (Envoy UF). */
export class UpstreamConnectError extends MeshError {
  readonly status = 502;
  readonly flag = 'UF' as const;
  override get body(): string { return `upstream connect error or disconnect/reset before headers. reset reason: connection failure`; }
}

/** The route timeout passed before the upstream answered (Envoy UT): 504. */
export class UpstreamTimeoutError extends MeshError {
  readonly status = 504;
  readonly flag = 'UT' as const;
  override get body(): string { return 'upstream request timeout'; }
}

/** The request itself is malformed or hostile; it is never forwarded (Envoy DPE). */
export class BadRequestError extends MeshError {
  readonly flag = 'DPE' as const;
  constructor(message: string, readonly status: number = 400) { super(message); }
}

/** No config has been loaded yet: the gateway answers 503 rather than guess. */
export class NoConfigError extends MeshError {
  readonly status = 503;
  readonly flag = 'NC' as const;
  constructor() { super('no configuration has been published to this gateway yet'); }
}
