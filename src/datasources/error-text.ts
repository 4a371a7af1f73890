// What to show when a Loki or Prometheus call failed: the backend's own words when it said something.
import { isDatasourceError } from './errors';

export function errorText(error: unknown): string {
  if (isDatasourceError(error)) {
    if (error.fromGateway) return error.message;
    return error.backendMessage || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
