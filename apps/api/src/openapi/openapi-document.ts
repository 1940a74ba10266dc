import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document of the api (`/docs`, `/docs-json`), from the controllers and the DTO and view
 * classes; `npm run api:types` turns it into the console's types. The paths carry the global prefix,
 * so the one server is the origin that serves the document.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Duban API')
      .setDescription('督办: task decomposition tables, their lifecycle, inspections, rectification and every unit’s inbox.')
      .setVersion('1')
      .addServer('/', 'the api that serves this document')
      .addBearerAuth()
      .addSecurityRequirements('bearer')
      .build(),
  );
}
