/**
 * The admin API's response shapes, as the CLI reads them. The wire contract lives in
 * src/api/admin.ts, shared with control; this file adds the Kubernetes object views.
 */
import type { ObjectMeta } from '../mesh/types.js';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
}

export interface KubeList { apiVersion: string; kind: string; items: KubeObject[] }

export type {
  ApplyResponse as WriteResult, DiffResponse as DiffResult, GatewayStatus, HistoryEntry,
  HistoryResponse as HistoryResult, Published, SnapshotCondition, Skipped, StatusResponse as StatusResult, WriteItem,
} from '../api/admin.js';

export interface DiffChange { key: string; action: 'created' | 'configured' | 'deleted'; before?: KubeObject; after?: KubeObject }

export interface StateAt { generation: number; items: KubeObject[] }

/** A Kubernetes `Status` (meta/v1), as every admin-API error comes back. */
export interface KubeStatus {
  kind: 'Status';
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: Array<{ field?: string; message?: string; resource?: string; severity?: string; source?: string; reason?: string }> };
}
