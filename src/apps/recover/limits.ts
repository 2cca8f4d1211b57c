/**
 * The Recover documents' limits (recover-add-employee.txt, recover-bulk-add.txt), named once: the
 * mutations' validation, their descriptions and the query cost model all read them here.
 */

/** "items: 1 to 5" per employee. */
export const MAX_ITEMS_PER_EMPLOYEE = 5;

/** "up to 100 employees" per bulk request. */
export const MAX_EMPLOYEES_PER_BULK_ADD = 100;
