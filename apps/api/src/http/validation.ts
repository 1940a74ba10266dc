import { type ArgumentMetadata, BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidateIf } from 'class-validator';
import type { ErrorCode } from '@duban/domain';

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

/** The first bad field and the rule it broke (`isInt`, `maxLength`, `whitelistValidation` for a field not allowed …): what a sentence needs. */
export function firstProblem(errors: ValidationError[], prefix = ''): { field: string; constraint: string } | null {
  return everyProblem(errors, prefix)[0] ?? null;
}

/** Every bad field with the first rule it broke, in the order of the messages. */
function everyProblem(errors: ValidationError[], prefix = ''): { field: string; constraint: string }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const [constraint] = Object.keys(error.constraints ?? {});
    return [...(constraint ? [{ field, constraint }] : []), ...everyProblem(error.children ?? [], field)];
  });
}

/** A 400 in Nest's shape with its stable code and the values a sentence needs (`params`). */
export function badRequest(message: string | string[], code: ErrorCode, params?: Record<string, string | number>): BadRequestException {
  return new BadRequestException({ statusCode: 400, message, error: 'Bad Request', code, ...(params ? { params } : {}) });
}

/**
 * A class-validator refusal: every problem in `message`, the first in `params` ({field, constraint}); with
 * more than one bad field, `params.problems` lists each as `field:constraint`, `;`-separated (at most 20),
 * so a form can put a sentence beside each of its inputs.
 */
function invalidFields(errors: ValidationError[], prefix = ''): BadRequestException {
  const problems = everyProblem(errors, prefix);
  if (problems.length === 0) return badRequest(flattenValidationErrors(errors, prefix), 'invalid_field');
  const params: Record<string, string> = { ...problems[0] };
  if (problems.length > 1)
    params.problems = problems
      .slice(0, 20)
      .map((problem) => `${problem.field}:${problem.constraint}`)
      .join(';');
  return badRequest(flattenValidationErrors(errors, prefix), 'invalid_field', params);
}

const isEmptyObject = (value: unknown): boolean => value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;

/** The same own fields with the same primitive values (a field made anew for each instance, as an array, differs). */
function sameFields(a: object, b: object): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

/**
 * A JSON array where a DTO expects an object would otherwise be refused field by field ("0: property 0 should not exist").
 * An empty query (a list read with its defaults) is judged once per DTO class: when the full path accepted it and
 * made a bare instance of the class (`new` of it), later empty queries get a new instance without class-transformer and
 * class-validator (whose metadata lookup scans every validated class: 3 % of the api's CPU on `GET /inbox`).
 */
class ObjectBodyValidationPipe extends ValidationPipe {
  private readonly emptyQueryAccepted = new Map<ArgumentMetadata['metatype'], boolean>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && Array.isArray(value) && this.toValidate(metadata))
      throw badRequest(['the request body must be a JSON object, not an array'], 'invalid_body');
    const metatype = metadata.metatype;
    if (metadata.type !== 'query' || metatype === undefined || !isEmptyObject(value) || !this.toValidate(metadata)) return super.transform(value, metadata);
    if (this.emptyQueryAccepted.get(metatype) === true) return new metatype();
    const result: unknown = await super.transform(value, metadata);
    // a bare instance: its fields as the class itself sets them (undefined), none set by class-transformer
    const bare = result instanceof metatype && sameFields(result as object, new metatype() as object);
    this.emptyQueryAccepted.set(metatype, bare);
    return result;
  }
}

/** Validates bodies and queries against their DTO classes; every bad field is named. */
export function createValidationPipe(): ValidationPipe {
  return new ObjectBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => invalidFields(errors),
  });
}

/** Validates a nested object against its class (unknown fields refused); 400 naming `prefix.field`. */
export async function validateNested<T extends object>(cls: new () => T, value: unknown, prefix: string): Promise<T> {
  const instance = plainToInstance(cls, value ?? {});
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  if (errors.length > 0) throw invalidFields(errors, prefix);
  return instance;
}
