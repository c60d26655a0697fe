import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, type EventEnvelope } from '@paspoort/contracts';
import { EventConsumer, Inbox } from '@paspoort/messaging';
import { AutoBlockService } from './auto-block.service';

const CONSUMER = 'issuer.auto-block';

/** Consumes `person.locked` from the logins topic (every other login event is ignored). */
@EventConsumer()
export class PersonLockedConsumer {
  constructor(
    private readonly inbox: Inbox,
    private readonly autoBlock: AutoBlockService,
  ) {}

  @EventPattern(TOPICS.logins)
  async onLoginEvent(@Payload() event: EventEnvelope): Promise<void> {
    if (event.type !== 'person.locked') return;
    await this.inbox.processOnce(CONSUMER, event.id, (manager) =>
      this.autoBlock.recordLock(manager, event as EventEnvelope<'person.locked'>).then(() => undefined),
    );
  }
}
