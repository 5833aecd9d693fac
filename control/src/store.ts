import { DurableObject } from 'cloudflare:workers';
import { compile } from '../../src/mesh/compile/index.js';
import type { RegistryDelta, RegistryService, RegistryState } from '../../src/mesh/registry.js';
import { serviceKey } from '../../src/mesh/registry.js';
import type { Condition, Snapshot } from '../../src/mesh/snapshot.js';
import type { MeshResource } from '../../src/mesh/types.js';
import { resourceKey, resourceRef } from '../../src/mesh/types.js';
import type { ControlEnv } from './env.js';
import { publishSnapshot } from './publish.js';
import type { GatewayStatus, HistoryEntry, Published, StatusResponse, WriteItem, WriteResult } from '../../src/api/admin.js';
import { content, diffStates, keyed, type Change } from './state.js';

export type WriteMode = 'apply' | 'create' | 'replace' | 'delete';

export interface WriteRequest {
  mode: WriteMode;
  resources: MeshResource[];
  dryRun: boolean;
  author: string;
  message?: string;
}

/** Store results cross the RPC boundary as data; the worker turns failures into typed errors. */
export type StoreResult<T> = { ok: true; value: T } | { ok: false; code: 404 | 409; message: string };

/**
 * The config store: the source of truth for applied resources and the registry
 * (DESIGN.md decision 5). SQLite in a Durable Object serialises writes; each write
 * checks, compiles and commits without awaiting, so two clients can never interleave
 * inside one. Every generation's changes are kept, for history, diff and rollback.
 */
export class ConfigStore extends DurableObject<ControlEnv> {
  private readonly sql: SqlStorage;
  private publishing: Promise<unknown> = Promise.resolve();
  /** Bumped by every registry write, so a compiled snapshot can say which registry it saw. */
  private registryVersion = 0;
  /** The snapshot a write compiled before committing, reused by the publish that follows it. */
  private compiled: { generation: number; registryVersion: number; snapshot: Snapshot } | undefined;

