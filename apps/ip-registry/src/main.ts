import 'reflect-metadata';
import { runService } from '@paspoort/service-kit';
import { IpRegistryModule } from './ip-registry.module';

void runService(IpRegistryModule, { title: 'Paspoort IP registry' });
