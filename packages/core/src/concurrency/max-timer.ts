/**
 * Node's longest timer delay, in ms (2^31 - 1). A longer one fires at once, after a warning, so
 * options that become timers are checked against it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
