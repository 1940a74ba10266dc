import type { BulkAction, TaskLight, TaskState } from '@duban/domain';

/** The filters of `GET /tasks`, with the plan required. */
export interface BulkFilter {
  planId: string;
  state?: TaskState[];
  /** tasks linked to this unit (lead, support or addressed) */
  unitId?: string;
  overdue?: boolean;
  light?: TaskLight;
  q?: string;
}

export interface UrgePayload {
  note?: string;
}

export interface ExtendPayload {
  /** the new due day, after today */
  dueAt: string;
  reason: string;
}

export interface ReassignLeadPayload {
  unitIds: string[];
  reason: string;
}

export interface BulkResult {
  taskId: string;
  seq: number | null;
  outcome: 'done' | 'skipped';
  reason?: string;
}

export interface BulkAnswer {
  action: BulkAction;
  results: BulkResult[];
  counts: { requested: number; done: number; skipped: number };
}
