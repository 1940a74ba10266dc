import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles, UsersService, UserView } from '@duban/auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { IdParamPipe } from '../http/id-param.pipe';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './users.dto';
import { Idempotent } from '../http/idempotency.interceptor';

@ApiTags('users')
@Roles('admin')
@ApiErrors(401, { 403: 'only admins manage users' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Idempotent()
  @Post()
  @ApiOperation({ summary: 'Create a user' })
  @ApiCreatedResponse({ type: UserView })
  @ApiErrors(400, { 409: 'the username exists already' })
  create(@Body() body: CreateUserDto, @CurrentUser() admin: AuthenticatedUser): Promise<UserView> {
    return this.users.create(body, undefined, { actorUserId: admin.id });
  }

  @Get()
  @ApiOperation({ summary: 'List the users, or those of one unit' })
  @ApiOkResponse({ type: [UserView] })
  @ApiErrors(400)
  list(@Query() query: ListUsersQueryDto): Promise<UserView[]> {
    return this.users.list(query.unitId);
  }

  @Idempotent()
  @Patch(':id')
  @ApiOperation({ summary: 'Change a user’s password, roles or disabled flag' })
  @ApiOkResponse({
    type: UserView,
    description: 'a new password, other roles or disabling ends every session of the user at once, in every api process',
  })
  @ApiErrors(400, { 404: 'no such user' })
  update(@Param('id', new IdParamPipe()) id: string, @Body() body: UpdateUserDto, @CurrentUser() admin: AuthenticatedUser): Promise<UserView> {
    return this.users.update(id, body, admin.id);
  }
}
