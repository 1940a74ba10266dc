import type { OpenAPIObject } from '@nestjs/swagger';
import { ContractCheck } from './contract-check';

const DOCUMENT = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/v1/tasks/{id}': {
      get: {
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Task' } } } },
          '404': { description: 'no', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      },
    },
  },
  components: {
    schemas: {
      Task: {
        type: 'object',
        required: ['id', 'recurrence'],
        properties: {
          id: { type: 'string' },
          recurrence: { type: 'string', nullable: true, enum: ['annual'] },
          source: { nullable: true, allOf: [{ $ref: '#/components/schemas/Source' }] },
        },
      },
      Source: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' } } },
      Error: { type: 'object', required: ['statusCode'], properties: { statusCode: { type: 'number' } } },
    },
  },
} as unknown as OpenAPIObject;

describe('the contract check of e2e answers', () => {
  const json = 'application/json; charset=utf-8';

  it('passes answers the document describes, null where a field is nullable', () => {
    const check = new ContractCheck(DOCUMENT);
    check.check('GET', '/api/v1/tasks/:id', 200, json, JSON.stringify({ id: '1', recurrence: null, source: null }));
    check.check('GET', '/api/v1/tasks/:id', 200, json, JSON.stringify({ id: '1', recurrence: 'annual', source: { kind: 'meeting' } }));
    check.check('GET', '/api/v1/tasks/:id', 404, json, JSON.stringify({ statusCode: 404 }));
    // no route matched, or not the api: nothing to hold it to
    check.check('GET', undefined, 404, json, '{}');
    check.check('GET', '/health', 200, json, '{}');
    expect(check.violations).toEqual([]);
  });

  it('names a body that does not match, a status not documented and an operation the document lacks', () => {
    const check = new ContractCheck(DOCUMENT);
    check.check('GET', '/api/v1/tasks/:id', 200, json, JSON.stringify({ id: 1, recurrence: 'weekly' }));
    check.check('GET', '/api/v1/tasks/:id', 409, json, JSON.stringify({ statusCode: 409 }));
    check.check('DELETE', '/api/v1/tasks/:id', 204, undefined, '');
    expect(check.violations).toEqual([
      expect.stringMatching(/^GET \/api\/v1\/tasks\/\{id\} → 200: the body does not match its schema: \/id must be string; \/recurrence/),
      'GET /api/v1/tasks/{id} → 409: the status is not documented (documented: 200, 404)',
      'DELETE /api/v1/tasks/{id} → 204: the document has no such operation',
    ]);
  });
});
