import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@duban/auth';
import { NoticeTemplatesService } from '@duban/outbox';
import { ApiErrors } from '../http/api-errors.decorator';
import { Idempotent } from '../http/idempotency.interceptor';
import { PreviewTemplateDto, PutTemplateDto, RenderedTemplateDto, TemplatePathDto, TemplateViewDto } from './templates.dto';

@ApiTags('notice channels')
@Roles('admin')
@ApiErrors(401, { 403: 'only admins edit notice templates' })
@Controller('admin/templates/:kind/:channel')
export class NoticeTemplatesController {
  constructor(private readonly templates: NoticeTemplatesService) {}

  @Get()
  @ApiOperation({ summary: 'The template of a notice kind on a channel' })
  @ApiOkResponse({ type: TemplateViewDto, description: 'the admin’s template, or the channel’s default (isDefault)' })
  @ApiErrors({ 400: 'an unknown kind or channel' })
  get(@Param() path: TemplatePathDto): Promise<TemplateViewDto> {
    return this.templates.get(path.kind, path.channel);
  }

  @Idempotent()
  @Put()
  @ApiOperation({ summary: 'Set the template of a notice kind on a channel' })
  @ApiOkResponse({ type: TemplateViewDto, description: 'used from the next delivery on' })
  @ApiErrors({ 400: 'an unknown kind or channel; invalid_template: unknown placeholders, an empty body, a body too long for the channel' })
  put(@CurrentUser() user: AuthenticatedUser, @Param() path: TemplatePathDto, @Body() body: PutTemplateDto): Promise<TemplateViewDto> {
    return this.templates.put(path.kind, path.channel, { subject: body.subject, body: body.body }, user.id);
  }

  @Idempotent()
  @Delete()
  @ApiOperation({ summary: 'Reset the template of a notice kind on a channel to the channel’s default' })
  @ApiOkResponse({ type: TemplateViewDto, description: 'the channel’s default (isDefault), used from the next delivery on' })
  @ApiErrors({ 400: 'an unknown kind or channel' })
  reset(@Param() path: TemplatePathDto): Promise<TemplateViewDto> {
    return this.templates.reset(path.kind, path.channel);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Preview a template (a draft, or the one in force) filled with a sample notice' })
  @ApiOkResponse({ type: RenderedTemplateDto })
  @ApiErrors({ 400: 'an unknown kind or channel; invalid_template for a bad draft' })
  preview(@Param() path: TemplatePathDto, @Body() body: PreviewTemplateDto): Promise<RenderedTemplateDto> {
    const draft = body.body !== undefined ? { subject: body.subject ?? '', body: body.body } : null;
    return this.templates.preview(path.kind, path.channel, draft);
  }
}
