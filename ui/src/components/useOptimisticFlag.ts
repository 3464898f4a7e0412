// An on/off state the API changes asynchronously (a 202 now, the new state in a later status
// snapshot). After a successful command the button shows the requested state until the server's
// value moves; a stale snapshot that still shows the old value does not flip it back.
import { useEffect, useState } from "react";

export function useOptimisticFlag(server: boolean | undefined): [boolean | undefined, (value: boolean) => void] {
  const [requested, setRequested] = useState<boolean | null>(null);
  useEffect(() => setRequested(null), [server]);
  return [requested ?? server, setRequested];
}
