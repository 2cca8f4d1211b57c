/**
 * Subscriptions of one caller with the same operation and variables share one execution: each event
 * is resolved once and its result goes to every one of them, as Apollo Router and Hive Router
 * collapse identical subscriptions. A thousand screens of one campaign then cost one execution per
 * change, not a thousand (bench/README.md, "Live updates"). Never across callers: the principal is
 * part of what must match. Each subscription is still admitted on its own (its client's limits,
 * core/live/pollers.ts `admit`) and reads its own buffer; the execution ends with its last reader.
 * Every transport runs its subscriptions through here.
 */
import { GraphQLError, print, subscribe, type ExecutionResult } from 'graphql';
import { Subscriber } from '../core/live/subscriber';
import type { SubscriptionArgs } from './subscription-operation';

type Started = AsyncIterableIterator<ExecutionResult> | ExecutionResult;

interface Execution {
  started: Promise<Started>;
  readers: Set<Subscriber<ExecutionResult>>;
  /** Its stream is over: a subscription that finds it so starts its own. */
  ended: boolean;
}

export class SharedSubscriptions {
  private readonly executions = new Map<string, Execution>();

  /** `executed`: told of each result resolved (once for all the readers of an execution). */
  constructor(private readonly executed: () => void = () => undefined) {}

  /** What graphql's `subscribe` returns, for `args`: a stream shared with identical subscriptions, or an error result. */
  async subscribe(args: SubscriptionArgs): Promise<Started> {
    const context = args.contextValue;
    // Without credentials it fails at once (UNAUTHENTICATED), as a query would: nothing to share or count.
    if (!context.principal) return subscribe(args);
    let leave: () => void;
    try {
      leave = context.live.pollers.admit({ client: context.live.client, transport: context.live.transport });
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }
    const key = [context.principal, print(args.document), args.operationName ?? '', JSON.stringify(args.variableValues ?? {})].join(
      '\u0000',
    );
    const execution = this.executions.get(key) ?? this.start(key, args);
    const started = await execution.started.catch((error: unknown) => ({ errors: [asGraphQLError(error)] }));
    if (!(Symbol.asyncIterator in started)) {
      leave();
      return started;
    }
    if (execution.ended) {
      leave();
      return this.subscribe(args);
    }
    const reader = new Subscriber<ExecutionResult>(() => {
      leave();
      this.leave(key, execution, reader);
    });
    execution.readers.add(reader);
    return reader;
  }

  private start(key: string, args: SubscriptionArgs): Execution {
    const execution: Execution = { started: Promise.resolve(subscribe(args)), readers: new Set(), ended: false };
    this.executions.set(key, execution);
    execution.started.then(
      (started) => (Symbol.asyncIterator in started ? void this.pump(key, execution, started) : this.forget(key, execution)),
      () => this.forget(key, execution),
    );
    return execution;
  }

  private async pump(key: string, execution: Execution, results: AsyncIterableIterator<ExecutionResult>): Promise<void> {
    try {
      for await (const result of results) {
        this.executed();
        for (const reader of execution.readers) reader.push(result);
      }
    } finally {
      // The stream ended (its last event was an error, or shutdown): each reader ends after what it has buffered.
      execution.ended = true;
      this.forget(key, execution);
      for (const reader of [...execution.readers]) reader.finish();
    }
  }

  private leave(key: string, execution: Execution, reader: Subscriber<ExecutionResult>): void {
    execution.readers.delete(reader);
    if (execution.readers.size) return;
    execution.ended = true;
    this.forget(key, execution);
    void execution.started.then((started) => (Symbol.asyncIterator in started ? started.return?.() : undefined)).catch(() => undefined);
  }

  /** Drops `key`'s execution if it is still this one: a subscription arriving next starts its own. */
  private forget(key: string, execution: Execution): void {
    if (this.executions.get(key) === execution) this.executions.delete(key);
  }
}

function asGraphQLError(error: unknown): GraphQLError {
  return error instanceof GraphQLError ? error : new GraphQLError(String(error));
}