  constructor(ctx: DurableObjectState, env: ControlEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS resources (key TEXT PRIMARY KEY, kind TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS revisions (generation INTEGER NOT NULL, key TEXT NOT NULL, body TEXT, PRIMARY KEY (generation, key));
      CREATE TABLE IF NOT EXISTS generations (generation INTEGER PRIMARY KEY, time TEXT NOT NULL, author TEXT NOT NULL, message TEXT NOT NULL, changes TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS registry (source TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (source, key));
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
    `);
  }

  // ---------- reads ----------

  list(kind: string, namespace?: string): MeshResource[] {
    const rows = namespace === undefined
      ? this.sql.exec<{ body: string }>('SELECT body FROM resources WHERE kind = ? ORDER BY namespace, name', kind)
      : this.sql.exec<{ body: string }>('SELECT body FROM resources WHERE kind = ? AND namespace = ? ORDER BY name', kind, namespace);
    return rows.toArray().map((r) => JSON.parse(r.body) as MeshResource);
  }

  get(kind: string, namespace: string, name: string): MeshResource | undefined {
    const row = this.sql.exec<{ body: string }>('SELECT body FROM resources WHERE key = ?', `${kind}/${namespace}/${name}`).toArray()[0];
    return row ? (JSON.parse(row.body) as MeshResource) : undefined;
  }

  generation(): number {
    return this.sql.exec<{ g: number | null }>('SELECT MAX(generation) AS g FROM generations').one().g ?? 0;
  }

  history(limit = 50): HistoryEntry[] {
    return this.sql.exec<{ generation: number; time: string; author: string; message: string; changes: string }>(
      'SELECT * FROM generations ORDER BY generation DESC LIMIT ?', limit,
    ).toArray().map((r) => ({ ...r, changes: JSON.parse(r.changes) as HistoryEntry['changes'] }));
  }

  /** Every resource as it stood right after `generation` was written. */
  stateAt(generation: number): StoreResult<MeshResource[]> {
    if (generation < 0 || generation > this.generation()) return { ok: false, code: 404, message: `generation ${generation} does not exist; see \`isthmus history\`` };
    const rows = this.sql.exec<{ body: string | null }>(`
      SELECT r.body FROM revisions r
      JOIN (SELECT key, MAX(generation) AS g FROM revisions WHERE generation <= ? GROUP BY key) latest
        ON r.key = latest.key AND r.generation = latest.g
      ORDER BY r.key`, generation).toArray();
    return { ok: true, value: rows.flatMap((r) => (r.body === null ? [] : [JSON.parse(r.body) as MeshResource])) };
  }

  /** What applying these resources would change, without writing anything (`isthmus diff`). */
  diff(resources: MeshResource[]): Change[] {
    const current = keyed(this.all());
    const next = new Map<string, MeshResource>();
    for (const r of resources) {
      const key = resourceKey(r);
      const before = current.get(key);
      const after = this.stamp(r, before, 0, '');
      if (!before) next.set(key, after);
      else if (content(before) !== content(after)) next.set(key, after);
    }
    return [...next].map(([key, after]) => {
      const before = current.get(key);
      return before ? { key, action: 'configured' as const, before, after } : { key, action: 'created' as const, after };
    });
  }

  status(): StatusResponse {
    const published = this.meta<Published>('published') ?? null;
    const gateways = this.sql.exec<{ v: string }>("SELECT v FROM meta WHERE k LIKE 'gateway/%' ORDER BY k").toArray()
      .map((r) => JSON.parse(r.v) as GatewayStatus);
    return { generation: this.generation(), published, gateways, conditions: this.meta<Condition[]>('conditions') ?? [] };
  }

  registry(): RegistryService[] {
    return this.sql.exec<{ body: string }>('SELECT body FROM registry ORDER BY key, source').toArray()
      .map((r) => JSON.parse(r.body) as RegistryService);
  }

  // ---------- writes ----------

  async write(req: WriteRequest): Promise<StoreResult<WriteResult>> {
    const current = keyed(this.all());
    const generation = this.generation() + 1;
    const now = new Date().toISOString();
    const next = new Map(current);
    const items: WriteItem[] = [];
    for (const r of req.resources) {
      const key = resourceKey(r);
      const before = current.get(key);
      const item: WriteItem = { kind: r.kind, apiVersion: r.apiVersion, namespace: r.metadata.namespace ?? 'default', name: r.metadata.name, action: 'unchanged' };
      const rv = r.metadata.resourceVersion;
      if (req.mode === 'create' && before) return { ok: false, code: 409, message: `${resourceRef(r)} already exists` };
      if ((req.mode === 'replace' || req.mode === 'delete') && !before) return { ok: false, code: 404, message: `${resourceRef(r)} not found` };
      if (rv !== undefined && rv !== '' && before && rv !== before.metadata.resourceVersion) {
        return { ok: false, code: 409, message: `${resourceRef(r)} was modified (resourceVersion ${before.metadata.resourceVersion ?? '?'}, you sent ${rv}); get it again and reapply your change` };
      }
      if (req.mode === 'delete') {
        next.delete(key);
        item.action = 'deleted';
      } else {
        const after = this.stamp(r, before, generation, now);
        if (!before || content(before) !== content(after)) {
          next.set(key, after);
          item.action = before ? 'configured' : 'created';
          item.resourceVersion = String(generation);
        } else item.resourceVersion = before.metadata.resourceVersion ?? '';
      }
      items.push(item);
    }
    const changes = diffStates(current, next);
    // Compile the candidate before committing: a compile failure must leave the served config alone.
    const snapshot = compile({ generation: changes.length ? generation : generation - 1, resources: [...next.values()], registry: this.registry() });
    const written = new Set(items.map((i) => `${i.kind} ${i.namespace}/${i.name}`));
    const conditions = snapshot.conditions.filter((c) => written.has(c.resource));
    if (req.dryRun || changes.length === 0) return { ok: true, value: { generation: generation - 1, items, conditions } };

    this.commit(generation, now, req.author, req.message ?? summary(changes), changes);
    this.compiled = { generation, registryVersion: this.registryVersion, snapshot };
    return { ok: true, value: { generation, items, conditions, ...(await this.tryPublish()) } };
  }

  /** Restores the resources as they were at `generation`, as a new generation. */
  async rollback(generation: number, author: string): Promise<StoreResult<WriteResult>> {
    const target = this.stateAt(generation);
    if (!target.ok) return target;
    const current = keyed(this.all());
    const next = keyed(target.value);
    const changes = diffStates(current, next);
    const g = this.generation() + 1;
    const items: WriteItem[] = changes.map((c) => {
      const r = c.after ?? c.before;
      return { kind: r?.kind ?? '', apiVersion: r?.apiVersion ?? '', namespace: r?.metadata.namespace ?? '', name: r?.metadata.name ?? '', action: c.action };
    });
    if (changes.length === 0) return { ok: true, value: { generation: g - 1, items, conditions: [] } };
    const now = new Date().toISOString();
    const stamped = changes.map((c) => (c.after ? { ...c, after: this.stamp(c.after, c.before, g, now) } : c));
    this.commit(g, now, author, `rollback to generation ${generation}`, stamped);
    return { ok: true, value: { generation: g, items, conditions: [], ...(await this.tryPublish()) } };
  }

  /** Full state from one registry source (PUT): replaces everything that source sent before. */
  async registryPut(source: string, state: RegistryState): Promise<{ services: number } & PublishOutcome> {
    this.registryVersion++;
    this.ctx.storage.transactionSync(() => {
      this.sql.exec('DELETE FROM registry WHERE source = ?', source);
      for (const s of state.services) this.sql.exec('INSERT INTO registry (source, key, body) VALUES (?, ?, ?)', source, serviceKey(s), JSON.stringify(s));
    });
    return { services: state.services.length, ...(await this.tryPublish()) };
  }

  /** A delta from one registry source (PATCH): idempotent upserts and deletes. */
  async registryPatch(source: string, delta: RegistryDelta): Promise<PublishOutcome> {
    this.registryVersion++;
    this.ctx.storage.transactionSync(() => {
      for (const s of delta.upsert ?? []) {
        this.sql.exec('INSERT OR REPLACE INTO registry (source, key, body) VALUES (?, ?, ?)', source, serviceKey(s), JSON.stringify(s));
      }
      for (const d of delta.delete ?? []) this.sql.exec('DELETE FROM registry WHERE source = ? AND key = ?', source, serviceKey(d));
    });
    return this.tryPublish();
  }

  recordGatewayStatus(s: Omit<GatewayStatus, 'reportedAt'>): void {
    const row: GatewayStatus = { ...s, reportedAt: new Date().toISOString() };
    this.sql.exec('INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)', `gateway/${s.gateway}/${s.isolate}`, JSON.stringify(row));
    // Isolates come and go; forget the ones silent for an hour.
    const cutoff = Date.now() - 3_600_000;
    for (const r of this.sql.exec<{ k: string; v: string }>("SELECT k, v FROM meta WHERE k LIKE 'gateway/%'").toArray()) {
      if (Date.parse((JSON.parse(r.v) as GatewayStatus).reportedAt) < cutoff) this.sql.exec('DELETE FROM meta WHERE k = ?', r.k);
    }
  }

  /** Compiles and publishes the current state again (after a restart, or on demand). */
  republish(): Promise<Published> {
    return this.enqueuePublish();
  }

  // ---------- internals ----------

  private all(): MeshResource[] {
    return this.sql.exec<{ body: string }>('SELECT body FROM resources ORDER BY key').toArray().map((r) => JSON.parse(r.body) as MeshResource);
  }

  private meta<T>(k: string): T | undefined {
    const row = this.sql.exec<{ v: string }>('SELECT v FROM meta WHERE k = ?', k).toArray()[0];
    return row ? (JSON.parse(row.v) as T) : undefined;
  }

  /** Server-owned metadata, as the Kubernetes API server sets it. */
  private stamp(r: MeshResource, before: MeshResource | undefined, generation: number, now: string): MeshResource {
    const m = r.metadata;
    const metadata: MeshResource['metadata'] = {
      name: m.name,
      namespace: m.namespace ?? 'default',
      ...(m.labels ? { labels: m.labels } : {}),
      ...(m.annotations ? { annotations: m.annotations } : {}),
      resourceVersion: String(generation),
      generation: (before?.metadata.generation ?? 0) + 1,
      creationTimestamp: before?.metadata.creationTimestamp ?? now,
      uid: before?.metadata.uid ?? crypto.randomUUID(),
    };
    return { ...r, metadata } as MeshResource;
  }

  private commit(generation: number, now: string, author: string, message: string, changes: Change[]): void {
    this.ctx.storage.transactionSync(() => {
      for (const c of changes) {
        if (c.after) {
          const a = c.after;
          this.sql.exec('INSERT OR REPLACE INTO resources (key, kind, namespace, name, body) VALUES (?, ?, ?, ?, ?)',
            c.key, a.kind, a.metadata.namespace ?? 'default', a.metadata.name, JSON.stringify(a));
        } else this.sql.exec('DELETE FROM resources WHERE key = ?', c.key);
        this.sql.exec('INSERT INTO revisions (generation, key, body) VALUES (?, ?, ?)', generation, c.key, c.after ? JSON.stringify(c.after) : null);
      }
      this.sql.exec('INSERT INTO generations (generation, time, author, message, changes) VALUES (?, ?, ?, ?, ?)',
        generation, now, author, message, JSON.stringify(changes.map((c) => ({ key: c.key, action: c.action }))));
    });
  }

  /**
   * What is committed stays committed when KV fails: the write reports the failure, the
   * gateways keep their last snapshot, and an alarm retries until a publish succeeds.
   */
  private async tryPublish(): Promise<PublishOutcome> {
    try {
      return { published: await this.enqueuePublish() };
    } catch (err) {
      await this.ctx.storage.setAlarm(Date.now() + PUBLISH_RETRY_MS);
      return { publishError: `stored, but publishing to KV failed (${err instanceof Error ? err.message : String(err)}); gateways keep serving the previous snapshot and control retries every ${PUBLISH_RETRY_MS / 1000} s` };
    }
  }

  override async alarm(): Promise<void> {
    await this.tryPublish();
  }

  /**
   * Publishes run one after another, each compiling the state as it is when its turn
   * comes, so the pointer only ever moves forward to the newest state.
   */
  private enqueuePublish(): Promise<Published> {
    const run = this.publishing.then(() => this.publishNow());
    this.publishing = run.catch(() => undefined);
    return run;
  }

  private async publishNow(): Promise<Published> {
    const generation = this.generation();
    const memo = this.compiled;
    const snapshot = memo && memo.generation === generation && memo.registryVersion === this.registryVersion
      ? memo.snapshot
      : compile({ generation, resources: this.all(), registry: this.registry() });
    const published = await publishSnapshot(this.env.CONFIG, snapshot, this.meta<Published>('published'));
    this.sql.exec('INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)', 'published', JSON.stringify(published));
    this.sql.exec('INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)', 'conditions', JSON.stringify(snapshot.conditions));
    return published;
  }
}

const PUBLISH_RETRY_MS = 5000;

export interface PublishOutcome { published?: Published; publishError?: string }

function summary(changes: Change[]): string {
  const count = (a: Change['action']): number => changes.filter((c) => c.action === a).length;
  return `${count('created')} created, ${count('configured')} configured, ${count('deleted')} deleted`;
}
