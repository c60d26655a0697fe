import 'reflect-metadata';
import { runService } from '@paspoort/service-kit';
import { ISSUER_BOOT } from './issuer.bootstrap';
import { IssuerModule } from './issuer.module';

void runService(IssuerModule, ISSUER_BOOT);
