import 'reflect-metadata';
import { runService } from '@paspoort/service-kit';
import { IP_REGISTRY_BOOT } from './ip-registry.bootstrap';
import { IpRegistryModule } from './ip-registry.module';

void runService(IpRegistryModule, IP_REGISTRY_BOOT);
