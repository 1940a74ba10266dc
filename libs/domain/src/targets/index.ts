export * from './target-attainment';
