import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoLogger } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import type { Level } from 'pino';
import type { RequestLogFields } from '@duban/platform';

const levelOf = (status: number): Level => (status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info');

/**
 * One line per finished request (`request completed`, at info, warn for a 4xx, error for a 5xx; never
 * for /health), and every line logged while a request runs carries its id. Both only where they can
 * be written: above the info level a request gets no logger of its own, and a line below the level
 * is never built. Every answer names its request in `x-request-id`.
 */
export function logRequests(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // the logger exists once the app has initialised its modules (after this runs)
  const root = () => PinoLogger.root;
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // lines logged inside a request go to a child that carries its id; at warn and above they are rare, and the error filter names the request itself
    if (!root().isLevelEnabled('info')) return done();
    storage.run(new Store(root().child({ req: { id: request.id } })), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const level = levelOf(reply.statusCode);
    if (root().isLevelEnabled(level) && request.url !== '/health') {
      const fields: RequestLogFields = {
        req: { id: request.id, method: request.method, url: request.url },
        res: { statusCode: reply.statusCode },
        responseTime: Math.round(reply.elapsedTime),
      };
      root()[level](fields, 'request completed');
    }
    done();
  });
}
