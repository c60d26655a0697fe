import { validateHolder } from '@paspoort/pki';

const PERSON = { personId: 'p-1.2_3', name: 'Zoë van der Berg-Özdemir', organisationId: '01234567', organisationName: 'Praktijk ’t Hof' };
const SYSTEM = { organisationId: 'AGB.0123-4567', organisationName: 'Apotheek Noord', systemName: 'kassa 2' };

describe('validateHolder', () => {
  it('ok/personal with organisation', () => {
    expect(validateHolder('personal', PERSON)).toEqual(PERSON);
  });
  it('ok/personal without organisation, undefined optional fields dropped', () => {
    expect(validateHolder('personal', { personId: 'x', name: 'X', organisationId: undefined })).toEqual({ personId: 'x', name: 'X' });
  });
  it('ok/system', () => {
    expect(validateHolder('system', SYSTEM)).toEqual(SYSTEM);
  });
  it('ok/64-character name', () => {
    expect(validateHolder('personal', { personId: 'x', name: 'a'.repeat(64) }).name).toHaveLength(64);
  });

  const failures: Array<{ name: string; profile: 'personal' | 'system'; holder: unknown; field: string }> = [
    { name: 'fail/not an object', profile: 'personal', holder: 'anna', field: '(root)' },
    { name: 'fail/null', profile: 'system', holder: null, field: '(root)' },
    { name: 'fail/missing personId', profile: 'personal', holder: { name: 'Anna' }, field: 'personId' },
    { name: 'fail/empty name', profile: 'personal', holder: { personId: 'a', name: '' }, field: 'name' },
    { name: 'fail/name not a string', profile: 'personal', holder: { personId: 'a', name: 42 }, field: 'name' },
    { name: 'fail/name too long', profile: 'personal', holder: { personId: 'a', name: 'a'.repeat(65) }, field: 'name' },
    { name: 'fail/name with newline', profile: 'personal', holder: { personId: 'a', name: 'Anna\nCN=admin' }, field: 'name' },
    { name: 'fail/name with NUL', profile: 'personal', holder: { personId: 'a', name: 'Anna\u0000' }, field: 'name' },
    { name: 'fail/name with bidi override', profile: 'personal', holder: { personId: 'a', name: 'Anna\u202e' }, field: 'name' },
    { name: 'fail/name with leading space', profile: 'personal', holder: { personId: 'a', name: ' Anna' }, field: 'name' },
    { name: 'fail/personId with space', profile: 'personal', holder: { personId: 'a b', name: 'A' }, field: 'personId' },
    { name: 'fail/personId too long', profile: 'personal', holder: { personId: 'a'.repeat(65), name: 'A' }, field: 'personId' },
    {
      name: 'fail/personal organisationId with underscore',
      profile: 'personal',
      holder: { personId: 'a', name: 'A', organisationId: 'a_b' },
      field: 'organisationId',
    },
    {
      name: 'fail/personal with systemName',
      profile: 'personal',
      holder: { personId: 'a', name: 'A', systemName: 's' },
      field: 'systemName',
    },
    {
      name: 'fail/system missing systemName',
      profile: 'system',
      holder: { organisationId: '1', organisationName: 'O' },
      field: 'systemName',
    },
    {
      name: 'fail/system missing organisationId',
      profile: 'system',
      holder: { organisationName: 'O', systemName: 's' },
      field: 'organisationId',
    },
    {
      name: 'fail/system organisationId with slash',
      profile: 'system',
      holder: { ...SYSTEM, organisationId: '12/34' },
      field: 'organisationId',
    },
    { name: 'fail/system with personId', profile: 'system', holder: { ...SYSTEM, personId: 'p' }, field: 'personId' },
    {
      name: 'fail/system organisationName with tab',
      profile: 'system',
      holder: { ...SYSTEM, organisationName: 'A\tB' },
      field: 'organisationName',
    },
  ];

  it.each(failures)('$name', ({ profile, holder, field }) => {
    expect(() => validateHolder(profile, holder)).toThrow(
      expect.objectContaining({ code: 'HOLDER_INVALID', field, message: expect.stringContaining(`holder.${field}`) }),
    );
  });
});
