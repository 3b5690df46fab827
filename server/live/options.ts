// Tuning of the live sockets. Defaults suit production; tests shrink them to see the limits act.
export interface LiveOptions {
  /** Heartbeat: ping every socket this often (ms); a socket that did not pong since the last ping is terminated. */
  pingInterval: number;
  /** A client whose unsent bytes pass this is closed with 1013 (it resumes with ?after=). */
  maxBuffered: number;
  /** After a 1013 close, how long (ms) the close handshake may take before the socket is destroyed. */
  closeGrace: number;
  /** Backlog page size (rows per `requests` frame while replaying ?after=). */
  backlogPage: number;
  /** Live summaries a client may have queued while its backlog is replayed before it is closed with 1013. */
  maxPending: number;
  /** Largest frame a client may send (bytes). */
  maxPayload: number;
}

export const liveDefaults: LiveOptions = {
  pingInterval: 30_000,
  maxBuffered: 4 * 1024 * 1024,
  closeGrace: 5_000,
  backlogPage: 500,
  maxPending: 50_000,
  maxPayload: 64 * 1024,
};
