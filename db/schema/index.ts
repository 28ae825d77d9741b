export * from "./companies";
export * from "./users";
export * from "./memberships";
export * from "./activity";
export * from "./metrics";
export * from "./audit";
export * from "./sessions";
export * from "./api-keys";
