import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from '../timers/deadline-policy';
import { resolveDeadlinePolicy } from '../timers/plan-deadline-policy';
import { dayCountSchema, type PlanPolicySection } from './plan-policy-section';

const days = (maximum: number, description: string) => ({
  type: 'array',
  maxItems: 10,
  uniqueItems: true,
  items: { type: 'integer', minimum: 1, maximum },
  description,
});

/** The deadline policy (reminders, the ladder, order terms, reporting) as the policy document's first section. */
export const DEADLINES_POLICY: PlanPolicySection<DeadlinePolicy> = {
  key: 'deadlines',
  title: '时限 (deadlines, reminders, the ladder, reporting)',
  defaults: DEFAULT_DEADLINE_POLICY,
  fields: ['taskReminderDaysBefore', 'ladder', 'orderDueDays', 'orderReminderDaysBefore', 'reminderHour', 'reporting', 'days', 'repeatEveryDays'],
  schema: {
    type: 'object',
    additionalProperties: false,
    description: 'overrides of the default deadline policy; what is left out keeps its default',
    properties: {
      taskReminderDaysBefore: days(365, 'reminders this many days before a task’s due day'),
      ladder: {
        type: 'array',
        minItems: 1,
        maxItems: 10,
        description: 'escalation after the due day: the first step at 0 days, days growing step by step',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['step', 'daysAfterDue'],
          properties: { step: { enum: ['urge', 'supervise', 'interview'] }, daysAfterDue: { type: 'integer', minimum: 0, maximum: 365 } },
        },
      },
      orderDueDays: { type: 'integer', minimum: 1, maximum: 365, description: 'a rectification order’s default term in days' },
      orderReminderDaysBefore: days(365, 'reminders this many days before an order’s due day; each shorter than orderDueDays'),
      reminderHour: { type: 'integer', minimum: 0, maximum: 23, description: 'hour of the local day at which reminders go out' },
      days: dayCountSchema(
        'reminders, ladder steps, repeated reminders and order terms counted in calendar days, or in working days of the Chinese calendar (then they fall on working days, and a due day on a day off is postponed to the next working day)',
      ),
      repeatEveryDays: {
        type: 'integer',
        minimum: 0,
        maximum: 90,
        description: 'after the ladder’s last step, a 催办 reminder every this many days (counted as `days` says) until the task is closed; 0: none',
      },
      reporting: {
        type: 'object',
        additionalProperties: false,
        properties: {
          period: { enum: ['quarterly', 'monthly'] },
          dueWorkingDays: { type: 'integer', minimum: 1, maximum: 60, description: 'days after a period ends within which its report is due' },
          days: dayCountSchema('how dueWorkingDays is counted: working days (the default) or calendar days'),
        },
      },
    },
  },
  resolve(override) {
    const result = resolveDeadlinePolicy(override);
    return result.ok
      ? { ok: true, value: result.policy }
      : {
          ok: false,
          errors: result.errors.map((error) => (error.startsWith('deadlinePolicy') ? error.replace('deadlinePolicy', 'deadlines') : `deadlines.${error}`)),
        };
  },
};
