/** next-auth's session cookie: `__Secure-` prefixed when served over HTTPS. */
export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;
