/** Apollo Server plugins, one per file: what each response reports and how it is logged and answered. */
export { httpCachePlugin } from './http-cache';
export { httpStatusPlugin } from './http-status';
export { maskUnexpectedError } from './mask-unexpected-error';
export { metricsPlugin } from './metrics';
export { requestLogPlugin, RunningOperations } from './request-log';
export { ResponseCache, responseCachePlugin } from './response-cache';
export { upstreamStatsPlugin } from './upstream-stats';
