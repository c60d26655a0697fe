import { applyDecorators, Catch, Controller, UseFilters, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/** Hands the original error back to KafkaEventServer, which decides: DLQ, or pause and retry. */
@Catch()
export class RethrowRpcFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** Marks a class of thin `@EventPattern(TOPICS.x)` handlers. */
export function EventConsumer(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(new RethrowRpcFilter()));
}
