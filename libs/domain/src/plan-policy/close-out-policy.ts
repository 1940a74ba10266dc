import {
  CLOSE_OUT_RETURNS,
  CLOSE_OUT_ROLES,
  type CloseOutPolicy,
  type CloseOutReturn,
  type CloseOutRole,
  type CloseOutStep,
  DEFAULT_CLOSE_OUT_POLICY,
} from '../task-lifecycle/close-out.types';
import { isRecord, type PlanPolicySection, unknownFields } from './plan-policy-section';

const FIELDS = ['steps', 'gradeRequired'] as const;
const STEP_FIELDS = ['title', 'role', 'termDays', 'returnTo'] as const;
const MAX_STEPS = 5;
const MAX_TERM_DAYS = 60;

function readStep(raw: unknown, at: string, errors: string[]): CloseOutStep | null {
  if (!isRecord(raw)) {
    errors.push(`${at} must be an object {title, role, termDays?, returnTo?}`);
    return null;
  }
  const before = errors.length;
  errors.push(...unknownFields(at, raw, STEP_FIELDS));
  const { title, role, termDays = null, returnTo = 'previous' } = raw;
  if (typeof title !== 'string' || title.trim() === '' || title.length > 100) errors.push(`${at}.title must be a text of 1 to 100 characters`);
  if (!CLOSE_OUT_ROLES.includes(role as CloseOutRole)) errors.push(`${at}.role must be one of ${CLOSE_OUT_ROLES.join(', ')}`);
  if (termDays !== null && (!Number.isInteger(termDays) || (termDays as number) < 1 || (termDays as number) > MAX_TERM_DAYS))
    errors.push(`${at}.termDays must be null or a whole number of days from 1 to ${MAX_TERM_DAYS}`);
  if (!CLOSE_OUT_RETURNS.includes(returnTo as CloseOutReturn)) errors.push(`${at}.returnTo must be one of ${CLOSE_OUT_RETURNS.join(', ')}`);
  if (errors.length > before) return null;
  return { title: (title as string).trim(), role: role as CloseOutRole, termDays: termDays as number | null, returnTo: returnTo as CloseOutReturn };
}

/** 销号链: the approvals between the inspector's passing verdict and the task's close, and the grade. */
export const CLOSE_OUT_POLICY: PlanPolicySection<CloseOutPolicy> = {
  key: 'closeOut',
  title: '销号链 (close-out chain)',
  // the inspector's pass and CLOSE close the task, as before the chain existed
  defaults: DEFAULT_CLOSE_OUT_POLICY,
  fields: FIELDS,
  schema: {
    type: 'object',
    additionalProperties: false,
    description:
      'the approvals after the inspector’s passing verdict (APPROVE_CLOSE / RETURN_CLOSE by the step’s role); no steps: the inspector’s CLOSE closes the task',
    properties: {
      steps: {
        type: 'array',
        maxItems: MAX_STEPS,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['title', 'role'],
          properties: {
            title: { type: 'string', minLength: 1, maxLength: 100, description: 'e.g. 督查室主任审核' },
            role: {
              enum: [...CLOSE_OUT_ROLES],
              description: 'inspector: an inspector not of a lead unit; office_head: a unit_head who is also such an inspector; admin',
            },
            termDays: {
              type: ['integer', 'null'],
              minimum: 1,
              maximum: MAX_TERM_DAYS,
              description: 'the step’s term from the moment the task reaches it, in the plan’s days (deadlines.days: working or natural)',
            },
            returnTo: {
              enum: [...CLOSE_OUT_RETURNS],
              default: 'previous',
              description: 'previous: the step before (the inspector’s verdict before the first step); unit: back to the lead unit, in progress',
            },
          },
        },
      },
      gradeRequired: { type: 'boolean', description: 'the last step gives a grade (优秀, 良好, 合格, 不合格) that feeds the lead units’ score' },
    },
  },
  resolve(override) {
    if (override === undefined || override === null) return { ok: true, value: this.defaults };
    if (!isRecord(override)) return { ok: false, errors: ['closeOut must be an object {steps?, gradeRequired?}'] };
    const errors = unknownFields('closeOut', override, FIELDS);
    const value: CloseOutPolicy = { steps: [...this.defaults.steps], gradeRequired: this.defaults.gradeRequired };
    const { steps, gradeRequired } = override;
    if (steps !== undefined) {
      if (!Array.isArray(steps) || steps.length > MAX_STEPS) errors.push(`closeOut.steps must be a list of at most ${MAX_STEPS} steps`);
      else {
        const read = steps.map((step, index) => readStep(step, `closeOut.steps[${index}]`, errors));
        if (read.every((step): step is CloseOutStep => step !== null)) value.steps = read;
      }
    }
    if (gradeRequired !== undefined) {
      if (typeof gradeRequired !== 'boolean') errors.push('closeOut.gradeRequired must be true or false');
      else value.gradeRequired = gradeRequired;
    }
    if (value.gradeRequired && value.steps.length === 0) errors.push('closeOut.gradeRequired needs at least one step (the grade is given on the last)');
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
  },
};
