/** A request body that sends its first `at` bytes, then the rest once `release` is called. */
export function heldBody(
  bytes: Uint8Array,
  at: number,
): { body: ReadableStream; release: () => void } {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const body = new ReadableStream({
    async start(controller) {
      controller.enqueue(bytes.subarray(0, at));
      await held;
      controller.enqueue(bytes.subarray(at));
      controller.close();
    },
  });
  return { body, release };
}
