// Fault injection: the next calls matching a predicate get a given response instead of the normal one.
import type { RouteResult } from './apiErrors.js';
import type { RecordedCall } from './http.js';

export interface InjectedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Fault {
  match: (call: RecordedCall) => boolean;
  response: InjectedResponse;
  remaining: number;
}

export class FaultInjector {
  private readonly faults: Fault[] = [];

  failNext(match: (call: RecordedCall) => boolean, response: InjectedResponse, times: number): void {
    this.faults.push({ match, response, remaining: times });
  }

  /** The injected response for this call, if one is waiting for it (and uses it up). */
  take(call: RecordedCall): RouteResult | null {
    const fault = this.faults.find((candidate) => candidate.remaining > 0 && candidate.match(call));
    if (!fault) return null;
    fault.remaining -= 1;
    return fault.response;
  }
}
