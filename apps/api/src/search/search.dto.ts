import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SEARCH_KINDS, SEARCH_PAGE_DEFAULT, SEARCH_PAGE_MAX, SEARCH_QUERY_MAX, type SearchKind, type SearchQuery } from '@duban/tasks';
import { ENTITY_ID } from '../http/validation';

const LIMIT_MESSAGE = `limit must be an integer from 1 to ${SEARCH_PAGE_MAX}`;
const toInteger = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);

/** `q` is checked by the search itself (empty or too long: 400 with the codes query_empty and query_too_long). */
export class SearchQueryDto implements SearchQuery {
  @ApiProperty({
    required: true,
    description: `the words to find (separated by spaces, each in the same document); one or two Chinese characters are a word; at most ${SEARCH_QUERY_MAX} characters`,
    example: '督办',
  })
  @IsOptional()
  @IsString({ message: 'q must be a text' })
  q?: string;

  @ApiPropertyOptional({ description: 'only in this plan' })
  @IsOptional()
  @Matches(ENTITY_ID, { message: 'planId must be a plan id' })
  planId?: string;

  @ApiPropertyOptional({ enum: SEARCH_KINDS, description: 'only hits of this kind' })
  @IsOptional()
  @IsIn(SEARCH_KINDS, { message: `kind must be one of ${SEARCH_KINDS.join(', ')}` })
  kind?: SearchKind;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'cursor is not a cursor of the search' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: SEARCH_PAGE_MAX, default: SEARCH_PAGE_DEFAULT })
  @IsOptional()
  @Transform(toInteger)
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(SEARCH_PAGE_MAX, { message: LIMIT_MESSAGE })
  limit?: number;
}
