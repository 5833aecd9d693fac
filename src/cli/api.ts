/**
 * The admin API's response shapes, as the CLI reads them (control/src/routes/*.ts).
 * Declared here rather than imported: the CLI is a client of the HTTP API, not of
 * control's internals, and must keep working against an older or newer server.
 */
import type { Diagnostic } from '../mesh/diagnostics.js';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    uid?: string;
  };
  spec?: unknown;
}

export interface KubeList { apiVersion: string; kind: string; items: KubeObject[] }

export interface Published { hash: string; generation: number; publishedAt: string; bytes: number }

export interface SnapshotCondition { resource: string; path: string; reason: string; message: string }

export interface Skipped { source: string; kind: string; name: string; reason: string }

export interface WriteItem {
  kind: string;
  apiVersion: string;
  namespace: string;
  name: string;
  action: 'created' | 'configured' | 'unchanged' | 'deleted';
  resourceVersion?: string;
}

export interface WriteResult {
  generation: number;
  items: WriteItem[];
  conditions?: SnapshotCondition[];
  published?: Published;
  dryRun?: boolean;
  warnings?: Diagnostic[];
  skipped?: Skipped[];
}

export interface DiffChange { key: string; action: 'created' | 'configured' | 'deleted'; before?: KubeObject; after?: KubeObject }

export interface DiffResult { changes: DiffChange[]; warnings?: Diagnostic[] }

export interface HistoryEntry { generation: number; time: string; author: string; message: string; changes: Array<{ key: string; action: string }> }

export interface HistoryResult { generation: number; items: HistoryEntry[] }

export interface StateAt { generation: number; items: KubeObject[] }

export interface GatewayStatus { gateway: string; isolate: string; hash: string; generation: number; loadedAt: string; reportedAt: string }

export interface StatusResult {
  generation: number;
  published: Published | null;
  gateways: GatewayStatus[];
  conditions: SnapshotCondition[];
}

/** A Kubernetes `Status` (meta/v1), as every admin-API error comes back. */
export interface KubeStatus {
  kind: 'Status';
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: Array<{ field?: string; message?: string; resource?: string; severity?: string; source?: string; reason?: string }> };
}
