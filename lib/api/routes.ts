/** Route templates per action: the `route` label of metrics and logs (never the raw path). */
export const ROUTE_TEMPLATES: Record<string, string> = {
  "auth.token": "/api/v2/auth/token/",
  "user_metrics.list": "/api/v2/companies/{company_id}/user-metrics/",
  "user_metrics.summary": "/api/v2/companies/{company_id}/user-metrics/summary/",
  "user_metrics.export": "/api/v2/companies/{company_id}/user-metrics/export/",
  "user_metrics.refresh": "/api/v2/companies/{company_id}/user-metrics/refresh/",
  "user_metrics.detail": "/api/v2/companies/{company_id}/user-metrics/{user_id}/",
  "sessions.ingest": "/api/v2/companies/{company_id}/sessions/",
  "api_keys.list": "/api/v2/companies/{company_id}/api-keys/",
  "api_keys.create": "/api/v2/companies/{company_id}/api-keys/",
  "api_keys.revoke": "/api/v2/companies/{company_id}/api-keys/{key_id}/",
  "v1.metrics.users": "/api/v1/metrics/users/",
  openapi: "/api/v2/openapi.json",
};

export function routeTemplate(action: string): string {
  return ROUTE_TEMPLATES[action] ?? action;
}
