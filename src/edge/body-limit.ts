/**
 * Largest request body read. Measured: a bulk-add of 100 employees with 5 items each is 126 KB (135 KB
 * written inline); with every field at its longest allowed value, about 820 KB. 1 MB admits that and
 * refuses the 1.19 MB hostile document of 100,000 unused variables before it is parsed.
 */
export const MAX_REQUEST_BODY = '1mb';
/** The same limit in bytes, for what reads messages rather than bodies (the subscription WebSocket). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
