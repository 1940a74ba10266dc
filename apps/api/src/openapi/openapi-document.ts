import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document of the api (`/docs`, `/docs-json`), from the controllers and the DTO and view
 * classes; `npm run api:types` turns it into the console's types. The paths carry the global prefix,
 * so the one server is the origin that serves the document.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return withRefusalsBeforeControllers(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Duban API')
        .setDescription('督办: task decomposition tables, their lifecycle, inspections, rectification and every unit’s inbox.')
        .setVersion('1')
        .addServer('/', 'the api that serves this document')
        .addBearerAuth()
        .addSecurityRequirements('bearer')
        .build(),
    ),
  );
}

/**
 * Refusals the HTTP layer and the guard answer before any controller runs, with ErrorView: a body over
 * the limit (413) or of a media type the api does not read (415) on every operation that reads a body,
 * and on every operation that needs a token, 403 for a user who must first change the password an
 * admin set.
 */
function withRefusalsBeforeControllers(document: OpenAPIObject): OpenAPIObject {
  const errorView = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorView' } } };
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (operation?.responses['401'])
        operation.responses['403'] ??= {
          description: 'the caller must first change the password an admin set (password_change_required: POST /api/v1/auth/password)',
          content: errorView,
        };
      if (!operation?.requestBody) continue;
      operation.responses['413'] ??= { description: 'the body is larger than the api reads (BODY_LIMIT, or the upload’s own limit)', content: errorView };
      operation.responses['415'] ??= { description: 'the body’s media type is not one the operation reads', content: errorView };
    }
  }
  return document;
}
