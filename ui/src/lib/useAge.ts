// An age the API reported ("seconds since the broker last answered"), kept current on screen:
// the API's figure when it answered plus the time since, so it counts on between polls. Both are
// real seconds, and neither depends on the browser's clock agreeing with the server's.
import { useEffect, useState } from "react";

/** The age `ageS` (seconds, as the API answered at `asOf`, ms since the epoch) at `now`. */
export function ageAt(ageS: number | null | undefined, asOf: number, now: number): number | null {
  if (ageS === null || ageS === undefined) return null;
  return ageS + Math.max(now - asOf, 0) / 1000;
}

/** `ageAt` as of now, re-rendering every second while there is an age to count. */
export function useAge(ageS: number | null | undefined, asOf: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  const counting = ageS !== null && ageS !== undefined;
  useEffect(() => {
    if (!counting) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [counting]);
  return ageAt(ageS, asOf, now);
}
