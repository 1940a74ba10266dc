import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '@duban/auth';
import { OrderReadService, RectificationOrderView } from '@duban/rectification';
import { OrderWorkflowService } from '@duban/workflow';
import { IdParamPipe } from '../http/id-param.pipe';
import { ListOrdersQueryDto, ReturnOrderDto, SubmitOrderDto } from './rectification-orders.dto';

@ApiTags('rectification orders')
@Controller('rectification-orders')
export class RectificationOrdersController {
  constructor(
    private readonly orders: OrderReadService,
    private readonly workflow: OrderWorkflowService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [RectificationOrderView] })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListOrdersQueryDto): Promise<RectificationOrderView[]> {
    return this.orders.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: RectificationOrderView })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string): Promise<RectificationOrderView> {
    return this.orders.get(user, id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: RectificationOrderView })
  @ApiForbiddenResponse({ description: 'only an officer of the addressed unit submits' })
  @ApiConflictResponse({ description: 'the order is not awaiting a submission' })
  submit(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParamPipe()) id: string, @Body() body: SubmitOrderDto): Promise<RectificationOrderView> {
    return this.workflow.submit(user, id, body);
  }

  @Post(':id/return')
  @HttpCode(200)
  @ApiOkResponse({ type: RectificationOrderView })
  @ApiForbiddenResponse({ description: 'only an inspector of a unit that does not lead the task returns a submission' })
  @ApiConflictResponse({ description: 'only a submitted order of a task still in rectification can be returned' })
  returnSubmission(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParamPipe()) id: string,
    @Body() body: ReturnOrderDto,
  ): Promise<RectificationOrderView> {
    return this.workflow.returnSubmission(user, id, body.reason);
  }
}
