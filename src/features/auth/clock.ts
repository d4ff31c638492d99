/** The time source of sign-in checks; one mutable object so tests can move time forward (expired codes). */
export interface Clock {
  now(): number;
}

export const systemClock = (): Clock => ({ now: () => Date.now() });
