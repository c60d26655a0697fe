import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@paspoort/contracts';
import { StateTopicRestorer, type StateTopicSource } from '@paspoort/messaging';
import { IPREGISTRY_CLOCK, systemClock, type Clock } from '../clock/clock';
import { enforcementStateValue, readSetEnforcements } from '../enforcement/enforcement.service';
import { IpRegistrationRepository, type IpRegistrationRecord } from '../registrations/ip-registration.repository';
import { registrationStateValue } from '../registrations/registration-writer';

/**
 * Every certificate's registrations value at its current revision, computed as the writer does (current and future
 * registrations at the moment of publishing, which is also its `updatedAt`).
 */
export function registrationStateSource(registrations: IpRegistrationRepository, clock: Clock): StateTopicSource {
  return {
    topic: TOPICS.ipRegistrationState,
    countKeys: (m) => registrations.countStates(m),
    currentValues: async (m, afterKey, limit) => {
      const states = await registrations.statePage(m, afterKey, limit);
      const now = clock.now();
      const active = await registrations.activeOf(
        m,
        states.map((s) => s.serial),
        now,
      );
      const bySerial = new Map<string, IpRegistrationRecord[]>();
      for (const r of active) bySerial.set(r.serial, [...(bySerial.get(r.serial) ?? []), r]);
      return states.map((s) => registrationStateValue(s, s.revision, bySerial.get(s.serial) ?? [], now));
    },
  };
}

/** Each environment's enforcement value, for the environments whose instant was ever set. */
export function enforcementStateSource(clock: Clock): StateTopicSource {
  return {
    topic: TOPICS.ipRegistrationState,
    countKeys: async (m) => (await readSetEnforcements(m)).length,
    currentValues: async (m, afterKey, limit) => {
      const now = clock.now();
      const values = (await readSetEnforcements(m)).map((e) => enforcementStateValue(e, now));
      return values.filter((v) => afterKey === undefined || v.key > afterKey).slice(0, limit);
    },
  };
}

/** The ip-registry's state topic, for the restorer at start and for `npm run state:republish`. */
export function ipRegistryStateSources(registrations = new IpRegistrationRepository(), clock: Clock = systemClock): StateTopicSource[] {
  return [registrationStateSource(registrations, clock), enforcementStateSource(clock)];
}

/** Hands the ip-registry's state topic to the restorer the outbox relay runs. */
@Injectable()
export class IpRegistryStateSources implements OnModuleInit {
  constructor(
    private readonly restorer: StateTopicRestorer,
    private readonly registrations: IpRegistrationRepository,
    @Inject(IPREGISTRY_CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    for (const source of ipRegistryStateSources(this.registrations, this.clock)) this.restorer.register(source);
  }
}
