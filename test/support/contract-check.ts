import Ajv, { type ValidateFunction } from 'ajv';
import type { OpenAPIObject } from '@nestjs/swagger';

interface MediaType {
  schema?: object;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface OperationObject {
  responses: Record<string, ResponseObject>;
}

/**
 * Every answer an e2e test receives, held to the OpenAPI document: its status must be one the
 * operation documents, and a JSON body must match that answer's schema. The document is what
 * `/docs-json` serves and the console's types are generated from, so it cannot drift from what the
 * api does without a test failing. Violations are collected and reported when the test app closes.
 */
export class ContractCheck {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly validators = new Map<string, ValidateFunction>();
  readonly violations: string[] = [];

  constructor(private readonly document: OpenAPIObject) {
    // the document's own `#/components/...` references resolve inside it
    this.ajv.addSchema({ $id: 'openapi', components: nullableAsNull(document.components) }, 'openapi');
  }

  /** `route`: the router's pattern (`/api/v1/tasks/:id`), absent when no route matched (a 404 of the router). */
  check(method: string, route: string | undefined, status: number, contentType: string | undefined, payload: unknown): void {
    if (route === undefined || !route.startsWith('/api/')) return;
    const path = route.replace(/:(\w+)/g, '{$1}');
    const name = `${method} ${path} → ${status}`;
    const operation = (this.document.paths[path] as Record<string, OperationObject> | undefined)?.[method.toLowerCase()];
    if (!operation) return void this.violations.push(`${name}: the document has no such operation`);
    const answer = operation.responses[String(status)] ?? operation.responses.default;
    if (!answer) return void this.violations.push(`${name}: the status is not documented (documented: ${Object.keys(operation.responses).join(', ')})`);
    const media = contentType?.split(';')[0].trim();
    if (media !== 'application/json') return;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    // no body (a 204 sends none, whatever its headers say)
    if (body === undefined || body === '' || status === 204) return;
    const schema = answer.content?.['application/json']?.schema;
    if (!schema) return void this.violations.push(`${name}: a JSON answer where the document describes none`);
    const validate = this.validatorFor(name, schema);
    if (!validate(JSON.parse(body))) {
      const errors = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''}`);
      this.violations.push(`${name}: the body does not match its schema: ${errors.join('; ')}`);
    }
  }

  private validatorFor(name: string, schema: object): ValidateFunction {
    let validate = this.validators.get(name);
    if (!validate) {
      // references in an answer's schema point into the document's components
      validate = this.ajv.compile(nullableAsNull(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/'))) as object);
      this.validators.set(name, validate);
    }
    return validate;
  }
}

/**
 * `nullable: true` as the document's readers take it (the console's generated types among them): null
 * is a value, whatever else the schema says — also beside an `enum` or an `allOf` of a reference,
 * where OpenAPI 3.0's own wording would not let it through.
 */
function nullableAsNull(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableAsNull);
  if (typeof schema !== 'object' || schema === null) return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const inner = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, nullableAsNull(value)]));
  return nullable === true ? { anyOf: [{ type: 'null' }, inner] } : inner;
}
