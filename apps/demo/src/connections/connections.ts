import { type Drive, PolydriveError } from '@polydrive/core';
import type { Connection, ConnectionView } from './connection.js';

/** The demo's connections, by id, in sidebar order. */
export class Connections {
  private readonly byId = new Map<string, Connection>();

  constructor(connections: readonly Connection[]) {
    for (const connection of connections) this.byId.set(connection.id, connection);
  }

  /** Every connection. */
  all(): Connection[] {
    return [...this.byId.values()];
  }

  /** The connection with this id; NotFound when there is none. */
  get(id: string): Connection {
    const connection = this.byId.get(id);
    if (!connection) {
      throw new PolydriveError('NotFound', {
        message: `There is no connection ${JSON.stringify(id)}.`,
        advice: `Use one of: ${[...this.byId.keys()].join(', ')}.`,
      });
    }
    return connection;
  }

  /**
   * Runs `work` on a connection's drive. A failure that means the login is gone marks the
   * connection as needing a reconnect, so the page can say so.
   */
  async use<T>(id: string, work: (drive: Drive) => Promise<T>): Promise<T> {
    const connection = this.get(id);
    try {
      return await work(await connection.drive());
    } catch (err) {
      connection.noteFailure(err);
      throw err;
    }
  }

  /** The connections as the page shows them. */
  views(): ConnectionView[] {
    return this.all().map((connection) => connection.view());
  }

  /** Closes every drive. */
  async close(): Promise<void> {
    await Promise.all(this.all().map((connection) => connection.close()));
  }
}
