import { accessLog, type AccessLogOptions } from './access-log.js';
import { balancer } from './balancer.js';
import type { Filter } from './context.js';
import { normalize, type NormalizeOptions } from './normalize.js';
import { rescue, type RescueOptions } from './rescue.js';
import { route, type RouteOptions } from './route.js';

export interface ChainOptions {
  rescue?: RescueOptions;
  accessLog?: AccessLogOptions;
  normalize?: NormalizeOptions;
  route?: RouteOptions;
}

/**
 * The filter order, in one place, with the reason for each slot (DESIGN.md, decision 10).
 * Slots marked "later" are where the coming work plugs in; nothing stands in for them now.
 * DESIGN.md sketches rescue before telemetry; telemetry goes first here because a filter
 * inside rescue would never see the responses rescue makes from errors.
 *
 * | slot        | why here                                                                 |
 * |-------------|--------------------------------------------------------------------------|
 * | telemetry   | outermost, so it sees every response with its flag; it never throws      |
 * | rescue      | every error from any layer below becomes one typed response, here only   |
 * | normalize   | nothing may look at a request before it is size-checked and sanitised   |
 * | authn       | later: JWT (RequestAuthentication) and peer identity, before any decision |
 * | authz       | later: AuthorizationPolicy needs the identities authn established         |
 * | rate limit  | later: after authz, so denied requests do not consume tokens             |
 * | route       | chooses virtual host, route and cluster; ends redirects / direct replies  |
 * | fault       | later: per route, so it needs the route                                   |
 * | mirror      | later: per route, shadows the request after faults are decided           |
 * | retry       | later: wraps everything below, so each try re-balances                    |
 * | balancer    | picks the endpoint; outlier detection and circuit breakers sit here       |
 * | upstream    | the terminal: fetch, streaming both ways                                  |
 */
export function filterChain(options: ChainOptions = {}): Filter[] {
  const chain: Filter[] = [];
  if (options.accessLog) chain.push(accessLog(options.accessLog));
  chain.push(rescue(options.rescue), normalize(options.normalize), route(options.route), balancer());
  return chain;
}
