import 'reflect-metadata';
import { runService } from '@paspoort/service-kit';
import { AuditModule } from './audit.module';

void runService(AuditModule, { title: 'Paspoort audit' });
