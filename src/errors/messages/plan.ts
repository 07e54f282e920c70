import { defineMessages } from './catalogue-entry.js'

export const PLAN_MESSAGES = defineMessages({
  SL_PLAN_INVALID_DATETIME_PATTERN: {
    domain: 'user',
    retryable: false,
    template:
      "The datetime pattern '<pattern>' <problem>. Use Spark's pattern letters, for example " +
      "'yyyy-MM-dd HH:mm:ss' or 'EEE, d MMM yyyy' (quote literal text: 'T').",
  },
  SL_PLAN_INVALID_INTERVAL: {
    domain: 'user',
    retryable: false,
    template:
      "Invalid interval for <what>: '<value>' (<reason>). " +
      "Write a number and a unit, for example '10 seconds', '1 hour 30 minutes' or 'interval 5 minutes'.",
  },
  SL_PLAN_INVALID_TIME_ZONE: {
    domain: 'user',
    retryable: false,
    template:
      "Invalid time zone '<value>' for <option>. Use a region ID such as 'America/Los_Angeles', " +
      "'UTC', or a fixed offset such as '+01:00' (region IDs are case-sensitive).",
  },
  SL_PLAN_NEGATIVE_INTERVAL: {
    domain: 'user',
    retryable: false,
    template:
      "The <what> must not be negative (got '<value>'). Use a positive interval such as '10 seconds'.",
  },
  SL_PLAN_UNSUPPORTED_INTERVAL_UNIT: {
    domain: 'user',
    retryable: false,
    template:
      "The <what> '<value>' contains months or years, which have no fixed length. " +
      "Express it in weeks, days or smaller units, for example '30 days'.",
  },
})
