import { describe, it } from 'vitest';
import { ROUTING_CASES } from '../../shared/routing-cases.js';
import { runCase } from '../../shared/run-cases.js';

// The same routing cases as test/unit/routing.test.ts, run inside workerd.
describe('routing in workerd', () => {
  for (const c of ROUTING_CASES) it(c.name, () => runCase(c));
});
