// When the server ends a candidate's connections for good: their link stopped working (withdrawn,
// replaced by a newer one, expired) or is open in too many tabs. The server says why just before
// it closes (ConnectionEnded, see Features/Rooms/CandidateConnections.cs); a reconnect it refuses
// (the link no longer authenticates) means the same. Either way the page shows the reason and
// stops, instead of trying to reconnect forever. The event and its ConnectionEndedView are in
// hubMessages.ts, with the rest of what the hubs send.
import type { IRetryPolicy, RetryContext } from "@microsoft/signalr";


/** Whether an error is the server refusing this page's credentials (401 or 403), not a network hiccup. */
export const refusedByServer = (error: unknown): boolean =>
  /Status code '40[13]'/.test(error instanceof Error ? error.message : String(error));

/** During an interview: quickly at first, then every five seconds. */
const delay = (context: RetryContext): number => Math.min(500 * 2 ** context.previousRetryCount, 5000);

/**
 * Never gives up on a lost connection, except a candidate's whose link the server refuses: then
 * `refused` is called and the connection closes instead of knocking forever.
 */
export function reconnectPolicy(candidate: boolean, refused: () => void): IRetryPolicy {
  return {
    nextRetryDelayInMilliseconds: (context: RetryContext): number | null => {
      if (candidate && refusedByServer(context.retryReason)) {
        refused();
        return null;
      }
      return delay(context);
    },
  };
}
