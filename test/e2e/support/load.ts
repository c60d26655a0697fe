/** Runs `work` over the items with at most `concurrency` in flight; resolves when all are done. */
export async function inParallel<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** An 8-digit organisation identifier (AGB-like) for the n-th test system. */
export function organisationId(n: number): string {
  return String(10000000 + n);
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
