import { withoutSecrets } from './log-redaction';

describe('withoutSecrets', () => {
  it('replaces the values of secret-looking query parameters and keeps the rest of the URL', () => {
    expect(withoutSecrets('/api/v1/auth/login?password=hunter22&next=%2Finbox')).toBe('/api/v1/auth/login?password=%5Bredacted%5D&next=%2Finbox');
    expect(withoutSecrets('/x?Token=abc&accessToken=def')).toBe('/x?Token=%5Bredacted%5D&accessToken=%5Bredacted%5D');
  });

  it('leaves a URL without secrets exactly as it was sent', () => {
    expect(withoutSecrets('/api/v1/tasks?planId=1&state=overdue&limit=50')).toBe('/api/v1/tasks?planId=1&state=overdue&limit=50');
    expect(withoutSecrets('/health')).toBe('/health');
  });
});
