import { defineMessages } from './catalogue-entry.js'

export const CLI_MESSAGES = defineMessages({})
