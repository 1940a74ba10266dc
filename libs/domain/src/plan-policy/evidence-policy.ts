import { isRecord, type PlanPolicySection, readSubmissionList, unknownFields } from './plan-policy-section';

/** The submissions whose evidence a plan may require to be backed by an uploaded file. */
export const FILE_EVIDENCE_SUBMISSIONS = ['SUBMIT_SELF_ASSESSMENT', 'SUBMIT_RECTIFICATION'] as const;
export type FileEvidenceSubmission = (typeof FILE_EVIDENCE_SUBMISSIONS)[number];

/** 佐证材料: which submissions need at least one evidence item backed by an uploaded file. */
export interface EvidencePolicy {
  fileRequiredFor: FileEvidenceSubmission[];
}

const FIELDS = ['fileRequiredFor'] as const;

export const EVIDENCE_POLICY: PlanPolicySection<EvidencePolicy> = {
  key: 'evidence',
  title: '佐证材料 (evidence)',
  // off unless a plan asks: a plan imported by a script may have no way to upload files
  defaults: { fileRequiredFor: [] },
  fields: FIELDS,
  schema: {
    type: 'object',
    additionalProperties: false,
    description: 'which submissions need at least one evidence item backed by an uploaded file (attachmentId)',
    properties: {
      fileRequiredFor: {
        type: 'array',
        uniqueItems: true,
        items: { enum: [...FILE_EVIDENCE_SUBMISSIONS] },
        description: 'SUBMIT_SELF_ASSESSMENT: the task event; SUBMIT_RECTIFICATION: POST /rectification-orders/:id/submit',
      },
    },
  },
  resolve(override) {
    if (override === undefined || override === null) return { ok: true, value: this.defaults };
    if (!isRecord(override)) return { ok: false, errors: ['evidence must be an object {fileRequiredFor?}'] };
    const errors = unknownFields('evidence', override, FIELDS);
    const value: EvidencePolicy = { fileRequiredFor: [...this.defaults.fileRequiredFor] };
    value.fileRequiredFor =
      readSubmissionList(override.fileRequiredFor, FILE_EVIDENCE_SUBMISSIONS, 'evidence.fileRequiredFor', errors) ?? value.fileRequiredFor;
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
  },
};
