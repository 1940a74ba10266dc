import { channelProblems } from './channel-address.rules';

describe('a notice channel as an admin writes it', () => {
  it('accepts each channel’s own kind of address', () => {
    expect(
      channelProblems({ channel: 'dingtalk', address: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SEC0123456789abcdef' }, 0, false),
    ).toEqual([]);
    expect(channelProblems({ channel: 'wecom', address: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }, 0, false)).toEqual([]);
    expect(channelProblems({ channel: 'email', address: 'bgs@wjw.example.gov.cn' }, 0, false)).toEqual([]);
    expect(channelProblems({ channel: 'sms', address: '+8613800000001', kinds: ['interview'] }, 0, false)).toEqual([]);
    // a DingTalk robot written again without its secret keeps the stored one
    expect(channelProblems({ channel: 'dingtalk', address: 'https://oapi.dingtalk.com/robot/send?access_token=t' }, 0, true)).toEqual([]);
  });

  it('names every problem with the channel’s position', () => {
    expect(channelProblems({ channel: 'wecom', address: 'https://qyapi.weixin.qq.com/x', secret: 'short', kinds: ['lunch'] }, 2, false)).toEqual([
      'channels[2].address must be a WeCom robot’s webhook URL (…/cgi-bin/webhook/send?key=…)',
      'channels[2].secret: a wecom channel has no secret',
      'channels[2].secret must be at least 16 characters',
      expect.stringContaining('channels[2].kinds: unknown kinds lunch'),
    ]);
    expect(channelProblems({ channel: 'webhook', address: 'ftp://x' }, 0, false)).toEqual([
      'channels[0].address must be an http or https URL',
      'channels[0].secret is required: the key the body is signed with',
    ]);
  });
});
