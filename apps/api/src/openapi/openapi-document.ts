import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_GUIDE, withGuide } from './openapi-guide';

/**
 * The OpenAPI document of the api (`/docs`, `/docs-json`), from the controllers and the DTO and view
 * classes; `npm run api:types` turns it into the console's types. The paths carry the global prefix,
 * so the one server is the origin that serves the document. The guide, tag descriptions and seed
 * examples come from openapi-guide.ts.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = withRefusalsBeforeControllers(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Duban API')
        .setDescription(API_GUIDE)
        .setVersion('1')
        .addServer('/', 'the api that serves this document')
        .addBearerAuth()
        .addSecurityRequirements('bearer')
        .build(),
    ),
  );
  withNullsSpelledOut(document.components);
  return withGuide(document);
}

/**
 * Refusals the HTTP layer and the guard answer before any controller runs, with ErrorView: a body over
 * the limit (413), of a media type the api does not read (415) or not readable (400) on every write,
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
      // a body is read, if one is sent, on every write, whether the operation takes one or not
      if (!operation || operation === item.get) continue;
      operation.responses['400'] ??= { description: 'the body is not readable (malformed JSON, or a JSON value that is not an object)', content: errorView };
      operation.responses['413'] ??= { description: 'the body is larger than the api reads (BODY_LIMIT, or the upload’s own limit)', content: errorView };
      operation.responses['415'] ??= { description: 'the body’s media type is not one the operation reads', content: errorView };
    }
  }
  return document;
}

type SchemaNode = Record<string, unknown>;

/**
 * OpenAPI 3.0's `nullable: true` adds null to a `type` only: an `enum` must list null itself, and a
 * referenced schema beside it (`allOf: [{$ref}]`) still refuses null. Nest writes both shapes for
 * nullable enums and nullable objects; validators (and the seed examples) need null spelled out: the
 * enum gains null, and the reference becomes "the object, or null".
 */
function withNullsSpelledOut(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(withNullsSpelledOut);
  if (!node || typeof node !== 'object') return;
  const schema = node as SchemaNode;
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
  if (schema.nullable === true && Array.isArray(schema.allOf) && schema.allOf.length === 1) {
    schema.oneOf = [schema.allOf[0], { type: 'object', nullable: true, enum: [null] }];
    delete schema.allOf;
    delete schema.type;
    delete schema.nullable;
  }
  Object.values(schema).forEach(withNullsSpelledOut);
}
