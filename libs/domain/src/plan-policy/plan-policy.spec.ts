import { DEFAULT_DEADLINE_POLICY } from '../timers/deadline-policy';
import { NOTICES_POLICY } from './notices-policy';
import { DEFAULT_PLAN_POLICY, PLAN_POLICY_SECTIONS, planPolicySchema, resolvePlanPolicy, storablePlanPolicy, storedPlanPolicy } from './plan-policy';

describe('the plan policy document', () => {
  it('is the defaults of every section when a plan sets nothing', () => {
    expect(resolvePlanPolicy(undefined)).toEqual({ ok: true, policy: DEFAULT_PLAN_POLICY });
    expect(resolvePlanPolicy({})).toEqual({
      ok: true,
      policy: {
        deadlines: DEFAULT_DEADLINE_POLICY,
        evidence: { fileRequiredFor: [] },
        contributions: { termWorkingDaysBeforeReport: 3, days: 'working' },
        feedback: { urgentFirstDays: 1, urgentEveryDays: 3, days: 'working' },
        signOff: { submissions: [] },
        closeOut: { steps: [], gradeRequired: false },
        notices: NOTICES_POLICY.defaults,
        cascade: { contributionFill: 'manual' },
      },
    });
  });

  it('reads how the contributions of the governments below are filled, refusing anything but manual or automatic', () => {
    const result = resolvePlanPolicy({ cascade: { contributionFill: 'automatic' } });
    expect(result.ok && result.policy.cascade).toEqual({ contributionFill: 'automatic' });
    expect(resolvePlanPolicy({ cascade: { contributionFill: 'auto', fill: 1 } })).toEqual({
      ok: false,
      errors: ['cascade has unknown fields: fill (known: contributionFill)', 'cascade.contributionFill must be one of manual, automatic'],
    });
    expect(storedPlanPolicy({ cascade: 'automatic' }).cascade).toEqual({ contributionFill: 'manual' });
  });

  it('reads each section over its defaults', () => {
    const result = resolvePlanPolicy({ deadlines: { orderDueDays: 20 }, evidence: { fileRequiredFor: ['SUBMIT_RECTIFICATION', 'SUBMIT_SELF_ASSESSMENT'] } });
    expect(result.ok && result.policy.deadlines.orderDueDays).toBe(20);
    expect(result.ok && result.policy.deadlines.ladder).toEqual(DEFAULT_DEADLINE_POLICY.ladder);
    // in the order the submissions are listed, whatever order the plan wrote
    expect(result.ok && result.policy.evidence.fileRequiredFor).toEqual(['SUBMIT_SELF_ASSESSMENT', 'SUBMIT_RECTIFICATION']);
  });

  it('reads the contribution terms, and refuses a term that is not a whole number of working days', () => {
    const result = resolvePlanPolicy({ contributions: { termWorkingDaysBeforeReport: 5 } });
    expect(result.ok && result.policy.contributions).toEqual({ termWorkingDaysBeforeReport: 5, days: 'working' });
    expect(resolvePlanPolicy({ contributions: { termWorkingDaysBeforeReport: 2.5 } })).toEqual({
      ok: false,
      errors: ['contributions.termWorkingDaysBeforeReport must be a whole number of working days from 0 to 30'],
    });
    expect(resolvePlanPolicy({ contributions: { days: 2 } }).ok).toBe(false);
  });

  it('reads the feedback rhythm and how each term is counted, refusing what is not a count of days', () => {
    const result = resolvePlanPolicy({
      feedback: { urgentFirstDays: 2, days: 'natural' },
      contributions: { days: 'natural' },
      deadlines: { reporting: { days: 'natural' }, repeatEveryDays: 5 },
    });
    expect(result.ok && result.policy.feedback).toEqual({ urgentFirstDays: 2, urgentEveryDays: 3, days: 'natural' });
    expect(result.ok && result.policy.contributions.days).toBe('natural');
    expect(result.ok && result.policy.deadlines.reporting).toEqual({ period: 'quarterly', dueWorkingDays: 10, days: 'natural' });
    expect(result.ok && result.policy.deadlines.repeatEveryDays).toBe(5);
    expect(resolvePlanPolicy({ feedback: { urgentFirstDays: 0 } }).ok).toBe(true);
    const refused = resolvePlanPolicy({
      feedback: { urgentEveryDays: 0, days: 'lunar', extra: 1 },
      contributions: { days: 'weekdays' },
      deadlines: { repeatEveryDays: -1, reporting: { days: 'lunar' } },
    });
    expect(refused.ok ? [] : refused.errors).toEqual(
      expect.arrayContaining([
        'feedback.urgentEveryDays must be a whole number of days from 1 to 30',
        'feedback.days must be one of natural, working',
        expect.stringContaining('feedback has unknown fields: extra'),
        'contributions.days must be one of natural, working',
        'deadlines.repeatEveryDays must be a whole number of days from 0 (no repeated reminders) to 90',
        'deadlines.reporting.days must be one of natural, working',
      ]),
    );
  });

  it('names every problem of every section, and unknown sections', () => {
    const result = resolvePlanPolicy({ deadlines: { reminderHour: 25, extra: 1, days: 'lunar' }, evidence: { fileRequiredFor: ['CLOSE'] }, messages: {} });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('unknown sections: messages'),
        expect.stringContaining('deadlines has unknown fields: extra'),
        'deadlines.reminderHour must be a whole hour from 0 to 23',
        'deadlines.days must be one of natural, working',
        expect.stringContaining('evidence.fileRequiredFor must be a list of'),
      ]),
    );
    expect(resolvePlanPolicy([]).ok).toBe(false);
    expect(resolvePlanPolicy({ evidence: { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT', 'SUBMIT_SELF_ASSESSMENT'] } }).ok).toBe(false);
  });

  it('stores only the sections a plan changed from their defaults', () => {
    const document = { deadlines: { reminderHour: 9 }, evidence: { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT'] } };
    const resolved = resolvePlanPolicy(document);
    if (!resolved.ok) throw new Error(resolved.errors.join('; '));
    expect(storablePlanPolicy(document, resolved.policy)).toEqual({ evidence: { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT'] } });
  });

  it('falls back to a section’s defaults when a stored section no longer reads, keeping the others', () => {
    const policy = storedPlanPolicy({ deadlines: { reminderHour: 'nine' }, evidence: { fileRequiredFor: ['SUBMIT_SELF_ASSESSMENT'] } });
    expect(policy.deadlines).toEqual(DEFAULT_DEADLINE_POLICY);
    expect(policy.evidence.fileRequiredFor).toEqual(['SUBMIT_SELF_ASSESSMENT']);
    expect(storedPlanPolicy(null)).toEqual(DEFAULT_PLAN_POLICY);
  });

  it('publishes a schema whose properties are exactly the fields each section reads', () => {
    const schema = planPolicySchema() as { properties: Record<string, { properties: Record<string, unknown>; additionalProperties: boolean }> };
    expect(Object.keys(schema.properties)).toEqual(Object.keys(PLAN_POLICY_SECTIONS));
    for (const section of Object.values(PLAN_POLICY_SECTIONS)) {
      expect(Object.keys(schema.properties[section.key].properties).sort()).toEqual([...section.fields].sort());
      expect(schema.properties[section.key].additionalProperties).toBe(false);
      // a field the schema names is one the reader accepts on its own (its unknown-field check agrees)
      for (const field of section.fields) {
        const result = section.resolve({ [field]: '\u0000not a value' });
        const errors = result.ok ? [] : result.errors;
        expect(errors.join('\n')).not.toContain('unknown fields');
      }
    }
  });

  it('reads sign-off and a close-out chain, with a step’s defaults, and names each bad field', () => {
    const result = resolvePlanPolicy({
      signOff: { submissions: ['SUBMIT_SELF_ASSESSMENT'] },
      closeOut: { steps: [{ title: ' 督查室主任审核 ', role: 'office_head' }], gradeRequired: true },
    });
    expect(result.ok && result.policy.signOff).toEqual({ submissions: ['SUBMIT_SELF_ASSESSMENT'] });
    expect(result.ok && result.policy.closeOut).toEqual({
      steps: [{ title: '督查室主任审核', role: 'office_head', termDays: null, returnTo: 'previous' }],
      gradeRequired: true,
    });
    const bad = resolvePlanPolicy({
      signOff: { submissions: ['CLOSE'] },
      closeOut: { steps: [{ title: '', role: 'mayor', termDays: 0, returnTo: 'nowhere', extra: 1 }] },
    });
    expect(bad.ok ? [] : bad.errors).toEqual([
      'signOff.submissions must be a list of SUBMIT_SELF_ASSESSMENT, CONTRIBUTE, REPORT_PROGRESS, SUBMIT_RECTIFICATION',
      'closeOut.steps[0] has unknown fields: extra (known: title, role, termDays, returnTo)',
      'closeOut.steps[0].title must be a text of 1 to 100 characters',
      'closeOut.steps[0].role must be one of inspector, office_head, admin',
      'closeOut.steps[0].termDays must be null or a whole number of days from 1 to 60',
      'closeOut.steps[0].returnTo must be one of previous, unit',
    ]);
    expect(resolvePlanPolicy({ closeOut: { gradeRequired: true } })).toEqual({
      ok: false,
      errors: ['closeOut.gradeRequired needs at least one step (the grade is given on the last)'],
    });
  });
});
