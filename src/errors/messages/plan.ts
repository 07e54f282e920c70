import { defineMessages } from './catalogue-entry.js'

export const PLAN_MESSAGES = defineMessages({})
