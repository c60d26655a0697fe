import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@paspoort/service-kit';
import { LedgerSigner, type LedgerPublicKey } from '../ledger/ledger-signer';

/**
 * The public keys of the ledger's checkpoint signatures: whoever holds checkpoints from
 * `paspoort.audit-checkpoints.v1` checks them with these, without trusting the audit database.
 */
@Public()
@ApiTags('audit')
@Controller('audit')
export class SigningKeysController {
  constructor(private readonly signer: LedgerSigner) {}

  @Get('signing-keys')
  @ApiOperation({ summary: 'Ed25519 public keys of the ledger checkpoints (current and retired), by keyId' })
  signingKeys(): { keys: LedgerPublicKey[] } {
    return { keys: this.signer.publicKeys() };
  }
}
