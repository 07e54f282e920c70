/**
 * The seed's event schema, as the generator writes it (`streamlake generate`).
 *
 * @example
 * ```ts
 * import { EVENT_SCHEMA_DDL } from 'streamlake'
 * console.log(EVENT_SCHEMA_DDL)
 * ```
 */
export const EVENT_SCHEMA_DDL =
  'event_id STRING NOT NULL, timestamp TIMESTAMP, user_id INT, event_type STRING, value DOUBLE, session_id STRING'
