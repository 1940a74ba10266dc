import { attachmentDisposition } from './content-disposition';

describe('attachmentDisposition', () => {
  it('carries the Chinese name per RFC 5987 with an ASCII fallback, always as an attachment', () => {
    expect(attachmentDisposition('验收报告.pdf')).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''%E9%AA%8C%E6%94%B6%E6%8A%A5%E5%91%8A.pdf`);
    expect(attachmentDisposition(`it's "(1)".pdf`)).toBe(`attachment; filename="it's _(1)_.pdf"; filename*=UTF-8''it%27s%20%22%281%29%22.pdf`);
  });
});
