import * as x509 from '@peculiar/x509';
import { KeyObject, webcrypto } from 'node:crypto';
import type request from 'supertest';

x509.cryptoProvider.set(webcrypto as never);

export type PersonalHolder = { personId: string; name: string };
export type SystemHolder = { organisationId: string; organisationName: string; systemName: string };

/** A certificate as its holder keeps it: the issuer's answer plus the private key that never left the holder. */
export interface HeldCertificate {
  serial: string;
  fingerprintSha256: string;
  certificatePem: string;
  chainPem: string;
  keyPem: string;
}

/** A fresh P-256 key pair (node:crypto) and a CSR signed with it, as a holder makes them. */
export async function keyAndCsr(): Promise<{ csrPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=ignored',
    keys: keys as never,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  const keyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { csrPem: csr.toString('pem'), keyPem };
}

/** Requests a certificate from the issuer's HTTP API (`POST /certificates`) with the given bearer headers. */
export async function requestCertificate(
  issuer: () => request.Agent | ReturnType<typeof request>,
  auth: Record<string, string>,
  body: { profile: 'personal'; holder: PersonalHolder; renews?: string } | { profile: 'system'; holder: SystemHolder; renews?: string },
  environment: 'test' | 'acceptance' | 'production' = 'test',
): Promise<HeldCertificate> {
  const { csrPem, keyPem } = await keyAndCsr();
  const answer = await issuer()
    .post('/certificates')
    .set(auth)
    .send({ csr: csrPem, environment, ...body });
  if (answer.status !== 201) throw new Error(`issuance answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  const { serial, fingerprintSha256, certificatePem, chainPem } = answer.body as HeldCertificate;
  return { serial, fingerprintSha256, certificatePem, chainPem, keyPem };
}
