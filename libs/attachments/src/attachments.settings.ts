/** What the attachments need of the configuration (from AppConfig; a benchmark may raise the limits for its own run). */
export interface AttachmentSettings {
  storageDir: string;
  storageUrl: string | null;
  maxBytes: number;
  unitQuotaBytes: number;
}

export const ATTACHMENT_SETTINGS = Symbol('ATTACHMENT_SETTINGS');

/** The sweep: objects no row names are removed once this old (an upload in flight names its object within it). */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;
/** A row never attached to a task or used as evidence is removed this long after its upload. */
export const UNATTACHED_TTL_MS = 24 * 60 * 60 * 1000;
export const SWEEP_EVERY_MS = 10 * 60 * 1000;
/** rows deleted per statement of a sweep */
export const SWEEP_BATCH = 500;
