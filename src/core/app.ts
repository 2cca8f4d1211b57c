/**
 * What an Unduit app (Manage, Recover, Authentication; later Device Hub, Buyback...) brings to the
 * gateway: its resolvers, its per-request loaders and its upstream endpoints. `src/apps/index.ts`
 * lists the apps; the schema, the context's loaders, the cache settings and docs/configuration.md's settings
 * table are derived from that list, so adding an app is one folder and one line.
 */
import type { NonEmptyArray } from 'type-graphql';
import type { Endpoint } from './http/endpoint';
import type { UpstreamTransport } from './upstream/session';
import type { LoaderOptions } from './loaders/per-key-loader';

export interface UnduitApp<Name extends string = string, Loaders extends object = object> {
  /** The key of its loaders in the context: `ctx.loaders.<name>`. */
  readonly name: Name;
  readonly resolvers: NonEmptyArray<Function>;
  /** Every upstream endpoint the app calls, each declared once (core/http/endpoint.ts). */
  readonly endpoints: ReadonlyArray<Endpoint<never, never>>;
  /** Called once per GraphQL request. */
  createLoaders(upstream: UpstreamTransport, options: LoaderOptions): Loaders;
}

/** Checks an app's shape while keeping its exact name and loader types. */
export function defineApp<Name extends string, Loaders extends object>(app: UnduitApp<Name, Loaders>): UnduitApp<Name, Loaders> {
  return app;
}

/** `{ manage: ManageLoaders, recover: RecoverLoaders, ... }` for a list of apps. */
export type LoadersOf<Apps extends ReadonlyArray<UnduitApp>> = {
  [App in Apps[number] as App['name']]: ReturnType<App['createLoaders']>;
};

/** Every loader of every app, keyed by app name, built for one GraphQL request. */
export function createLoaders<Apps extends ReadonlyArray<UnduitApp>>(
  apps: Apps,
  upstream: UpstreamTransport,
  options: LoaderOptions,
): LoadersOf<Apps> {
  return Object.fromEntries(apps.map((app) => [app.name, app.createLoaders(upstream, options)])) as LoadersOf<Apps>;
}

export function endpointsOf(apps: ReadonlyArray<UnduitApp>): Array<Endpoint<never, never>> {
  return apps.flatMap((app) => app.endpoints);
}
