import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, type EventEnvelope } from '@paspoort/contracts';
import { EventConsumer } from '@paspoort/messaging';
import { RenewalService } from './renewal.service';

/** Certificate events: a renewal of a system certificate hands its IP registrations on. */
@EventConsumer()
export class RenewalConsumer {
  constructor(private readonly renewals: RenewalService) {}

  @EventPattern(TOPICS.certificates)
  async onCertificateEvent(@Payload() event: EventEnvelope): Promise<void> {
    if (event.type === 'certificate.issued') await this.renewals.onCertificateIssued(event as EventEnvelope<'certificate.issued'>);
  }
}
