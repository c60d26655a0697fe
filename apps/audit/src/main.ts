import 'reflect-metadata';
import { runService } from '@paspoort/service-kit';
import { AUDIT_BOOT } from './audit.bootstrap';
import { AuditModule } from './audit.module';

void runService(AuditModule, AUDIT_BOOT);
