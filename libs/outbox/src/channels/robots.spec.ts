import { dingTalkBody, readDingTalkAnswer, signedDingTalkUrl } from './dingtalk-robot';
import { readWeComAnswer, weComBody } from './wecom-robot';

describe('the DingTalk custom robot', () => {
  it('signs the webhook URL as its documentation defines (a vector computed apart, with Python’s hmac)', () => {
    const secret = 'SEC000000000000000000000000000000000000000000000000000000000000000';
    const url = signedDingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', secret, 1733450000000);
    expect(url).toBe('https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1733450000000&sign=klynHF5ZMwYPDg9IuM%2BiAulovBPveMrjhuoRoHz32nY%3D');
  });

  it('sends markdown with the mentions at the end of the text', () => {
    expect(dingTalkBody({ subject: '【催办】第28项', body: '#### 【催办】第28项' }, ['13800000000'])).toEqual({
      msgtype: 'markdown',
      markdown: { title: '【催办】第28项', text: '#### 【催办】第28项 @13800000000' },
      at: { atMobiles: ['13800000000'], isAtAll: false },
    });
  });

  it('reads its answers: sent, too fast (again later), refused for good', () => {
    expect(readDingTalkAnswer(200, { errcode: 0, errmsg: 'ok' })).toEqual({ outcome: 'sent' });
    expect(readDingTalkAnswer(200, { errcode: 410100, errmsg: 'send too fast' })).toMatchObject({ outcome: 'retry', afterSeconds: 60 });
    expect(readDingTalkAnswer(200, { errcode: 310000, errmsg: 'sign not match' })).toEqual({
      outcome: 'rejected',
      reason: 'DingTalk errcode 310000: sign not match',
    });
    expect(readDingTalkAnswer(502, '')).toMatchObject({ outcome: 'retry' });
    expect(readDingTalkAnswer(404, '')).toMatchObject({ outcome: 'rejected' });
  });
});

describe('the WeCom group robot', () => {
  it('sends markdown, cut to the robot’s 4,096 bytes', () => {
    expect(weComBody({ subject: '', body: '**【督办】**' })).toEqual({ msgtype: 'markdown', markdown: { content: '**【督办】**' } });
    const long = weComBody({ subject: '', body: '督'.repeat(3_000) }) as { markdown: { content: string } };
    expect(Buffer.byteLength(long.markdown.content, 'utf8')).toBeLessThanOrEqual(4_096);
    expect(long.markdown.content.endsWith('…')).toBe(true);
  });

  it('waits a minute when its rate is spent (45009) and refuses a bad key for good', () => {
    expect(readWeComAnswer(200, { errcode: 45009, errmsg: 'api freq out of limit' })).toMatchObject({ outcome: 'retry', afterSeconds: 60 });
    expect(readWeComAnswer(200, { errcode: 93000, errmsg: 'invalid webhook url' })).toMatchObject({ outcome: 'rejected' });
    expect(readWeComAnswer(200, { errcode: 0, errmsg: 'ok' })).toEqual({ outcome: 'sent' });
  });
});
