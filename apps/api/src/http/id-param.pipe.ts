import type { PipeTransform } from '@nestjs/common';
import { badRequest } from './validation';

/** Ids are positive bigints written as decimal strings; anything else is a 400 naming the parameter. */
export class IdParamPipe implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    if (typeof value !== 'string' || !/^[1-9]\d{0,17}$/.test(value)) {
      throw badRequest(`${this.name} must be a positive integer id`, 'invalid_id', { field: this.name });
    }
    return value;
  }
}
