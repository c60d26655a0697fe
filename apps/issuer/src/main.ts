import 'reflect-metadata';
import { runService } from '@paspoort/service-kit';
import { configureIssuerApp } from './issuer.bootstrap';
import { IssuerModule } from './issuer.module';

void runService(IssuerModule, { title: 'Paspoort issuer', configure: configureIssuerApp });
