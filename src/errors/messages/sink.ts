import { defineMessages } from './catalogue-entry.js'

export const SINK_MESSAGES = defineMessages({})
