/**
 * The seed document's UserMetric fields, in its order — written out here on purpose, not imported
 * from the product, so a test fails if the product drifts from the original API document.
 */
export const SEED_USER_METRIC_FIELDS = [
  "user_id",
  "email",
  "first_name",
  "last_name",
  "last_active",
  "total_sessions",
  "sessions_this_month",
  "avg_session_duration",
  "status",
  "role",
  "department",
  "created_at",
  "last_login",
];
