import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles, UsersService, UserView } from '@duban/auth';
import { IdParamPipe } from '../http/id-param.pipe';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './users.dto';

@ApiTags('users')
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOkResponse({ type: UserView })
  @ApiConflictResponse({ description: 'the username exists already' })
  create(@Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(body);
  }

  @Get()
  @ApiOkResponse({ type: [UserView] })
  list(@Query() query: ListUsersQueryDto): Promise<UserView[]> {
    return this.users.list(query.unitId);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserView })
  update(@Param('id', new IdParamPipe()) id: string, @Body() body: UpdateUserDto): Promise<UserView> {
    return this.users.update(id, body);
  }
}
