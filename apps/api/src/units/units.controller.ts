import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UnitsService, UnitView } from '@duban/units';
import { IdParamPipe } from '../http/id-param.pipe';
import { ListUnitsQueryDto } from './units.dto';

@ApiTags('units')
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @ApiOkResponse({ type: [UnitView] })
  list(@Query() query: ListUnitsQueryDto): Promise<UnitView[]> {
    return this.units.list(query.jurisdiction);
  }

  @Get(':id')
  @ApiOkResponse({ type: UnitView })
  get(@Param('id', new IdParamPipe()) id: string): Promise<UnitView> {
    return this.units.get(id);
  }
}
