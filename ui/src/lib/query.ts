// TanStack Query: one client for the app, and `apiQuery` to make typed query options.
//
//   const balance = useQuery(apiQuery("/api/v1/account/balance"));
//   const trades = useQuery(apiQuery("/api/v1/trades", { query: { page: 2, sort: "pnl" } }));
//
// Query keys are [path, options], so `queryClient.invalidateQueries({ queryKey: [path] })`
// refreshes every variant of one endpoint (useLiveInvalidate does that on live events).
import { QueryClient, queryOptions } from "@tanstack/react-query";
import { api, isApiError, type Operation, type PathsWith, type RequestOptions } from "./api";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A 4xx will not improve by asking again; network and 5xx errors may.
        retry: (failures, error) => !(isApiError(error) && error.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
}

export function apiQuery<P extends PathsWith<"get">>(
  path: P,
  options: Omit<RequestOptions<Operation<P, "get">>, "signal"> = {},
) {
  return queryOptions({
    queryKey: [path, options] as const,
    queryFn: ({ signal }) => api.get(path, { ...options, signal }),
  });
}
