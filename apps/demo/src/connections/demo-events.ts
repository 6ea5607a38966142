/** What the page hears about while it is open (over server-sent events). */
export type DemoEvent =
  | {
      /** A call failed and the retry layer waits before the next attempt. */
      readonly type: 'retry';
      readonly connection: string;
      /** For people: "Dropbox is throttling, retrying in 12 s". */
      readonly message: string;
      readonly delayMs: number;
    }
  | {
      /** A connection's state changed (connected, signed out, needs reconnect). */
      readonly type: 'connections';
    };

/** A small publish/subscribe hub for DemoEvents. */
export class DemoEvents {
  private readonly listeners = new Set<(event: DemoEvent) => void>();

  /** Calls `listener` with every event from now on; returns the function that stops it. */
  subscribe(listener: (event: DemoEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends an event to every listener. */
  emit(event: DemoEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
