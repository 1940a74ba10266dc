import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  RequestMethod,
  UnprocessableEntityException,
  UseInterceptors,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { lastValueFrom, Observable } from 'rxjs';
import { type ErrorCode, invalid } from '@duban/domain';
import { IdempotencyService, type KeyedOutcome, requestHash } from '@duban/idempotency';
import { ApiErrors } from './api-errors.decorator';
import type { TracedRequest } from './write-trace';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** Printable ASCII without spaces, as a UUID or any token a client makes up. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The header and its refusals in the OpenAPI document, for a route that runs its keyed write itself (an upload read as a stream). */
export const IdempotencyKeyDocumented = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiErrors(422, 503),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'makes a retry safe: the same key with the same request answers the first answer (header Idempotent-Replayed: true) without applying it again; with another request → 422. Up to 255 printable characters, kept 24 h by default.',
    }),
  );

/**
 * Makes a write route safe to retry (the one line a write route needs): a request with an
 * `Idempotency-Key` header runs once per caller and key (IdempotencyService). Declare it after (above)
 * an interceptor that reads the body, such as MultipartFileInterceptor, so that the uploaded bytes are
 * part of the request's hash.
 */
export const Idempotent = (): MethodDecorator & ClassDecorator => applyDecorators(UseInterceptors(IdempotencyInterceptor), IdempotencyKeyDocumented());

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<TracedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = keyOf(request.headers[IDEMPOTENCY_KEY_HEADER]);
    const user = request.user;
    if (key === undefined || user === undefined) return next.handle();
    return new Observable((subscriber) => {
      const keyed = {
        userId: user.id,
        key,
        successStatus: this.successStatus(context, request.method),
        requestHash: requestHash({
          method: request.method,
          route: request.routeOptions.url ?? request.url,
          params: request.params,
          query: request.query,
          body: request.body,
          file: request.uploadedBytes?.buffer,
        }),
      };
      this.idempotency
        .run(keyed, () => lastValueFrom(next.handle(), { defaultValue: undefined }))
        .then((outcome) => answerOf(outcome, reply))
        .then(
          (body) => {
            subscriber.next(body);
            subscriber.complete();
          },
          (error: unknown) => subscriber.error(error),
        );
    });
  }

  private successStatus(context: ExecutionContext, method: string): number {
    const declared = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler());
    return declared ?? (method === RequestMethod[RequestMethod.POST] ? HttpStatus.CREATED : HttpStatus.OK);
  }
}

/** The body to send for a keyed request's outcome (a reused key is refused with 422). */
export function answerOf(outcome: KeyedOutcome, reply: FastifyReply): unknown {
  if (outcome.kind === 'mismatch') {
    throw new UnprocessableEntityException({
      statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
      message: 'this Idempotency-Key was sent before with another request; use a new key for a new request',
      error: 'Unprocessable Entity',
      code: 'idempotency_key_reused' satisfies ErrorCode,
    });
  }
  if (outcome.kind === 'replayed') void reply.header(REPLAYED_HEADER, 'true');
  return outcome.body;
}

/** The request's Idempotency-Key, if it sent one (a malformed one is a 400). */
export function keyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header : [header];
  if (value.length !== 1 || !KEY_PATTERN.test(value[0])) {
    throw invalid('invalid_idempotency_key', 'Idempotency-Key must be one value of 1 to 255 printable characters without spaces (a UUID, say)');
  }
  return value[0];
}
