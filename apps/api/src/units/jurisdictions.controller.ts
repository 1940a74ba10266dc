import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JurisdictionsService, JurisdictionView } from '@duban/units';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('units')
@ApiErrors(401)
@Controller('jurisdictions')
export class JurisdictionsController {
  constructor(private readonly jurisdictions: JurisdictionsService) {}

  @Get()
  @ApiOperation({
    summary: 'The jurisdictions as a tree: the city, its banners and districts, their townships and streets, each with its unit catalogue',
  })
  @ApiOkResponse({ type: [JurisdictionView] })
  tree(): Promise<JurisdictionView[]> {
    return this.jurisdictions.tree();
  }
}
