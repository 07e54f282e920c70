/**
 * Event-time statistics one watermark node observes in one batch, in milliseconds
 * (`floorDiv(µs, 1000)`, spark-semantics §3.2). Rows later dropped as late still count.
 */
export class EventTimeStats {
  max = -Infinity
  min = Infinity
  sum = 0
  count = 0

  add(micros: number | null): void {
    // Spark reads a NULL event time as 0 ms (it cannot raise max but lowers min/avg).
    const ms = micros === null ? 0 : Math.floor(micros / 1000)
    if (ms > this.max) this.max = ms
    if (ms < this.min) this.min = ms
    this.sum += ms
    this.count++
  }

  get avg(): number {
    return this.count === 0 ? NaN : Math.trunc(this.sum / this.count)
  }

  reset(): void {
    this.max = -Infinity
    this.min = Infinity
    this.sum = 0
    this.count = 0
  }
}
