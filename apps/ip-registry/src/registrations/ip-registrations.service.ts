import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Principal } from '@paspoort/auth';
import { conflict, notFound } from '@paspoort/service-kit';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { assertManages, ManagedCertificates } from '../certificates/managed-certificates';
import { IPREGISTRY_CLOCK, type Clock } from '../clock/clock';
import { IPREGISTRY_CONFIG, type IpRegistryConfig } from '../config/ip-registry.config';
import { IpRegistrationRepository, type IpRegistrationRecord } from './ip-registration.repository';
import { registrationResource, registrationState, type IpRegistrationResource } from './ip-registration.view';
import { assertRegistrable, effectiveValidity, registrableRange } from './registration-rules';
import { RegistrationWriter } from './registration-writer';
import type { PageRequest, RegistrationRequest } from './dto/registration-request';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Use cases of the registrations of one system certificate: register, list (with history), end. */
@Injectable()
export class IpRegistrationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly certificates: ManagedCertificates,
    private readonly registrations: IpRegistrationRepository,
    private readonly writer: RegistrationWriter,
    @Inject(IPREGISTRY_CONFIG) private readonly config: IpRegistryConfig,
    @Inject(IPREGISTRY_CLOCK) private readonly clock: Clock,
  ) {}

  async register(serial: string, request: RegistrationRequest, principal: Principal): Promise<IpRegistrationResource> {
    const limits = this.config.registrations;
    const certificate = await this.certificates.forChange(serial, principal);
    const range = registrableRange(request.address, certificate.environment, limits);
    const now = this.clock.now();
    const validity = effectiveValidity(request, now);
    const owner = { serial: certificate.serial, environment: certificate.environment, organisationId: certificate.organisationId ?? null };
    const record: IpRegistrationRecord = {
      id: randomUUID(),
      seq: '',
      ...owner,
      address: range.canonical,
      kind: range.kind,
      prefixLength: range.prefixLength,
      ...validity,
      endedAt: null,
      note: request.note ?? null,
      registeredBy: principal.actor,
      inheritedFrom: null,
      createdAt: now,
    };
    await this.dataSource.transaction((m) =>
      this.writer.change(m, owner, async () => {
        assertRegistrable(await this.registrations.active(m, owner.serial, now), record, limits);
        await this.writer.add(m, record, principal.actor);
      }),
    );
    return registrationResource(record, now);
  }

  async list(
    serial: string,
    page: PageRequest,
    principal: Principal,
  ): Promise<{ items: IpRegistrationResource[]; nextCursor: string | null }> {
    const certificate = await this.certificates.forReading(serial, principal);
    const rows = await this.registrations.page(this.dataSource.manager, certificate.serial, page.afterSeq, page.limit + 1);
    const now = this.clock.now();
    const items = rows.slice(0, page.limit);
    const nextCursor = rows.length > page.limit ? encodeCursor(items[items.length - 1].seq) : null;
    return { items: items.map((r) => registrationResource(r, now)), nextCursor };
  }

  /** Ends a registration now; the row and its history stay. Ending an ended or expired one is a conflict. */
  async end(id: string, principal: Principal): Promise<IpRegistrationResource> {
    const found = UUID.test(id) ? await this.registrations.findById(this.dataSource.manager, id.toLowerCase()) : undefined;
    if (!found) throw notFound('IP_REGISTRATION_NOT_FOUND', 'no IP registration has this id');
    assertManages(principal, found.environment, found.organisationId);
    const now = this.clock.now();
    const ended = await this.dataSource.transaction((m) =>
      this.writer.change(m, found, async () => {
        const current = (await this.registrations.findById(m, found.id, true))!;
        const state = registrationState(current, now);
        if (state === 'ended' || state === 'expired') {
          throw conflict('IP_REGISTRATION_ALREADY_ENDED', `registration ${id} is already ${state}`);
        }
        await this.writer.end(m, current, now, principal.actor);
        return { ...current, endedAt: now };
      }),
    );
    return registrationResource(ended, now);
  }
}

export function encodeCursor(seq: string): string {
  return Buffer.from(seq, 'utf8').toString('base64url');
}
