import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

/** Paths the api answers itself: never the console's index.html. */
const API_PATHS = /^\/(api|health|docs)(\/|$|-)/;

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>督办控制台未构建</title></head>
<body><main><h1>督办控制台尚未构建</h1><p>The console has not been built: run <code>npm run build</code> (or <code>npm start</code>), then reload.</p>
<p>API: <a href="/docs">/docs</a></p></main></body></html>`;

/**
 * Where the built console is: dist/console beside the compiled api (dist/apps/api/src → dist/console),
 * or under dist/ when the api runs from its TypeScript sources (the tests).
 */
export function consoleDirectory(): string {
  const root = resolve(__dirname, '..', '..', '..');
  return basename(root) === 'dist' ? join(root, 'console') : join(root, 'dist', 'console');
}

/** The file a URL path names inside `directory`, if there is one (never a path that climbs out of it). */
function fileIn(directory: string, urlPath: string): string | null {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath).replace(/^\/+/, '');
  } catch {
    return null;
  }
  if (!relative || relative.includes('\0')) return null;
  const full = resolve(directory, relative);
  if (!full.startsWith(directory + sep)) return null;
  try {
    return statSync(full).isFile() ? full.slice(directory.length + 1) : null;
  } catch {
    return null;
  }
}

/**
 * Serves the console at `/`: its files as they are, and index.html for any other GET that is not
 * the API, health or docs (the console routes in the browser). Without a build, a short page says
 * how to make one; the API is unaffected either way. One wildcard route does it, so an API request
 * is routed straight to its controller and never looks for a file.
 */
export function serveConsole(app: NestFastifyApplication, where = consoleDirectory()): void {
  const directory = resolve(where);
  const fastify = app.getHttpAdapter().getInstance();
  void fastify.register(fastifyStatic, { root: directory, serve: false, cacheControl: false, setHeaders: cacheHeaders });
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?', 1)[0];
    if (API_PATHS.test(path)) return reply.callNotFound();
    const file = fileIn(directory, path);
    if (file) return reply.sendFile(file);
    if (!existsSync(join(directory, 'index.html'))) return reply.code(404).type('text/html; charset=utf-8').send(NOT_BUILT);
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
}

function cacheHeaders(reply: FastifyReply, path: string): void {
  if (path.endsWith('index.html')) reply.header('Cache-Control', 'no-cache');
  else if (path.includes(`${sep}assets${sep}`)) reply.header('Cache-Control', 'public, max-age=31536000, immutable');
}
