/**
 * The only source of "now" for services. The port lives in the domain so that every library can
 * ask for the time without depending on where it comes from: the system clock, the simulated clock
 * an admin moves (libs/clock), or a test's.
 */
export abstract class Clock {
  abstract now(): Date;
}
