import * as x509 from '../x509';
import type { CertificateProfile } from '@paspoort/contracts';
import type { HolderOf, PersonalHolder, SystemHolder } from './holder';

/** Attribute type OIDs of the subjects Paspoort writes. */
export const SUBJECT_OIDS = {
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  organizationName: '2.5.4.10',
  organizationIdentifier: '2.5.4.97',
} as const;

type Rdn = Record<string, x509.JsonAttributeObject[]>;

/**
 * The subject of a certificate for a validated holder; the CSR's requested subject plays no part.
 * personal: [O=organisationName] [organizationIdentifier=organisationId] CN=name serialNumber=personId;
 * system: O=organisationName organizationIdentifier=organisationId CN=systemName.
 * Names are UTF8String; serialNumber is PrintableString as X.520 asks, UTF8String when it holds `_`.
 */
export function subjectNameFor<P extends CertificateProfile>(profile: P, holder: HolderOf[P]): x509.Name {
  const rdns = profile === 'personal' ? personalRdns(holder as PersonalHolder) : systemRdns(holder as SystemHolder);
  return new x509.Name(rdns);
}

function personalRdns(holder: PersonalHolder): Rdn[] {
  return [
    ...(holder.organisationName ? [utf8(SUBJECT_OIDS.organizationName, holder.organisationName)] : []),
    ...(holder.organisationId ? [utf8(SUBJECT_OIDS.organizationIdentifier, holder.organisationId)] : []),
    utf8(SUBJECT_OIDS.commonName, holder.name),
    printableOrUtf8(SUBJECT_OIDS.serialNumber, holder.personId),
  ];
}

function systemRdns(holder: SystemHolder): Rdn[] {
  return [
    utf8(SUBJECT_OIDS.organizationName, holder.organisationName),
    utf8(SUBJECT_OIDS.organizationIdentifier, holder.organisationId),
    utf8(SUBJECT_OIDS.commonName, holder.systemName),
  ];
}

function utf8(oid: string, value: string): Rdn {
  return { [oid]: [{ utf8String: value }] };
}

function printableOrUtf8(oid: string, value: string): Rdn {
  return x509.Name.isPrintableString(value) ? { [oid]: [{ printableString: value }] } : utf8(oid, value);
}
