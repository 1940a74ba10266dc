/** What the benchmarks in bench's subfolders take from test/support: a free loopback port, and Debian packages installed when missing. */
export { ensureSystemPackages } from '../test/support/ensure-system-packages';
export { freePort } from '../test/support/free-port';
