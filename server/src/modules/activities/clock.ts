/**
 * The module's clock. Everything time-dependent here (QR windows, check-in times, service hours) reads
 * `activityClock.now()`, so that tests can move time without waiting (test/activities-*.test.ts).
 */
export const activityClock = {
  now: (): number => Date.now(),
};

/** Restores the real clock (tests call it after faking). */
export function resetActivityClock(): void {
  activityClock.now = () => Date.now();
}
