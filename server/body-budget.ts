// Bounds the request-body bytes held in memory at once, over every request on both ports: eight
// 52 MB OTLP bodies arriving together must not double the server's memory. A request that would go
// past the bound is answered 503 with Retry-After at once (OTLP clients retry on it), before its body
// is read. See docs/decisions/0214.

/** Two OTLP bodies of the default maximum size (64 MiB) at once. */
export const DEFAULT_MAX_BODY_BYTES_IN_FLIGHT = 128 * 1024 * 1024;

/**
 * The budget for these limits: the configured one, but never below one largest allowed body (a body
 * the budget could never hold would be refused forever, however often it is retried).
 */
export function bodyBudgetFor(limits: { maxBodyBytesInFlight?: number; maxBodyBytes?: number }): BodyBudget {
  const wanted = limits.maxBodyBytesInFlight ?? DEFAULT_MAX_BODY_BYTES_IN_FLIGHT;
  return new BodyBudget(Math.max(wanted, limits.maxBodyBytes ?? 0));
}

/** Seconds a refused client is asked to wait. */
export const BODY_BUDGET_RETRY_AFTER_SECONDS = 1;

export class BodyBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get inFlight(): number {
    return this.used;
  }

  /** Takes `bytes` from the budget; false (nothing taken) when that would go past the limit. */
  tryReserve(bytes: number): boolean {
    if (bytes < 0 || this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/** One request's share: grows as chunks arrive, released once (when its answer is done). */
export class BodyReservation {
  private held = 0;
  private done = false;

  constructor(private readonly budget: BodyBudget) {}

  /** Grows the share to at least `total` bytes; false when the budget cannot give that much. */
  growTo(total: number): boolean {
    if (this.done) return false;
    if (total <= this.held) return true;
    if (!this.budget.tryReserve(total - this.held)) return false;
    this.held = total;
    return true;
  }

  release(): void {
    if (this.done) return;
    this.done = true;
    this.budget.release(this.held);
    this.held = 0;
  }
}

export function budgetExceededMessage(budget: BodyBudget): string {
  return `the server is receiving too much request data at once (limit ${budget.limit} bytes); retry in ${BODY_BUDGET_RETRY_AFTER_SECONDS} s`;
}
