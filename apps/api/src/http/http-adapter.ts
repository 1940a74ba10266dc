import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AppConfig } from '@duban/config';

/** A caller's `x-request-id` is kept when it looks like an id; anything else gets a fresh UUID. */
const GIVEN_REQUEST_ID = /^[\w.-]{1,128}$/;

export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && GIVEN_REQUEST_ID.test(given) ? given : randomUUID();
}

/** `12mb` / `100kb` (the BODY_LIMIT setting) in bytes. */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`BODY_LIMIT must look like 100kb or 12mb, not ${limit}`);
  return Number(match[1]) * (match[2].toLowerCase() === 'mb' ? 1024 * 1024 : 1024);
}

/**
 * The api's HTTP server: Fastify, its own logger off (requests are logged by nestjs-pino), the
 * request id taken from `x-request-id` or made, and the client address read through a proxy on
 * loopback only (nginx in front of several api processes), never from a header anyone can send.
 */
export function createHttpAdapter(config: Pick<AppConfig, 'bodyLimit'>): FastifyAdapter {
  return new FastifyAdapter({
    logger: false,
    bodyLimit: bodyLimitBytes(config.bodyLimit),
    trustProxy: 'loopback',
    requestIdHeader: false,
    genReqId: requestIdOf,
    // a long path parameter reaches the id pipe, which says what an id looks like (Fastify's default of 100 answers 404)
    routerOptions: { maxParamLength: 4096 },
    return503OnClosing: true,
  });
}
