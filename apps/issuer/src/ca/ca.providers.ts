import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Clock } from '@paspoort/pki';
import type { DataSource } from 'typeorm';
import { ISSUER_CLOCK } from '../clock/issuer-clock';
import { ISSUER_CONFIG, type IssuerConfig } from '../config/issuer.config';
import { CaHierarchy } from './ca-hierarchy';
import { initialiseCaHierarchy, loadCaHierarchy } from './ca-initialiser';

/**
 * The CA hierarchy, initialised (idempotently, under an advisory lock) and decrypted while the app is created:
 * nothing is served, and no event is consumed, before the CA keys are usable. A wrong KEK fails the start.
 */
export const caHierarchyProvider: Provider = {
  provide: CaHierarchy,
  useFactory: async (dataSource: DataSource, config: IssuerConfig, clock: Clock): Promise<CaHierarchy> => {
    await initialiseCaHierarchy(dataSource, config, clock);
    return loadCaHierarchy(dataSource, config);
  },
  inject: [getDataSourceToken(), ISSUER_CONFIG, ISSUER_CLOCK],
};
