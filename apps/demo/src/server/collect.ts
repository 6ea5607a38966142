/** The first `limit` items of an async iterable, and whether there were more. */
export async function collectUpTo<T>(
  items: AsyncIterable<T>,
  limit: number,
): Promise<{ items: T[]; truncated: boolean }> {
  const out: T[] = [];
  for await (const item of items) {
    if (out.length === limit) return { items: out, truncated: true };
    out.push(item);
  }
  return { items: out, truncated: false };
}
