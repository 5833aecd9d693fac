import { serviceHostname, type RegistryService } from '../registry.js';

/** Registry services by FQDN: `reviews.default.svc.cluster.local`. */
export type ServiceIndex = ReadonlyMap<string, RegistryService>;

export function indexServices(services: readonly RegistryService[]): ServiceIndex {
  const byHost = new Map<string, RegistryService>();
  const sorted = [...services].sort((a, b) => serviceHostname(a).localeCompare(serviceHostname(b)));
  for (const s of sorted) byHost.set(serviceHostname(s).toLowerCase(), s);
  return byHost;
}
