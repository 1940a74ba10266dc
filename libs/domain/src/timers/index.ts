export * from './deadline-policy';
export * from './plan-deadline-policy';
export * from './contribution-terms';
export * from './feedback-rhythm';
