export * from './data-type.js'
export { parseDdlSchema } from './ddl-schema.js'
export {
  dataTypeFromJson,
  dataTypeToJson,
  schemaFromJson,
  schemaToJson,
} from './spark-schema-json.js'
export type Row = unknown[]
