import { defineMessages } from './catalogue-entry.js'

export const STATE_MESSAGES = defineMessages({})
