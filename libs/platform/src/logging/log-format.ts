import type { LogFormat } from '@duban/config';

/**
 * How a process writes its logs: readable lines for a person at a terminal, JSON lines for
 * everything else (CI, docker, log shippers). LOG_FORMAT=json|pretty overrides the guess.
 */
export function chooseLogFormat(setting: LogFormat, stdoutIsTerminal: boolean): 'json' | 'pretty' {
  if (setting !== 'auto') return setting;
  return stdoutIsTerminal ? 'pretty' : 'json';
}
