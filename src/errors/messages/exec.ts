import { defineMessages } from './catalogue-entry.js'

export const EXEC_MESSAGES = defineMessages({})
