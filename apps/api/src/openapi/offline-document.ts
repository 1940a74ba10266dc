import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { useApiPrefix } from '../configure-app';
import { createOpenApiDocument } from './openapi-document';

/**
 * The OpenAPI document without a database or Redis: Nest's preview mode builds the module graph
 * (the routes and the classes behind them) but constructs no provider, so no connection is opened.
 */
export async function buildDocumentOffline(): Promise<OpenAPIObject> {
  const app: INestApplication = await NestFactory.create(AppModule, new FastifyAdapter(), { preview: true, logger: false });
  try {
    useApiPrefix(app);
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
