import { describe, expect, it } from 'vitest';
import { requestIds } from '../../src/mesh/request-id.js';

describe('request ids', () => {
  it('are RFC 9562 version-4 UUIDs, unique across pool refills', () => {
    const next = requestIds();
    const ids = Array.from({ length: 1000 }, next);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(1000);
  });

  it('differ between two generators', () => {
    expect(requestIds()()).not.toBe(requestIds()());
  });
});
