export type { JsonSchema, PlanPolicySection, SectionResult } from './plan-policy-section';
export * from './deadlines-policy';
export * from './evidence-policy';
export * from './contributions-policy';
export * from './notices-policy';
export * from './plan-policy';
export * from './feedback-policy';
export * from './sign-off-policy';
export * from './close-out-policy';
