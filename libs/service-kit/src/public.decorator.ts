import { SetMetadata } from '@nestjs/common';
import { PUBLIC_ROUTE } from './tokens';

/** Marks a route or controller as open to callers without a token. Everything else needs one. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
