/**
 * Sign-off (审核/签发) and the close-out chain (销号链): the parts of a plan's policy the task machine
 * reads. They reach it on the event (`TaskEvent.policy`) where a transition branches on them, and the
 * chain is copied into the task's context when the task enters it, so a chain under way runs to its end
 * with the steps it started with.
 */

/**
 * Submissions a unit's head may have to sign off before they leave the unit: the lead unit's
 * self-assessment (a state of the machine, `awaiting_sign_off`); a responsible unit's contribution, the
 * lead unit's progress report and an addressed unit's answer to a rectification order (each a pending
 * draft row beside the task, which goes on meanwhile; see sign-off.ts).
 */
export const SIGN_OFF_SUBMISSIONS = ['SUBMIT_SELF_ASSESSMENT', 'CONTRIBUTE', 'REPORT_PROGRESS', 'SUBMIT_RECTIFICATION'] as const;

/** The submissions kept as a draft row (`submission_drafts`) while their unit's head decides. */
export const DRAFTED_SUBMISSIONS = ['CONTRIBUTE', 'REPORT_PROGRESS', 'SUBMIT_RECTIFICATION'] as const;
export type DraftedSubmission = (typeof DRAFTED_SUBMISSIONS)[number];
export type SignOffSubmission = (typeof SIGN_OFF_SUBMISSIONS)[number];

export interface SignOffPolicy {
  /** empty (the default): every submission leaves the unit as it is sent */
  submissions: SignOffSubmission[];
}

/**
 * Who acts on a step: `inspector` an inspector whose unit does not lead the task; `office_head` the head
 * of a supervision office (a `unit_head` who is also an inspector, of a unit that does not lead the task);
 * `admin` an admin.
 */
export const CLOSE_OUT_ROLES = ['inspector', 'office_head', 'admin'] as const;
export type CloseOutRole = (typeof CLOSE_OUT_ROLES)[number];

/** Where a step's RETURN_CLOSE sends the task: the step before it (the inspector's verdict before the first), or the lead unit. */
export const CLOSE_OUT_RETURNS = ['previous', 'unit'] as const;
export type CloseOutReturn = (typeof CLOSE_OUT_RETURNS)[number];

/** 优秀 / 良好 / 合格 / 不合格: given on the last step; feeds the lead units' score. */
export const CLOSE_OUT_GRADES = ['优秀', '良好', '合格', '不合格'] as const;
export type CloseOutGrade = (typeof CLOSE_OUT_GRADES)[number];

export interface CloseOutStep {
  title: string;
  role: CloseOutRole;
  /** days the step's holder has, counted as the plan's `deadlines.days` says; null: no term */
  termDays: number | null;
  returnTo: CloseOutReturn;
}

export interface CloseOutPolicy {
  /**
   * The approvals after the inspector's passing verdict, in order. Empty (the default): the inspector's
   * pass and CLOSE close the task, as before the chain existed.
   */
  steps: CloseOutStep[];
  /** the last step must give a grade */
  gradeRequired: boolean;
}

/** What the task machine reads of a plan's policy; absent on an event: the defaults (no sign-off, no chain). */
export interface TaskLifecyclePolicy {
  signOff: SignOffPolicy;
  closeOut: CloseOutPolicy;
}

export const DEFAULT_SIGN_OFF_POLICY: Readonly<SignOffPolicy> = { submissions: [] };
export const DEFAULT_CLOSE_OUT_POLICY: Readonly<CloseOutPolicy> = { steps: [], gradeRequired: false };
export const DEFAULT_TASK_LIFECYCLE_POLICY: TaskLifecyclePolicy = { signOff: DEFAULT_SIGN_OFF_POLICY, closeOut: DEFAULT_CLOSE_OUT_POLICY };

/** A task's chain under way, in its context: the steps it entered with and the one it waits on. */
export interface CloseOutProgress {
  steps: CloseOutStep[];
  gradeRequired: boolean;
  /** index into `steps` of the step the task waits on */
  step: number;
}
