import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@duban/auth';
import { DeliveryView, WebhooksService, WebhookView } from '@duban/outbox';
import { IdParamPipe } from '../http/id-param.pipe';
import { ListDeliveriesQueryDto, SetWebhookDto } from './webhooks.dto';

@ApiTags('webhooks')
@Roles('admin')
@Controller('units/:id/webhook')
export class UnitWebhookController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOkResponse({ type: WebhookView, description: 'the URL only: the secret is never returned' })
  @ApiNotFoundResponse({ description: 'no such unit' })
  get(@Param('id', new IdParamPipe()) id: string): Promise<WebhookView> {
    return this.webhooks.get(id);
  }

  @Put()
  @ApiOkResponse({ type: WebhookView, description: 'every later notice of the unit is also POSTed to the URL, signed with the secret' })
  @ApiBadRequestResponse({ description: 'url not http(s), or secret shorter than 16 characters' })
  @ApiNotFoundResponse({ description: 'no such unit' })
  set(@Param('id', new IdParamPipe()) id: string, @Body() body: SetWebhookDto): Promise<WebhookView> {
    return this.webhooks.set(id, body);
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'removed (or there was none); its pending deliveries are marked failed' })
  @ApiNotFoundResponse({ description: 'no such unit' })
  remove(@Param('id', new IdParamPipe()) id: string): Promise<void> {
    return this.webhooks.remove(id);
  }
}

@ApiTags('webhooks')
@Roles('admin')
@Controller('admin/deliveries')
export class DeliveriesController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOkResponse({ type: [DeliveryView], description: 'newest first, with attempts, last status and last error' })
  list(@Query() query: ListDeliveriesQueryDto): Promise<DeliveryView[]> {
    return this.webhooks.listDeliveries(query);
  }
}
