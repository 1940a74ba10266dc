import { ApiProperty } from '@nestjs/swagger';
import { CLOSE_OUT_GRADES, CLOSE_OUT_ROLES } from '@duban/domain';

export class CloseOutActorView {
  @ApiProperty() userId!: string;
  @ApiProperty({ example: '赵志刚', description: 'the person’s name (their username when they have none)' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: '市委市政府督查室', description: 'the unit they acted for' }) unitName!: string | null;
}

export class CloseOutStepStatusView {
  @ApiProperty({ description: '0 is the inspector’s verdict; the plan’s steps follow' }) index!: number;
  @ApiProperty({ example: '督查室主任审核' }) title!: string;
  @ApiProperty({ enum: [...CLOSE_OUT_ROLES] }) role!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'the step’s term in the plan’s days (deadlines.days)' }) termDays!: number | null;
  @ApiProperty({ enum: ['done', 'current', 'pending'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, example: '2021-03-04', description: 'the current step’s term ends on this day' }) dueOn!: string | null;
  @ApiProperty({ description: 'the current step’s term has passed: its approver was reminded' }) overdue!: boolean;
  @ApiProperty({ type: CloseOutActorView, nullable: true, description: 'who completed the step' }) by!: CloseOutActorView | null;
  @ApiProperty({ type: String, nullable: true, description: 'when the step was completed' }) at!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the reason of the return that sent the task back to this step' }) returnedReason!: string | null;
}

/** `GET /tasks/:id/close-out`: where the task stands in its 销号 chain. */
export class CloseOutChainStatusView {
  @ApiProperty({ type: [CloseOutStepStatusView] }) steps!: CloseOutStepStatusView[];
  @ApiProperty({ type: String, nullable: true, enum: [...CLOSE_OUT_GRADES], description: 'the grade the last step gave on closing' }) grade!: string | null;
}
