import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClockNowView, ClockService } from '@duban/clock';
import { ApiErrors } from '../http/api-errors.decorator';

/** The clock as every signed-in user may read it: a simulated clock (a demo, a replay) is shown in the console's banner. */
@ApiTags('admin')
@ApiErrors(401)
@Controller('clock')
export class ClockController {
  constructor(private readonly clock: ClockService) {}

  @Get()
  @ApiOperation({ summary: 'Read the time the system works on and whether it is simulated (any signed-in user)' })
  @ApiOkResponse({ type: ClockNowView })
  async read(): Promise<ClockNowView> {
    const { now, mode } = await this.clock.read();
    return { now, mode };
  }
}
