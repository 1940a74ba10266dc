import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@duban/config';
import { createValidationPipe } from './http/validation';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { RejectNulCharacterPipe } from './http/nul-character.pipe';
import { rejectDeepJson } from './http/json-depth';
import { serveConsole } from './console-static';

export const API_PREFIX = 'api/v1';

/** Everything main.ts and the end-to-end tests both need, so the tests run the real app. */
export function configureApp(app: NestExpressApplication, config: AppConfig): NestExpressApplication {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useBodyParser('json', { limit: config.bodyLimit, verify: rejectDeepJson() });
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  app.useGlobalPipes(new RejectNulCharacterPipe(), createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.set('trust proxy', 'loopback');

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Duban API')
      .setDescription('督办: task decomposition tables, their lifecycle, inspections, rectification and every unit’s inbox.')
      .setVersion('1')
      .addBearerAuth()
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  serveConsole(app);
  return app;
}
