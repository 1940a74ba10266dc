import { ConfigError } from '@duban/config';
import { DatabaseMissingError, ServiceUnreachableError } from '@duban/persistence';

/** Ends a process that cannot start with one clear line (no stack trace for known causes). */
export function exitOnStartupError(processName: string, error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`duban ${processName}: ${error.message}\n`);
  } else if (error instanceof ServiceUnreachableError || error instanceof DatabaseMissingError) {
    process.stderr.write(`duban ${processName}: ${error.message}\n`);
  } else {
    process.stderr.write(`duban ${processName}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
}
