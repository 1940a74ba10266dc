import type { EvidencePolicy, FileEvidenceSubmission } from '../plan-policy/evidence-policy';

/** 佐证材料 named in a submission: a title, and a link or an uploaded file (attachment) behind it. */
export interface EvidenceItem {
  title: string;
  url?: string;
  /** an uploaded file (`POST /attachments`) the submitting unit may read */
  attachmentId?: string;
}

/**
 * Titles officers write when they have nothing to show. Compared after dropping spaces and
 * punctuation, so "无。", "（无）" and " N/A " are caught as well.
 */
const PLACEHOLDER_TITLES: ReadonlySet<string> = new Set([
  '无',
  '暂无',
  '没有',
  '无材料',
  '无佐证材料',
  '无附件',
  '略',
  '空',
  '待补充',
  '后补',
  'none',
  'na',
  'nil',
  'null',
  'tbd',
]);

function placeholderKey(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/** A title that says there is nothing (or only punctuation). */
export function isPlaceholderTitle(title: string): boolean {
  const key = placeholderKey(title);
  return key === '' || PLACEHOLDER_TITLES.has(key);
}

/** An item that backs a claim: a file, a link, or at least a title that names something. */
export function backsAClaim(item: EvidenceItem): boolean {
  return item.attachmentId !== undefined || (item.url !== undefined && item.url.trim() !== '') || !isPlaceholderTitle(item.title);
}

export function hasSubstantiveEvidence(items: readonly EvidenceItem[]): boolean {
  return items.some(backsAClaim);
}

/** Why the submission's evidence falls short of the plan's evidence policy, or null when it does not. */
export function fileEvidenceRefusal(policy: EvidencePolicy, submission: FileEvidenceSubmission, items: readonly EvidenceItem[]): string | null {
  if (!policy.fileRequiredFor.includes(submission)) return null;
  if (items.some((item) => item.attachmentId !== undefined)) return null;
  return 'this plan requires at least one evidence item backed by an uploaded file (attachmentId): upload it with POST /attachments first';
}

/** The attachments a submission names, each once. */
export function attachmentIdsOf(items: readonly EvidenceItem[] | undefined): string[] {
  return [...new Set((items ?? []).flatMap((item) => (item.attachmentId === undefined ? [] : [item.attachmentId])))];
}
