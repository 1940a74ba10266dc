import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDay } from '@duban/domain';

/** A real calendar day written `YYYY-MM-DD` (2021-02-30 is refused). */
export function IsCalendarDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDay',
      validator: { validate: isCalendarDay, defaultMessage: (args) => `${args?.property ?? 'value'} must be a date written YYYY-MM-DD` },
    },
    options,
  );
}
