import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@duban/auth';
import { InboxItemView, InboxPageView, InboxService } from '@duban/inbox';
import { IdParamPipe } from '../http/id-param.pipe';
import { InboxQueryDto } from './inbox.dto';

@ApiTags('inbox')
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOkResponse({ type: InboxPageView })
  @ApiBadRequestResponse({ description: 'a bad query value, a cursor this listing did not return, or no unitId for a user without a unit' })
  @ApiForbiddenResponse({ description: 'another unit’s inbox, asked for by a user who is neither admin nor inspector' })
  @ApiNotFoundResponse({ description: 'the unitId names no unit' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: InboxQueryDto): Promise<InboxPageView> {
    return this.inbox.list(user, query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: InboxItemView, description: 'the item with readAt set; reading it again keeps the first time' })
  @ApiForbiddenResponse({ description: 'an item of another unit (only admins may mark any)' })
  @ApiNotFoundResponse({ description: 'no such item' })
  markRead(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<InboxItemView> {
    return this.inbox.markRead(user, id);
  }
}
