import { describe, expect, it } from "vitest";
import { parseSessionItems } from "./sessions";

const now = new Date("2025-07-13T15:30:00Z");
const item = (over: Record<string, unknown> = {}) => ({
  id: "11111111-1111-4111-8111-111111111111",
  user_id: "22222222-2222-4222-8222-222222222222",
  started_at: "2025-07-13T10:00:00Z",
  ended_at: "2025-07-13T10:30:00+00:00",
  ...over,
});

describe("parseSessionItems", () => {
  it("accepts valid items, with offsets and fractions, normalising ids", () => {
    const { sessions, errors } = parseSessionItems(
      [item({ id: "AAAAAAAA-1111-4111-8111-111111111111", started_at: "2025-07-13T12:00:00.250+02:00" })],
      now,
    );
    expect(errors).toEqual({});
    expect(sessions).toEqual([
      {
        index: 0,
        id: "aaaaaaaa-1111-4111-8111-111111111111",
        userId: "22222222-2222-4222-8222-222222222222",
        startedAt: new Date("2025-07-13T10:00:00.250Z"),
        endedAt: new Date("2025-07-13T10:30:00Z"),
      },
    ]);
  });

  it("reports every problem of every item, keyed by position", () => {
    const { sessions, errors } = parseSessionItems(
      [
        item({ id: "not-a-uuid", ended_at: "2025-07-13T09:00:00Z" }),
        item({
          id: "44444444-4444-4444-8444-444444444444",
          user_id: undefined,
          started_at: "2025-07-13 10:00:00",
        }),
        item({
          id: "33333333-3333-4333-8333-333333333333",
          started_at: "2025-07-13T15:00:00Z",
          ended_at: "2025-07-14T00:00:00Z",
        }),
        item(),
        item(),
        "nope",
      ],
      now,
    );
    expect(errors).toEqual({
      "sessions[0].id": ["Must be a valid UUID."],
      "sessions[0].ended_at": ["Ensure ended_at is not before started_at."],
      "sessions[1].user_id": ["This field is required."],
      "sessions[1].started_at": ["Enter a valid date/time with a time zone, e.g. 2025-07-13T14:30:00Z."],
      "sessions[2].ended_at": ["Ensure this time is not in the future."],
      "sessions[4].id": ["Duplicate id in this batch (first at sessions[3])."],
      "sessions[5]": ["Expected an object with id, user_id, started_at and ended_at."],
    });
    expect(sessions.map((s) => s.index)).toEqual([3]);
  });

  it("tolerates five minutes of clock skew", () => {
    const { errors } = parseSessionItems(
      [item({ ended_at: "2025-07-13T15:34:00Z", started_at: "2025-07-13T15:00:00Z" })],
      now,
    );
    expect(errors).toEqual({});
  });
});
