/** The reason for restricting or lifting a guardian link (ORG-4): short enough to read, long enough to mean something. */
export const MIN_REASON_LENGTH = 3;
export const MAX_REASON_LENGTH = 2000;
