/** The evidence of a task, read from its audit trail (the 佐证材料 panel shows it). */
import type { TaskEvent } from './api';

/** An evidence item as the API answers it (audit payloads, contributions, rectification submissions). */
export interface EvidenceItem {
  title: string;
  url?: string;
  attachmentId?: string;
  /** the file's name when it was submitted */
  fileName?: string;
}

/** The events that carry evidence: self-assessments, contributions, rectification submissions. */
const WITH_EVIDENCE = new Set(['SUBMIT_SELF_ASSESSMENT', 'CONTRIBUTE', 'ORDER_SUBMITTED']);

export interface Submission {
  seq: number;
  type: string;
  unitId: string | null;
  at: string;
  items: EvidenceItem[];
}

/** The submissions with evidence, newest first. */
export function submissionsWithEvidence(events: TaskEvent[]): Submission[] {
  return events
    .filter((event) => WITH_EVIDENCE.has(event.type) && Array.isArray(event.payload.evidence) && event.payload.evidence.length > 0)
    .map((event) => ({
      seq: event.seq,
      type: event.type,
      unitId: typeof event.payload.unitId === 'string' ? event.payload.unitId : event.actor === 'system' ? null : event.actor.unitId,
      at: event.at,
      items: event.payload.evidence as EvidenceItem[],
    }))
    .reverse();
}
