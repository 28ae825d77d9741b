// @vitest-environment node
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { apiKeysKeys } from "./api-keys-keys";
import { userMetricsKeys } from "./user-metrics-keys";

describe("apiKeysKeys", () => {
  it("keys one company's list, apart from other companies and from the metrics", () => {
    const queryClient = new QueryClient();
    const keys = [apiKeysKeys.list("c1"), apiKeysKeys.list("c2"), userMetricsKeys.list("c1")];
    for (const key of keys) queryClient.setQueryData(key, {});
    const matched = (queryKey: readonly unknown[]) =>
      queryClient
        .getQueryCache()
        .findAll({ queryKey })
        .map((q) => q.queryKey);
    expect(apiKeysKeys.list("c1")).toEqual(["api-keys", "c1"]);
    expect(matched(apiKeysKeys.list("c1"))).toEqual([keys[0]]);
    expect(matched(apiKeysKeys.all)).toEqual([keys[0], keys[1]]);
  });
});
