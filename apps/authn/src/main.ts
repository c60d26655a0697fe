import 'reflect-metadata';
import { runService } from '@paspoort/service-kit';
import { AUTHN_BOOT } from './authn.bootstrap';
import { AuthnModule } from './authn.module';

void runService(AuthnModule, AUTHN_BOOT);
