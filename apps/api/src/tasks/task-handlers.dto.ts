import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, Matches } from 'class-validator';
import type { AssignHandlersInput } from '@duban/workflow';
import { ENTITY_ID } from '../http/validation';

export class AssignHandlersDto implements AssignHandlersInput {
  @ApiProperty({ description: 'a lead or responsible unit of the task (a unit head: its own)' })
  @Matches(ENTITY_ID, { message: 'unitId must be a unit id' })
  unitId!: string;

  @ApiProperty({ type: [String], description: 'users of that unit; empty: the whole unit handles the task again' })
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(ENTITY_ID, { each: true, message: 'userIds must each be a user id' })
  userIds!: string[];
}
