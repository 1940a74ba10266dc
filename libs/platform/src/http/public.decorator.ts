import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'duban:isPublic';

/** No token needed (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
