/**
 * The Node options every shipped way of starting the api uses (`npm start`, `npm run start:api`, the
 * Dockerfile and docker-compose; `node-options.spec.ts` holds them to this list) and the benchmarks too.
 * A 256 MB old space makes V8 collect before the heap grows: at 64 clients the api's peak RSS fell from
 * 276 to 166 MB with no loss of throughput (docs/benchmarks.md, "Memory"), and the largest requests (a
 * 10,000-row Word or Excel import, a plan's 台账) stay well inside it.
 */
export const API_NODE_OPTIONS: readonly string[] = ['--enable-source-maps', '--max-old-space-size=256'];
