/** Holders of the benchmark's certificates (CSRs and the CA come from libs/testing's makeHolderRequest and TestCa). */
export function systemHolder(i: number) {
  return {
    organisationId: String(10000000 + (i % 5000)).padStart(8, '0'),
    organisationName: `Apotheek ${i % 5000}`,
    systemName: `bench-system-${i}`,
  };
}

export function personalHolder(i: number) {
  return { personId: `bench-p-${i}`, name: `Bench Person ${i}` };
}
