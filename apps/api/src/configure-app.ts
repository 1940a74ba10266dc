import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import type { INestApplication } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ClockStore } from '@duban/clock';
import type { AppConfig } from '@duban/config';
import { createValidationPipe } from './http/validation';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { traceWrites } from './http/write-trace';
import { ClockRefreshInterceptor } from './clock/clock-refresh.interceptor';
import { bodyLimitBytes } from './http/http-adapter';
import { useBodyParsers } from './http/fastify-body-parsers';
import { logRequests } from './http/request-logging';
import { useSecurityHeaders } from './http/security-headers';
import { RejectNulCharacterPipe } from './http/nul-character.pipe';
import { createOpenApiDocument } from './openapi/openapi-document';
import { serveConsole } from './console-static';

export const API_PREFIX = 'api/v1';

/** Everything under /api/v1 but the health check, which load balancers know at /health. */
export function useApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
}

/**
 * Everything main.ts and the end-to-end tests both need, so the tests run the real app. The app is
 * made with `createHttpAdapter(config)` (Fastify); call `await app.init()` (or `listen`) after.
 */
export function configureApp(app: NestFastifyApplication, config: AppConfig): NestFastifyApplication {
  app.useLogger(app.get(Logger));
  useApiPrefix(app);
  useBodyParsers(app, bodyLimitBytes(config.bodyLimit));
  // multipart bodies are read by MultipartFileInterceptor on the endpoints that take a file, with their own limits
  void app.register(fastifyMultipart);
  // the refresh token's HttpOnly cookie (apps/api/src/auth/refresh-cookie.ts); unsigned: its secret is random and checked against its hash
  void app.register(fastifyCookie);
  app.useGlobalPipes(new RejectNulCharacterPipe(), createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(app.get(HttpAdapterHost)));
  // a 503 says whether the write may have happened (outcome)
  traceWrites(app);
  // the only global interceptor, where it has work: a read with none runs no interceptor chain
  if (app.get(ClockStore).simulated) app.useGlobalInterceptors(app.get(ClockRefreshInterceptor));
  logRequests(app);
  useSecurityHeaders(app);
  closeConnectionsWhenClosing(app);

  SwaggerModule.setup('docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  serveConsole(app);
  return app;
}

/**
 * Once the api is shutting down, a request still in flight is answered with `Connection: close`:
 * otherwise its client's keep-alive connection stays open and the server waits for it until the
 * shutdown deadline (new requests get 503 from Fastify itself).
 */
function closeConnectionsWhenClosing(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}
