// The gateway's own error answers (as opposed to what an upstream said): marked by a header, with a
// JSON body whose message the app shows in the backend's place (src/datasources/http.ts).

/** Set to `error` on every answer the gateway itself gives instead of the upstream. */
export const GATEWAY_ERROR_HEADER = 'x-tracelight-gateway';

export interface GatewayErrorBody {
  error: {
    status: number;
    message: string;
    /** The datasource the request was for; null when the path named none. */
    datasource: string | null;
  };
}

/** The largest body the gateway takes on a POST (long queries sent as forms). */
export const GATEWAY_MAX_POST_BODY_BYTES = 1024 * 1024;
