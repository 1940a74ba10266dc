import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/*
 * Loopback servers that speak the providers' protocols, for the channel e2e tests: a DingTalk custom
 * robot that checks the 加签 signature as its documentation defines it, a WeCom group robot with its
 * 20-messages-a-window limit, an SMTP server, and the Tencent Cloud SMS API.
 */

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface RobotMessage {
  body: Record<string, unknown>;
  answered: number | 'outage';
}

/** DingTalk: `timestamp` (ms, within an hour) and `sign` = Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)); errcode 0, or 310000. `down` answers 502. */
export async function startDingTalkRobot(accessToken: string, secret: string) {
  const messages: RobotMessage[] = [];
  const state = { down: false };
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = JSON.parse(raw) as Record<string, unknown>;
      if (state.down) {
        messages.push({ body, answered: 'outage' });
        res.writeHead(502).end('bad gateway');
        return;
      }
      const timestamp = url.searchParams.get('timestamp') ?? '';
      const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
      const fresh = Math.abs(Date.now() - Number(timestamp)) < 3_600_000;
      const valid = url.searchParams.get('access_token') === accessToken && fresh && url.searchParams.get('sign') === expected;
      const errcode = valid ? 0 : 310000;
      messages.push({ body, answered: errcode });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode, errmsg: valid ? 'ok' : 'sign not match' }));
    });
  });
  const base = await listen(server);
  return { server, state, messages, url: `${base}/robot/send?access_token=${accessToken}` };
}

/** WeCom: at most `perWindow` messages in each window of `windowMs`; beyond, errcode 45009. `state.otherSender` messages of each window are another sender's to the same robot. */
export async function startWeComRobot(key: string, perWindow: number, windowMs: number) {
  const messages: (RobotMessage & { window: number })[] = [];
  const spent = new Map<number, number>();
  const state = { refuse: false, otherSender: 0 };
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const window = Math.floor(Date.now() / windowMs);
      const used = (spent.get(window) ?? 0) + state.otherSender;
      const ok = !state.refuse && new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('key') === key;
      const errcode = !ok ? 93000 : used >= perWindow ? 45009 : 0;
      if (errcode === 0) spent.set(window, used + 1);
      messages.push({ body: JSON.parse(raw) as Record<string, unknown>, answered: errcode, window });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode, errmsg: errcode === 0 ? 'ok' : 'api freq out of limit' }));
    });
  });
  const base = await listen(server);
  return {
    server,
    state,
    messages,
    url: `${base}/cgi-bin/webhook/send?key=${key}`,
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** An SMTP server (the smtp-server package) that accepts every mail, without TLS or authentication. */
export async function startSmtpServer() {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, mails, url: `smtp://127.0.0.1:${port}` };
}

/** A header of a received mail, its MIME encoded-words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) decoded. */
export function mailHeader(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`)) ?? '';
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

export interface SmsCall {
  authorization: string;
  action: string;
  body: { PhoneNumberSet: string[]; TemplateId: string; TemplateParamSet: string[]; SmsSdkAppId: string; SignName: string; SessionContext?: string };
}

/** The Tencent Cloud SMS API (SendSms, version 2021-01-11): checks the TC3-HMAC-SHA256 authorization's shape and answers Ok. */
export async function startTencentSms(secretId: string) {
  const calls: SmsCall[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const authorization = String(req.headers.authorization ?? '');
      const call = { authorization, action: String(req.headers['x-tc-action']), body: JSON.parse(raw) as SmsCall['body'] };
      calls.push(call);
      const signed = authorization.startsWith(`TC3-HMAC-SHA256 Credential=${secretId}/`) && /Signature=[0-9a-f]{64}$/.test(authorization);
      const response = signed
        ? {
            SendStatusSet: call.body.PhoneNumberSet.map((phone) => ({
              Code: 'Ok',
              Message: 'send success',
              PhoneNumber: phone,
              SerialNo: `serial-${calls.length}`,
            })),
            RequestId: `req-${calls.length}`,
          }
        : { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'signature wrong' }, RequestId: `req-${calls.length}` };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Response: response }));
    });
  });
  const base = await listen(server);
  return { server, calls, host: base.replace('http://', '') };
}
