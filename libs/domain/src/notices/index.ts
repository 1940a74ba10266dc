export * from './notice-texts';
