import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@duban/auth';
import { DeliveryView, WebhooksService, WebhookView } from '@duban/outbox';
import { ApiErrors } from '../http/api-errors.decorator';
import { IdParamPipe } from '../http/id-param.pipe';
import { ListDeliveriesQueryDto, SetWebhookDto } from './webhooks.dto';
import { Idempotent } from '../http/idempotency.interceptor';

@ApiTags('webhooks')
@Roles('admin')
@ApiErrors(401, { 403: 'only admins manage webhooks' })
@Controller('units/:id/webhook')
export class UnitWebhookController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'Read a unit’s webhook' })
  @ApiOkResponse({ type: WebhookView, description: 'the URL only: the secret is never returned' })
  @ApiErrors(400, { 404: 'no such unit' })
  get(@Param('id', new IdParamPipe()) id: string): Promise<WebhookView> {
    return this.webhooks.get(id);
  }

  @Idempotent()
  @Put()
  @ApiOperation({ summary: 'Set or replace a unit’s webhook' })
  @ApiOkResponse({ type: WebhookView, description: 'every later notice of the unit is also POSTed to the URL, signed with the secret' })
  @ApiErrors({ 400: 'url not http(s), or secret shorter than 16 characters', 404: 'no such unit' })
  set(@Param('id', new IdParamPipe()) id: string, @Body() body: SetWebhookDto): Promise<WebhookView> {
    return this.webhooks.set(id, body);
  }

  @Idempotent()
  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a unit’s webhook' })
  @ApiNoContentResponse({ description: 'removed (or there was none); its pending deliveries are marked failed' })
  @ApiErrors(400, { 404: 'no such unit' })
  remove(@Param('id', new IdParamPipe()) id: string): Promise<void> {
    return this.webhooks.remove(id);
  }
}

@ApiTags('webhooks')
@Roles('admin')
@ApiErrors(401, { 403: 'only admins read deliveries' })
@Controller('admin/deliveries')
export class DeliveriesController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'List the outbound webhook deliveries' })
  @ApiOkResponse({ type: [DeliveryView], description: 'newest first, with attempts, last status and last error' })
  @ApiErrors(400)
  list(@Query() query: ListDeliveriesQueryDto): Promise<DeliveryView[]> {
    return this.webhooks.listDeliveries(query);
  }
}
