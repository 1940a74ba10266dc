import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document of the api (`/docs`, `/docs-json`), from the controllers and the DTO and view
 * classes; `npm run api:types` turns it into the console's types. The paths carry the global prefix,
 * so the one server is the origin that serves the document.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return withBodyRefusals(
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
 * Every operation that reads a body may be refused before its controller runs: a body over the limit
 * (413) or of a media type the api does not read (415), answered by the HTTP layer with ErrorView.
 */
function withBodyRefusals(document: OpenAPIObject): OpenAPIObject {
  const errorView = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorView' } } };
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.post, item.put, item.patch]) {
      if (!operation?.requestBody) continue;
      operation.responses['413'] ??= { description: 'the body is larger than the api reads (BODY_LIMIT, or the upload’s own limit)', content: errorView };
      operation.responses['415'] ??= { description: 'the body’s media type is not one the operation reads', content: errorView };
    }
  }
  return document;
}
