import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HandlerUserView {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ example: '孙立新', description: 'the person’s name (their username when they have none)' }) name!: string;
}

/** One unit of a task and the people it named to handle the task (none: the whole unit). */
export class UnitHandlersView {
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: ['lead', 'support'] }) role!: 'lead' | 'support';
  @ApiProperty({ type: [HandlerUserView], description: 'empty: notices and items go to the whole unit' }) handlers!: HandlerUserView[];
  @ApiPropertyOptional({
    type: [HandlerUserView],
    description: 'the enabled users of the unit, whom its head may name: only for the head of this unit and for admins',
  })
  members?: HandlerUserView[];
}
