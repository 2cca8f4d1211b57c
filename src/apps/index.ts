/**
 * The Unduit apps the gateway serves. The schema, the context's loaders (`ctx.loaders.<name>`), the
 * cache settings and docs/configuration.md's table are all derived from this list: adding an app is a
 * folder under apps/ and one line here.
 */
import { authApp } from './auth';
import { manageApp } from './manage';
import { recoverApp } from './recover';

export const apps = [manageApp, recoverApp, authApp] as const;

export type GatewayApps = typeof apps;
