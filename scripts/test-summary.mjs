// Prints one closing line for the whole `npm test` run ("N passed, N failed, N skipped"),
// summed over the JSON reports each Vitest project wrote to .test-results/.
import { readdirSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const f of readdirSync('.test-results').filter((n) => n.endsWith('.json'))) {
  const r = JSON.parse(readFileSync(`.test-results/${f}`, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
