import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@duban/auth';
import { ClockService, ClockView, MilestoneCheckService, MilestoneCheckView } from '@duban/clock';
import { IdParamPipe } from '../http/id-param.pipe';
import { MoveClockDto, RunMilestoneCheckDto } from './admin.dto';

@ApiTags('admin')
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(
    private readonly clock: ClockService,
    private readonly checks: MilestoneCheckService,
  ) {}

  @Get('clock')
  @ApiOkResponse({ type: ClockView })
  readClock(): Promise<ClockView> {
    return this.clock.read();
  }

  @Post('clock')
  @HttpCode(200)
  @ApiOkResponse({ type: ClockView, description: 'every timer due by the new time has fired, in due order' })
  @ApiConflictResponse({ description: 'the system clock cannot be moved; the simulated one only forward' })
  moveClock(@Body() body: MoveClockDto): Promise<ClockView> {
    return this.clock.moveTo(new Date(body.now));
  }

  @Post('milestone-checks')
  @HttpCode(200)
  @ApiOkResponse({ description: '{checkId}; the check has run when this answers' })
  async runCheck(@CurrentUser() user: AuthenticatedUser, @Body() body: RunMilestoneCheckDto): Promise<{ checkId: string }> {
    return { checkId: await this.checks.run(body.planId, body.asOf, 'admin', user.id) };
  }

  @Get('milestone-checks/:checkId')
  @ApiOkResponse({ type: MilestoneCheckView })
  getCheck(@Param('checkId', new IdParamPipe('checkId')) checkId: string): Promise<MilestoneCheckView> {
    return this.checks.get(checkId);
  }
}
