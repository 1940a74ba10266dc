import type { ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The console's policy: its own scripts, styles, images and API only; nothing inline (the Vite build
 * emits none), no plugins, no framing, no foreign form targets. Applied to every answer, JSON included.
 */
export const CONSOLE_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  // the console's empty favicon is a data: URL
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The Swagger UI at /docs writes a style block and style attributes into its page: its own policy allows inline styles, still no inline script. */
const DOCS_CSP = Object.entries({ ...CONSOLE_CSP, 'style-src': ["'self'", "'unsafe-inline'"] })
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/**
 * Security headers on every answer (helmet's, see securityHeadersOf): the CSP above, `X-Frame-Options: DENY`,
 * `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, cross-origin isolation of the
 * resources. HSTS is the TLS proxy's to send (the api speaks plain HTTP behind it; see docs/security.md).
 * No CORS headers: the console is served from the api's own origin.
 */
export function useSecurityHeaders(app: NestFastifyApplication): void {
  const setHeaders = securityHeadersOf({
    contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (_request, reply, done) => {
    setHeaders(reply.raw);
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.url === '/docs' || request.url.startsWith('/docs/')) reply.header('content-security-policy', DOCS_CSP);
    done(null, payload);
  });
}

/**
 * What helmet does to a response with these options, worked out once: its headers depend on the options alone (no
 * nonces, no function directives), so they are recorded from one run of its middleware and then set, in its order, on
 * every response. @fastify/helmet built the middleware again on every request (the options and the CSP parsed each
 * time): 3 % of the api's CPU on a read.
 */
export function securityHeadersOf(options: Readonly<HelmetOptions>): (response: Pick<ServerResponse, 'setHeader' | 'removeHeader'>) => void {
  const steps: ({ set: string; value: string | number | readonly string[] } | { remove: string })[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => steps.push({ set: name, value }),
    removeHeader: (name: string) => steps.push({ remove: name }),
  };
  let finished = false;
  let failure: unknown;
  helmet(options)({} as never, recorder as never, (error?: unknown) => {
    failure = error;
    finished = true;
  });
  if (failure !== undefined) throw new Error('helmet refused its options', { cause: failure });
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be recorded');
  return (response) => {
    for (const step of steps) {
      if ('set' in step) response.setHeader(step.set, step.value);
      else response.removeHeader(step.remove);
    }
  };
}
