import 'reflect-metadata';
import { runService } from '@paspoort/service-kit';
import { AuthnModule } from './authn.module';

void runService(AuthnModule, { title: 'Paspoort authn' });
