import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { jsonNestingDepth, MAX_JSON_DEPTH } from './json-depth';

/**
 * JSON bodies are refused with a 400 when nested deeper than the API ever needs, before parsing
 * (validation and transformation recurse into every level and would exhaust the stack); then
 * Fastify's own parser reads them (a body that is not an object or array is refused first), which refuses `__proto__` and `constructor` poisoning.
 * Form-encoded bodies (a login form without JavaScript) are read flat.
 */
export function useBodyParsers(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  // no endpoint reads plain text: such a body is a 415 that names the types the API reads
  fastify.removeContentTypeParser('text/plain');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (request, body, done) => {
    const first = firstNonBlankByte(body);
    // an empty JSON body is an empty object, as it always was for the API's clients
    if (first === undefined) return done(null, {});
    // a bare string, number or null is never a request the API defines
    if (first !== 0x7b && first !== 0x5b) return done(Object.assign(new Error('request body must be a JSON object'), { statusCode: 400 }), undefined);
    if (jsonNestingDepth(body) > MAX_JSON_DEPTH)
      return done(Object.assign(new Error(`request body is nested deeper than ${MAX_JSON_DEPTH} levels`), { statusCode: 400 }), undefined);
    // Fastify's parser answers through `done`; the promise it may return carries nothing more
    void parseJson(request, body.toString('utf8'), done);
  });
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  });
}

function firstNonBlankByte(body: Buffer): number | undefined {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  return undefined;
}
