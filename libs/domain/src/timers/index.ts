export * from './deadline-policy';
export * from './plan-deadline-policy';
export * from './contribution-terms';
export * from './feedback-rhythm';
export * from './close-out-terms';
