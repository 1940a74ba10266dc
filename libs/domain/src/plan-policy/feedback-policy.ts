import { DEFAULT_FEEDBACK_RHYTHM, type FeedbackRhythm } from '../timers/feedback-rhythm';
import { dayCountSchema, isRecord, type PlanPolicySection, readDayCount, unknownFields } from './plan-policy-section';

const FIELDS = ['urgentFirstDays', 'urgentEveryDays', 'days'] as const;
const MAX_DAYS = 30;

/** 反馈节奏: how often an urgent task's lead units report progress before its due day. */
export const FEEDBACK_POLICY: PlanPolicySection<FeedbackRhythm> = {
  key: 'feedback',
  title: '反馈节奏 (feedback rhythm of urgent tasks)',
  defaults: DEFAULT_FEEDBACK_RHYTHM,
  fields: FIELDS,
  schema: {
    type: 'object',
    additionalProperties: false,
    description: 'an urgent task’s progress reports before its due day; after the due day the ladder takes over',
    properties: {
      urgentFirstDays: {
        type: 'integer',
        minimum: 0,
        maximum: MAX_DAYS,
        description: 'the first feedback this many days after the task is created; 0: urgent tasks have no feedback rhythm',
      },
      urgentEveryDays: {
        type: 'integer',
        minimum: 1,
        maximum: MAX_DAYS,
        description: 'each further feedback this many days after the previous one, or after the progress report that gave it',
      },
      days: dayCountSchema('how these days are counted: working days (the default) or calendar days'),
    },
  },
  resolve(override) {
    if (override === undefined || override === null) return { ok: true, value: this.defaults };
    if (!isRecord(override)) return { ok: false, errors: ['feedback must be an object {urgentFirstDays?, urgentEveryDays?, days?}'] };
    const errors = unknownFields('feedback', override, FIELDS);
    const value: FeedbackRhythm = { ...this.defaults };
    const whole = (field: 'urgentFirstDays' | 'urgentEveryDays', min: number) => {
      const days = override[field];
      if (days === undefined) return;
      if (Number.isInteger(days) && (days as number) >= min && (days as number) <= MAX_DAYS) value[field] = days as number;
      else errors.push(`feedback.${field} must be a whole number of days from ${min} to ${MAX_DAYS}`);
    };
    whole('urgentFirstDays', 0);
    whole('urgentEveryDays', 1);
    if (override.days !== undefined) value.days = readDayCount('feedback.days', override.days, errors) ?? value.days;
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
  },
};

/** A plan's stored feedback section (`plans.policy -> 'feedback'`): one that no longer reads falls back to the defaults. */
export function storedFeedbackRhythm(stored: unknown): FeedbackRhythm {
  const result = FEEDBACK_POLICY.resolve(stored);
  return result.ok ? result.value : FEEDBACK_POLICY.defaults;
}
