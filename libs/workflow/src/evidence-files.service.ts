import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AttachmentAccessService, AttachmentStore } from '@duban/attachments';
import type { AuthenticatedUser } from '@duban/auth';
import { attachmentIdsOf, type EvidenceItem, fileEvidenceRefusal, type FileEvidenceSubmission, invalid, storedPlanPolicy } from '@duban/domain';
import { queryPrepared } from '@duban/persistence';

/** The submissions whose evidence the plan's policy may require to be backed by a file. */
const FILE_EVIDENCE_OF: Readonly<Partial<Record<string, FileEvidenceSubmission>>> = {
  SUBMIT_SELF_ASSESSMENT: 'SUBMIT_SELF_ASSESSMENT',
  SUBMIT: 'SUBMIT_RECTIFICATION',
};

/**
 * 佐证材料 backed by files: before a submission, every attachment its evidence names must exist and be
 * readable by the submitting user, and the plan may require one; the evidence goes into the audit
 * trail with each file's name. After it, the files are attached to the task (the sweep keeps them).
 */
@Injectable()
export class EvidenceFiles {
  constructor(
    private readonly access: AttachmentAccessService,
    private readonly attachments: AttachmentStore,
  ) {}

  /**
   * The payload with its evidence checked and each file named; a payload without evidence as it is.
   * `stored`: the plan policy's evidence section as the task's lock read it (`{evidence}`), else it is read here.
   */
  async check(
    manager: EntityManager,
    user: AuthenticatedUser,
    taskId: string,
    eventType: string,
    payload: Record<string, unknown>,
    stored?: { evidence: unknown },
  ): Promise<Record<string, unknown>> {
    const evidence = payload.evidence as EvidenceItem[] | undefined;
    const submission = FILE_EVIDENCE_OF[eventType];
    if (submission !== undefined) {
      const policy = stored === undefined ? await this.evidencePolicyOf(manager, taskId) : storedPlanPolicy(stored).evidence;
      const refusal = fileEvidenceRefusal(policy, submission, evidence ?? []);
      if (refusal) throw invalid('evidence_file_required', `payload.evidence: ${refusal}`);
    }
    const ids = attachmentIdsOf(evidence);
    if (ids.length === 0) return payload;
    const names = await this.access.assertUsable(user, ids, taskId, manager);
    return {
      ...payload,
      evidence: (evidence ?? []).map((item) => (item.attachmentId === undefined ? item : { ...item, fileName: names.get(item.attachmentId) })),
    };
  }

  /** The files a submission named, attached to its task in the submission's transaction. */
  async attach(manager: EntityManager, taskId: string, payload: Record<string, unknown>, now: Date): Promise<void> {
    await this.attachments.markAttached(manager, attachmentIdsOf(payload.evidence as EvidenceItem[] | undefined), taskId, now);
  }

  private async evidencePolicyOf(manager: EntityManager, taskId: string) {
    const [row] = await queryPrepared<{ policy: unknown }>(manager, 'SELECT p.policy FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = $1', [taskId]);
    return storedPlanPolicy(row?.policy).evidence;
  }
}
