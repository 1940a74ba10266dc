import fastifyHelmet from '@fastify/helmet';
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
 * Security headers on every answer (helmet): the CSP above, `X-Frame-Options: DENY`,
 * `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, cross-origin isolation of the
 * resources. HSTS is the TLS proxy's to send (the api speaks plain HTTP behind it; see docs/security.md).
 * No CORS headers: the console is served from the api's own origin.
 */
export function useSecurityHeaders(app: NestFastifyApplication): void {
  void app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_CSP },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      if (request.url === '/docs' || request.url.startsWith('/docs/')) reply.header('content-security-policy', DOCS_CSP);
      done(null, payload);
    });
}
