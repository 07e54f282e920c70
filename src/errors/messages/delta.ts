import { defineMessages } from './catalogue-entry.js'

export const DELTA_MESSAGES = defineMessages({})
