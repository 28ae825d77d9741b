import { ApiError } from "@/lib/api/errors";

/**
 * A JSON request body, refused with a clear error when it is not JSON, too large or malformed.
 * The size is checked while reading, so an oversized body is never held whole in memory.
 */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError(
      "unsupported_media_type",
      `Unsupported media type "${type.slice(0, 100)}" in request. Send application/json.`,
    );
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes)
    throw new ApiError("payload_too_large", `Request body is larger than ${maxBytes} bytes.`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new ApiError("payload_too_large", `Request body is larger than ${maxBytes} bytes.`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("parse_error", "JSON parse error: the request body is not valid JSON.");
  }
}
