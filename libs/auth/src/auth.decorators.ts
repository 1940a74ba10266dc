import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@duban/domain';

export const IS_PUBLIC = 'duban:isPublic';
export const REQUIRED_ROLES = 'duban:requiredRoles';
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'duban:allowedBeforePasswordChange';

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** A route a user whose password must be changed may still call (changing it, logging out). */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

export interface AuthenticatedUser {
  id: string;
  username: string;
  unitId: string | null;
  roles: Role[];
  /** the session the bearer token belongs to (logout ends it); absent for actors that are not a request (the demo replay) */
  sessionId?: string;
  /**
   * the user's unit is the supervision unit (督查室) of a lower jurisdiction (a banner's): as an inspector it sees and
   * inspects only that jurisdiction's plans and those below (docs/cascade.md); absent or false, the city's
   */
  lowerSupervision?: boolean;
}

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const request = context.switchToHttp().getRequest<{ user: AuthenticatedUser }>();
  return request.user;
});
