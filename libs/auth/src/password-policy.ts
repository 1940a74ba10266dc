import { invalid } from '@duban/domain';
import { COMMON_PASSWORDS } from './common-passwords';

/** Length first (NIST SP 800-63B): long passphrases, no composition rules. */
export const MIN_PASSWORD_LENGTH = 12;

const COMMON = new Set(COMMON_PASSWORDS.map((password) => password.toLowerCase()));

/**
 * Refuses a new password that is too short, on the shipped list of common ones, or the username itself
 * (400 with a stable code). Checked for every password a user or an admin sets; a login is never refused
 * by it (a password set before the policy keeps working until it is changed).
 */
export function assertPasswordAcceptable(password: string, username?: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw invalid('password_too_short', `password must be at least ${MIN_PASSWORD_LENGTH} characters (a few words make a good one)`);
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) throw invalid('password_too_common', 'password is on the list of common passwords; choose another');
  if (username !== undefined && lower.includes(username.toLowerCase()) && username.length >= 4 && lower.length - username.length < 6) {
    throw invalid('password_like_username', 'password must not be the username with a few characters added');
  }
}
