import { DomainError } from '@duban/domain';
import { assertPasswordAcceptable, MIN_PASSWORD_LENGTH } from './password-policy';

const codeOf = (password: string, username?: string): string | null => {
  try {
    assertPasswordAcceptable(password, username);
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a domain error';
  }
};

describe('assertPasswordAcceptable', () => {
  it(`refuses fewer than ${MIN_PASSWORD_LENGTH} characters, counting a Chinese character as one`, () => {
    expect(codeOf('short-pass1')).toBe('password_too_short');
    expect(codeOf('十一个字的密码不够长啊啊')).toBe(null);
    expect(codeOf('十一个字的密码不够长啊')).toBe('password_too_short');
    expect(codeOf('correct horse')).toBe(null);
  });

  it('refuses a common password and the published demo password, whatever their case', () => {
    expect(codeOf('Password1234')).toBe('password_too_common');
    expect(codeOf('QWERTY123456')).toBe('password_too_common');
    expect(codeOf('duban-demo-2021')).toBe('password_too_common');
  });

  it('refuses the username with a few characters added, not a long passphrase that contains it', () => {
    expect(codeOf('zhang.san.2024', 'zhang.san')).toBe('password_like_username');
    expect(codeOf('zhang.san likes long walks by the river', 'zhang.san')).toBe(null);
  });
});
