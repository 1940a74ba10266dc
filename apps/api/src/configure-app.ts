import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@duban/config';
import { createValidationPipe } from './http/validation';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { RejectNulCharacterPipe } from './http/nul-character.pipe';
import { rejectDeepJson } from './http/json-depth';
import { createOpenApiDocument } from './openapi/openapi-document';
import { serveConsole } from './console-static';

export const API_PREFIX = 'api/v1';

/** Everything under /api/v1 but the health check, which load balancers know at /health. */
export function useApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
}

/** Everything main.ts and the end-to-end tests both need, so the tests run the real app. */
export function configureApp(app: NestExpressApplication, config: AppConfig): NestExpressApplication {
  app.useLogger(app.get(Logger));
  useApiPrefix(app);
  app.useBodyParser('json', { limit: config.bodyLimit, verify: rejectDeepJson() });
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  app.useGlobalPipes(new RejectNulCharacterPipe(), createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.set('trust proxy', 'loopback');

  SwaggerModule.setup('docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  serveConsole(app);
  return app;
}
