import { chooseLogFormat } from './log-format';

describe('chooseLogFormat', () => {
  it('writes readable lines to a terminal and JSON lines anywhere else', () => {
    expect(chooseLogFormat('auto', true)).toBe('pretty');
    expect(chooseLogFormat('auto', false)).toBe('json');
  });

  it('lets LOG_FORMAT force either', () => {
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });
});
