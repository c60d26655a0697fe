import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@paspoort/auth';
import { Public } from '@paspoort/service-kit';
import { TokenKeysService } from './token-keys.service';

/** authn's public token keys (current and previous) and their rotation. */
@ApiTags('tokens')
@Controller()
export class TokenKeysController {
  constructor(private readonly keys: TokenKeysService) {}

  @Public()
  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'Public token-signing keys (JWK set), current and previous' })
  async jwks(): Promise<{ keys: unknown[] }> {
    return { keys: await this.keys.publishedKeys() };
  }

  @Roles('operator')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Rotate the token-signing key' })
  @Post('token-keys/rotate')
  @HttpCode(200)
  async rotate(): Promise<{ kid: string }> {
    return { kid: await this.keys.rotate() };
  }
}
