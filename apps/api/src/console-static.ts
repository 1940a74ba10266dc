import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type NextFunction, type Request, type Response, static as staticFiles } from 'express';

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

/**
 * Serves the console at `/`: its files as they are, and index.html for any other GET that is not
 * the API, health or docs (the console routes in the browser). Without a build, a short page says
 * how to make one; the API is unaffected either way.
 */
export function serveConsole(app: NestExpressApplication, directory = consoleDirectory()): void {
  const files = staticFiles(directory, { index: false, fallthrough: true, setHeaders: cacheHeaders });
  const index = join(directory, 'index.html');
  // API requests never look for a file: a stat per request was 4 % of the api's CPU under load
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (API_PATHS.test(request.path)) next();
    else void files(request, response, next);
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || API_PATHS.test(request.path)) return next();
    if (!existsSync(index)) {
      response.status(404).type('html').send(NOT_BUILT);
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}

function cacheHeaders(response: Response, path: string): void {
  if (path.endsWith('index.html')) response.setHeader('Cache-Control', 'no-cache');
  else if (path.includes('/assets/')) response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
}
