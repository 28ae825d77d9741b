// @vitest-environment node
// Pure functions: no DOM needed, so skip the cost of a jsdom environment.
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { userMetricsKeys } from "./user-metrics-keys";

describe("userMetricsKeys", () => {
  it("builds the original API's key shapes", () => {
    const params = { status: "active" as const };
    expect(userMetricsKeys.list("c1", params)).toEqual(["user-metrics", "c1", params]);
    expect(userMetricsKeys.list("c1")).toEqual(["user-metrics", "c1", undefined]);
    expect(userMetricsKeys.infinite("c1", params)).toEqual(["user-metrics-infinite", "c1", params]);
    expect(userMetricsKeys.summary("c1", params)).toEqual(["user-metrics-summary", "c1", params]);
    const window = { date_from: "2025-07-01" };
    expect(userMetricsKeys.member("c1", "u1", window)).toEqual(["user-metric", "c1", "u1", window]);
    // The zone and the comparison are part of the params, so part of the key.
    const zoned = { timezone: "America/New_York", compare: "previous_period" as const };
    expect(userMetricsKeys.summary("c1", zoned)).toEqual(["user-metrics-summary", "c1", zoned]);
    expect(userMetricsKeys.retention("c1", { period: "week" })).toEqual([
      "user-metrics-retention",
      "c1",
      { period: "week" },
    ]);
  });

  it("has company prefixes that match that company's queries of each kind and nothing else", () => {
    const queryClient = new QueryClient();
    const keys = [
      userMetricsKeys.list("c1", { page: 2 }),
      userMetricsKeys.list("c1"),
      userMetricsKeys.infinite("c1"),
      userMetricsKeys.summary("c1", { status: "pending" }),
      userMetricsKeys.member("c1", "u1"),
      userMetricsKeys.member("c1", "u2", { date_to: "2025-07-02" }),
      userMetricsKeys.retention("c1", { period: "month", timezone: "Europe/Berlin" }),
      userMetricsKeys.list("c2"),
      userMetricsKeys.summary("c2"),
      userMetricsKeys.member("c2", "u1"),
    ];
    for (const key of keys) queryClient.setQueryData(key, {});
    const matched = (queryKey: readonly unknown[]) =>
      queryClient
        .getQueryCache()
        .findAll({ queryKey })
        .map((q) => q.queryKey);

    expect(matched(userMetricsKeys.lists("c1"))).toEqual([keys[0], keys[1]]);
    expect(matched(userMetricsKeys.infinites("c1"))).toEqual([keys[2]]);
    expect(matched(userMetricsKeys.summaries("c1"))).toEqual([keys[3]]);
    expect(matched(userMetricsKeys.members("c1"))).toEqual([keys[4], keys[5]]);
    expect(matched(userMetricsKeys.retentions("c1"))).toEqual([keys[6]]);
    expect(userMetricsKeys.company("c1").flatMap(matched)).toEqual(keys.slice(0, 7));
  });
});
