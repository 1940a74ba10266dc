import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@duban/auth';
import { InboxItemView, InboxPageView, InboxService } from '@duban/inbox';
import { ApiErrors } from '../http/api-errors.decorator';
import { IdParamPipe } from '../http/id-param.pipe';
import { InboxQueryDto } from './inbox.dto';
import { Idempotent } from '../http/idempotency.interceptor';

@ApiTags('inbox')
@ApiErrors(401)
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: 'List a unit’s inbox: pending actions and notices, with counts' })
  @ApiOkResponse({ type: InboxPageView })
  @ApiErrors({
    400: 'a bad query value, a cursor this listing did not return, or no unitId for a user without a unit',
    403: 'another unit’s inbox, asked for by a user who is neither admin nor inspector',
    404: 'the unitId names no unit',
  })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: InboxQueryDto): Promise<InboxPageView> {
    return this.inbox.list(user, query);
  }

  @Idempotent()
  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an inbox item read' })
  @ApiOkResponse({ type: InboxItemView, description: 'the item with readAt set; reading it again keeps the first time' })
  @ApiErrors(400, { 403: 'an item of another unit (only admins may mark any)', 404: 'no such item' })
  markRead(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<InboxItemView> {
    return this.inbox.markRead(user, id);
  }
}
