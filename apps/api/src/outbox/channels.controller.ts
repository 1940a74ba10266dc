import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@duban/auth';
import { ChannelView, DeliveriesService, NoticeChannelsService } from '@duban/outbox';
import { ApiErrors } from '../http/api-errors.decorator';
import { IdParamPipe } from '../http/id-param.pipe';
import { Idempotent } from '../http/idempotency.interceptor';
import { PutChannelsDto } from './channels.dto';

const PUT_ERRORS = {
  400: 'an address, secret or kind that does not fit its channel (every problem listed)',
  409: 'a secret given, but the server has no CHANNEL_SECRET_KEY to encrypt it with',
} as const;

@ApiTags('notice channels')
@Roles('admin')
@ApiErrors(401, { 403: 'only admins manage notice channels' })
@Controller('units/:id/channels')
export class UnitChannelsController {
  constructor(private readonly channels: NoticeChannelsService) {}

  @Get()
  @ApiOperation({ summary: 'A unit’s notice channels (robots, mailbox, webhook)' })
  @ApiOkResponse({ type: [ChannelView], description: 'secrets are never returned: hasSecret says one is stored' })
  @ApiErrors(400, { 404: 'no such unit' })
  list(@Param('id', new IdParamPipe()) id: string): Promise<ChannelView[]> {
    return this.channels.list({ unitId: id });
  }

  @Idempotent()
  @Put()
  @ApiOperation({ summary: 'Replace a unit’s notice channels' })
  @ApiOkResponse({ type: [ChannelView], description: 'the channels now; those left out are removed and their pending deliveries failed' })
  @ApiErrors({ ...PUT_ERRORS, 404: 'no such unit' })
  put(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string, @Body() body: PutChannelsDto): Promise<ChannelView[]> {
    return this.channels.replace({ unitId: id }, body.channels, user.id);
  }
}

@ApiTags('notice channels')
@Roles('admin')
@ApiErrors(401, { 403: 'only admins manage notice channels' })
@Controller('users/:id/channels')
export class UserChannelsController {
  constructor(private readonly channels: NoticeChannelsService) {}

  @Get()
  @ApiOperation({ summary: 'A user’s notice channels (mobile for SMS, e-mail)' })
  @ApiOkResponse({ type: [ChannelView], description: 'secrets are never returned: hasSecret says one is stored' })
  @ApiErrors(400, { 404: 'no such user' })
  list(@Param('id', new IdParamPipe()) id: string): Promise<ChannelView[]> {
    return this.channels.list({ userId: id });
  }

  @Idempotent()
  @Put()
  @ApiOperation({ summary: 'Replace a user’s notice channels' })
  @ApiOkResponse({ type: [ChannelView], description: 'the channels now; those left out are removed and their pending deliveries failed' })
  @ApiErrors({ ...PUT_ERRORS, 404: 'no such user' })
  put(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string, @Body() body: PutChannelsDto): Promise<ChannelView[]> {
    return this.channels.replace({ userId: id }, body.channels, user.id);
  }
}

@ApiTags('webhooks')
@Roles('admin')
@ApiErrors(401, { 403: 'only admins retry deliveries' })
@Controller('admin/deliveries/:id/retry')
export class DeliveryRetryController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Idempotent()
  @Post()
  @HttpCode(204)
  @ApiOperation({ summary: 'Send a failed delivery (a dead letter) again' })
  @ApiNoContentResponse({ description: 'pending again, with a fresh count of attempts; the next tick of its channel’s job sends it' })
  @ApiErrors({ 400: 'not a delivery id', 404: 'no such delivery', 409: 'the delivery is not failed' })
  retry(@Param('id', new IdParamPipe()) id: string): Promise<void> {
    return this.deliveries.retry(id);
  }
}
