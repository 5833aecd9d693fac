/**
 * The admin API's wire contract: the JSON bodies control sends and the CLI reads.
 * Types only, shared by both sides so they cannot drift apart.
 */
import type { Diagnostic } from '../mesh/diagnostics.js';
import type { SnapshotPointer } from '../mesh/config-source.js';
import type { Condition } from '../mesh/snapshot.js';
import type { MeshResource } from '../mesh/types.js';
import type { SkippedDocument } from '../mesh/validate/index.js';

export type { Condition as SnapshotCondition, SkippedDocument as Skipped };

/** A published snapshot: the pointer gateways follow, and its size. */
export interface Published extends SnapshotPointer { bytes: number }

export interface WriteItem {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  action: 'created' | 'configured' | 'unchanged' | 'deleted';
  resourceVersion?: string;
}

/** What the store returns for a write (apply, delete, rollback). */
export interface WriteResult {
  generation: number;
  items: WriteItem[];
  /** Conditions the candidate snapshot reports for the resources written. */
  conditions: Condition[];
  published?: Published;
  /** Set when the write was stored but could not be published yet; control retries. */
  publishError?: string;
}

/** POST /apply and /delete: the write, plus what validation had to say. */
export interface ApplyResponse extends WriteResult {
  dryRun: boolean;
  warnings: Diagnostic[];
  skipped: SkippedDocument[];
}

export interface DiffChange { key: string; action: 'created' | 'configured' | 'deleted'; before?: MeshResource; after?: MeshResource }

export interface DiffResponse { changes: DiffChange[]; warnings: Diagnostic[] }

export interface HistoryEntry {
  generation: number;
  time: string;
  author: string;
  message: string;
  changes: Array<{ key: string; action: DiffChange['action'] }>;
}

export interface HistoryResponse { generation: number; items: HistoryEntry[] }

export interface StateAtResponse { generation: number; items: MeshResource[] }

export interface GatewayStatus { gateway: string; isolate: string; hash: string; generation: number; loadedAt: string; reportedAt: string }

export interface StatusResponse {
  generation: number;
  published: Published | null;
  gateways: GatewayStatus[];
  conditions: Condition[];
}
