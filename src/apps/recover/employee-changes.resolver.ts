/**
 * `Subscription.employeeChanged(campaignNumber)`: one event per employee of the campaign whose
 * recovery changed, from a poller shared by every subscriber of the same principal and campaign
 * (core/live/pollers.ts, every SUBSCRIPTIONS_POLL_MS). The campaign is read before anything is
 * streamed: one the caller cannot read is NOT_FOUND, as for the `campaign` query. Each event is
 * resolved as a request of its own (a fresh upstream session and loaders), so relations of the
 * employee (`user`, items' `asset`) work hours into a subscription.
 */
import { GraphQLError } from 'graphql';
import { Arg, Field, ID, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { Employee } from './employee.type';
import { employeeChangeSource, WATCHED_FIELDS, type EmployeeChangeEvent } from './employee-changes';

@ObjectType({ description: "A change in one employee's recovery." })
export class EmployeeChange {
  @Field(() => ID, { description: 'The campaign the employee is in.' })
  campaignNumber!: string;

  @Field(() => Employee, { description: 'The employee as it is now; every Employee field works, relations included.' })
  employee!: Employee;

  @Field(() => [String], {
    description: `What changed, among ${WATCHED_FIELDS.map((field) => `\`${field}\``).join(', ')} (a new employee: all).`,
  })
  changedFields!: string[];

  @Field(() => String, { nullable: true, description: 'The status before; null when the status did not change.' })
  previousStatus!: string | null;
}

@Resolver()
export class EmployeeChangesResolver {
  @Subscription(() => EmployeeChange, {
    description:
      'One event per employee of the campaign whose recovery changed (status, tracking, last update, address or items) after you subscribed; no replay of the current state (query it). Polled from Unduit every SUBSCRIPTIONS_POLL_MS, once for every subscriber of the same caller and campaign.',
    subscribe: ({ args, context }) =>
      employeeChanges(context as GatewayContext, String((args as { campaignNumber: string }).campaignNumber)),
  })
  employeeChanged(
    @Root() change: EmployeeChangeEvent | GraphQLError,
    @Arg('campaignNumber', () => ID) _campaignNumber: string,
  ): EmployeeChangeEvent {
    // The subscription's last event when the upstream stopped accepting the caller (an expired token).
    if (change instanceof GraphQLError) throw change;
    return change;
  }
}

async function employeeChanges(
  context: GatewayContext,
  campaignNumber: string,
): Promise<AsyncIterable<EmployeeChangeEvent | GraphQLError>> {
  // A caller without credentials fails here, with the same error a query gets.
  await context.live.admitted();
  const who = { principal: context.principal!, expiresAt: context.live.expiresAt };
  const events = await context.live.pollers.subscribe(who, campaignNumber, () =>
    employeeChangeSource(context.live.pollSession, campaignNumber),
  );
  return {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        const result = await events.next();
        // Each event is resolved as a request of its own (fresh upstream session, loaders and deadline), one for all its subscribers.
        if (!result.done && typeof result.value === 'object') Object.assign(context, context.live.renewedFor(result.value));
        return result;
      },
      return: () => events.return!(),
    }),
  };
}
