import { type ArgumentMetadata, BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidateIf } from 'class-validator';

/** An id of a row (a task, a unit, a user …) as the api writes it: a positive bigint in decimal. */
export const ENTITY_ID = /^[1-9]\d{0,17}$/;

/**
 * A field a request may leave out but not set to null (a name, a list, a flag: null is none of them).
 * `IsOptional` skips both, so a null would reach the service as if it were a value.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_dto: object, value: unknown) => value !== undefined);
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? `${prefix ? `${prefix}.` : ''}${message}` : `${path}: ${message}`,
    );
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/** A JSON array where a DTO expects an object would otherwise be refused field by field ("0: property 0 should not exist"). */
class ObjectBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && Array.isArray(value) && this.toValidate(metadata))
      throw new BadRequestException(['the request body must be a JSON object, not an array']);
    return super.transform(value, metadata);
  }
}

/** Validates bodies and queries against their DTO classes; every bad field is named. */
export function createValidationPipe(): ValidationPipe {
  return new ObjectBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new BadRequestException(flattenValidationErrors(errors)),
  });
}

/** Validates a nested object against its class (unknown fields refused); 400 naming `prefix.field`. */
export async function validateNested<T extends object>(cls: new () => T, value: unknown, prefix: string): Promise<T> {
  const instance = plainToInstance(cls, value ?? {});
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  if (errors.length > 0) throw new BadRequestException(flattenValidationErrors(errors, prefix));
  return instance;
}
