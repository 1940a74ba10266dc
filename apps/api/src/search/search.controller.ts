import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@duban/auth';
import { SearchPageView, SearchService } from '@duban/tasks';
import { ApiErrors } from '../http/api-errors.decorator';
import { SearchQueryDto } from './search.dto';

@ApiTags('search')
@ApiErrors(401)
@Controller('search')
export class SearchController {
  constructor(private readonly searches: SearchService) {}

  @Get()
  @ApiOperation({ summary: 'Find tasks, audit-trail notes, rectification orders and contributions by words, in the tasks the caller may see' })
  @ApiOkResponse({ type: SearchPageView })
  @ApiErrors({ 400: 'q empty (query_empty) or too long (query_too_long), a bad filter, or a cursor this search did not return (invalid_cursor)' })
  async find(@CurrentUser() user: AuthenticatedUser, @Query() query: SearchQueryDto): Promise<SearchPageView> {
    return this.searches.search(user, query);
  }
}
