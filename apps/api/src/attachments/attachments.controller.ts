import { Controller, Get, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AttachmentReadService, AttachmentUploadService, AttachmentView, discardStaged } from '@duban/attachments';
import { type AuthenticatedUser, CurrentUser } from '@duban/auth';
import { IdempotencyService, requestHash } from '@duban/idempotency';
import { ApiErrors } from '../http/api-errors.decorator';
import { answerOf, IDEMPOTENCY_KEY_HEADER, IdempotencyKeyDocumented, keyOf } from '../http/idempotency.interceptor';
import { IdParamPipe } from '../http/id-param.pipe';
import { readAttachmentForm } from './attachment-form.reader';
import { attachmentDisposition } from './content-disposition';
import { sendFileReply } from './file-reply';

const READ_REFUSALS = {
  403: 'not readable by the caller: only the uploading unit, the units of its task, inspectors and admins',
  404: 'no such attachment',
} as const;
const BYTES = (description: string) => ({ description, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }) as const;

/**
 * 佐证材料: uploads (streamed to the storage, never held whole), their metadata, bytes and thumbnails.
 * Downloads are always `attachment` with `X-Content-Type-Options: nosniff`, so nothing renders inline.
 */
@ApiTags('attachments')
@ApiErrors(401, 400)
@Controller('attachments')
export class AttachmentsController {
  constructor(
    private readonly uploads: AttachmentUploadService,
    private readonly reads: AttachmentReadService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Upload a file (photo, PDF, Word, Excel, OFD, ZIP) as an attachment, optionally attached to a task' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        taskId: { type: 'string', description: 'a task the caller can see; best sent before the file' },
      },
    },
  })
  @ApiCreatedResponse({ type: AttachmentView })
  @ApiErrors({
    400: 'no file, an empty file, an unexpected field, or a body that is not readable multipart/form-data',
    403: 'taskId is not a task of the caller’s unit',
    404: 'taskId names no task',
    413: 'over the size limit per file (attachment_too_large) or the unit’s quota (attachment_quota_exceeded)',
    415: 'a type that is not accepted, judged from the bytes (attachment_type_not_allowed)',
  })
  @IdempotencyKeyDocumented()
  async upload(
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AttachmentView> {
    const key = keyOf(request.headers[IDEMPOTENCY_KEY_HEADER]);
    const form = await readAttachmentForm(request, this.uploads, user);
    const store = () => this.uploads.store(user, form.staged, form.fileName, form.taskId);
    if (key === undefined) return store();
    // keyed here, not by @Idempotent(): the file streams in with the handler, and its bytes (their sha256) are part of the request
    const outcome = await this.idempotency.run(
      {
        userId: user.id,
        key,
        successStatus: 201,
        requestHash: requestHash({
          method: 'POST',
          route: '/api/v1/attachments',
          params: {},
          query: {},
          body: { fileName: form.fileName, taskId: form.taskId },
          file: Buffer.from(form.staged.sha256, 'hex'),
        }),
      },
      store,
    );
    if (outcome.kind !== 'applied') await discardStaged(form.staged);
    return answerOf(outcome, reply) as AttachmentView;
  }

  @Get(':id')
  @ApiOperation({ summary: 'An attachment’s metadata' })
  @ApiOkResponse({ type: AttachmentView })
  @ApiErrors(READ_REFUSALS)
  metadata(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<AttachmentView> {
    return this.reads.metadata(user, id);
  }

  @Get(':id/content')
  @ApiOperation({ summary: 'An attachment’s bytes, as a download under its original name' })
  @ApiOkResponse(BYTES('the bytes, with the Content-Type judged at upload and Content-Disposition: attachment (RFC 5987 name)'))
  @ApiErrors(READ_REFUSALS)
  async content(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { attachment, path, body } = await this.reads.download(user, id);
    const headers = {
      'content-type': attachment.contentType,
      'content-disposition': attachmentDisposition(attachment.name),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-cache',
    };
    if (path !== undefined) return sendFileReply(reply, path, attachment.size, headers);
    await reply.headers({ ...headers, 'content-length': attachment.size }).send(body);
  }

  @Get(':id/thumbnail')
  @ApiOperation({ summary: 'A JPEG thumbnail (at most 320 pixels a side, without EXIF) of an image attachment' })
  @ApiOkResponse({ description: 'image/jpeg', content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors({ ...READ_REFUSALS, 415: 'not an image, or an image this server cannot decode (HEIC without a HEVC decoder): download the file itself' })
  async thumbnail(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParamPipe()) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const jpeg = await this.reads.thumbnail(user, id);
    reply.header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=3600');
    return new StreamableFile(jpeg, { type: 'image/jpeg', length: jpeg.length });
  }
}
