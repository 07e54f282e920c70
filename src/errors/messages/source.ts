import { defineMessages } from './catalogue-entry.js'

export const SOURCE_MESSAGES = defineMessages({})
