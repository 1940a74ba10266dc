import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@duban/auth';
import type { EvidenceItem } from '@duban/domain';
import type { LockedTask } from '@duban/tasks';

/**
 * Sends the answer to a rectification order its unit's head approved under sign-off (OrderWorkflowService).
 * A token of its own: the task workflow needs it, and the order workflow needs the task workflow.
 */
export abstract class ApprovedAnswers {
  abstract submitApproved(
    manager: EntityManager,
    task: LockedTask,
    user: AuthenticatedUser,
    orderId: string,
    body: { summary: string; evidence: EvidenceItem[] },
    draftId: string,
  ): Promise<void>;
}
