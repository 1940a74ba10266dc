import { readSmsUrl } from './tencent-sms.sender';

describe('SMS_URL', () => {
  it('names the credentials, the endpoint, the application, the signature and the template', () => {
    expect(readSmsUrl('tencent://AKIDabc:s%2Fecret@sms.tencentcloudapi.com?sdkAppId=1400000001&sign=鄂尔多斯督查&template=100001')).toEqual({
      secretId: 'AKIDabc',
      secretKey: 's/ecret',
      endpoint: 'sms.tencentcloudapi.com',
      protocol: 'https://',
      region: 'ap-guangzhou',
      sdkAppId: '1400000001',
      signName: '鄂尔多斯督查',
      templateId: '100001',
    });
    expect(readSmsUrl('tencent+http://a:b@127.0.0.1:8080?sdkAppId=1&sign=s&template=2&region=ap-beijing')).toMatchObject({
      endpoint: '127.0.0.1:8080',
      protocol: 'http://',
      region: 'ap-beijing',
    });
  });

  it('says what is missing', () => {
    expect(() => readSmsUrl('tencent://a:b@sms.tencentcloudapi.com?sdkAppId=1&sign=s')).toThrow('SMS_URL has no template');
  });
});
