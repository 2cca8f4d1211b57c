/**
 * One circuit breaker per upstream endpoint (cockatiel). After `failures` consecutive failures (5xx,
 * timeouts, unreachable: the upstream's fault, not the caller's; a 429 slows the scheduler instead)
 * it opens: calls are refused at once with UPSTREAM_UNAVAILABLE and `retryAfter`, nothing is sent.
 * After `halfOpenAfterMs` one probe goes through; its success closes the breaker, its failure opens it
 * again. Every transition is logged.
 */
import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, isBrokenCircuitError, type CircuitBreakerPolicy } from 'cockatiel';
import { isUpstreamFailure, upstreamUnavailable } from '../errors';
import type { Logger } from '../logger';

export interface BreakerOptions {
  failures: number;
  halfOpenAfterMs: number;
  logger: Logger;
}

interface Breaker {
  policy: CircuitBreakerPolicy;
  openedAt: number;
}

const STATE_NAMES: Record<CircuitState, string> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export class EndpointBreakers {
  private readonly breakers = new Map<string, Breaker>();

  constructor(private readonly options: BreakerOptions) {}

  async execute<T>(endpoint: string, call: () => Promise<T>): Promise<T> {
    const breaker = this.breakerFor(endpoint);
    try {
      return await breaker.policy.execute(call);
    } catch (error) {
      if (!isBrokenCircuitError(error)) throw error;
      const waitMs = breaker.openedAt + this.options.halfOpenAfterMs - Date.now();
      throw upstreamUnavailable(endpoint, Math.max(1, Math.ceil(waitMs / 1000)));
    }
  }

  /** Each endpoint's state, for readiness and metrics. */
  states(): Record<string, string> {
    return Object.fromEntries([...this.breakers].map(([endpoint, { policy }]) => [endpoint, STATE_NAMES[policy.state]]));
  }

  private breakerFor(endpoint: string): Breaker {
    let breaker = this.breakers.get(endpoint);
    if (breaker) return breaker;
    const policy = circuitBreaker(handleWhen(isUpstreamFailure), {
      halfOpenAfter: this.options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.options.failures),
    });
    breaker = { policy, openedAt: 0 };
    const held = breaker;
    policy.onBreak(() => (held.openedAt = Date.now()));
    policy.onStateChange((state) => this.options.logger.warn({ endpoint, breaker: STATE_NAMES[state] }, 'upstream circuit breaker'));
    this.breakers.set(endpoint, breaker);
    return breaker;
  }
}
