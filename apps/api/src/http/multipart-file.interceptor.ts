import { type CallHandler, createParamDecorator, type ExecutionContext, Injectable, mixin, type NestInterceptor, type Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { invalid } from '@duban/domain';

/** A file received in a multipart/form-data request, read into memory (what `@UploadedBytes()` gives a controller). */
export interface UploadedFileBytes {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export interface MultipartLimits {
  /** the largest file, in bytes: a larger one is refused with 413 */
  fileSize: number;
  /** the most text fields beside the file */
  fields: number;
}

/** Where the interceptor leaves the file (`request.file` is the multipart plugin's own reader). */
type WithUpload = FastifyRequest & { uploadedBytes?: UploadedFileBytes };

/** The file MultipartFileInterceptor read, or undefined when the request carried none (a JSON body). */
export const UploadedBytes = createParamDecorator((_data: unknown, context: ExecutionContext): UploadedFileBytes | undefined => {
  return context.switchToHttp().getRequest<WithUpload>().uploadedBytes;
});

/**
 * Reads a multipart/form-data request with one file in `field`: the file becomes `@UploadedBytes()`
 * and the text fields the body that `@Body()` validates. Any other request passes as it is, so an
 * endpoint can take JSON or a form. Limits are enforced while the body streams in (413 at the first
 * byte over), never after buffering it whole.
 */
export function MultipartFileInterceptor(field: string, limits: MultipartLimits): Type<NestInterceptor> {
  @Injectable()
  class Interceptor implements NestInterceptor {
    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const request = context.switchToHttp().getRequest<WithUpload>();
      if (!request.isMultipart()) return next.handle();
      const body: Record<string, unknown> = {};
      for await (const part of request.parts({ limits: { fileSize: limits.fileSize, files: 1, fields: limits.fields } })) {
        if (part.type === 'field') {
          body[part.fieldname] = part.value;
          continue;
        }
        if (part.fieldname !== field) {
          part.file.resume();
          throw invalid('unexpected_file_field', `the file must be sent as the form field "${field}", not "${part.fieldname}"`);
        }
        const buffer = await part.toBuffer();
        request.uploadedBytes = { fieldname: part.fieldname, originalname: part.filename, mimetype: part.mimetype, size: buffer.length, buffer };
      }
      request.body = body;
      return next.handle();
    }
  }
  return mixin(Interceptor);
}
