import Ajv, { type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { badRequest } from './domain-error';

const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false, removeAdditional: false });
addFormats(ajv);

/** Compiles a request-body schema once; the returned function validates and types a body or throws 400. */
export function bodyValidator<T>(schema: JSONSchemaType<T> | Record<string, unknown>, code = 'VALIDATION_FAILED'): (body: unknown) => T {
  const validate = ajv.compile(schema) as ValidateFunction<T>;
  return (body: unknown): T => {
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('BODY_REQUIRED', 'a JSON object body is required');
    }
    if (!validate(body)) throw badRequest(code, describeAjvError(validate.errors?.[0]));
    return body;
  };
}

function describeAjvError(e: ErrorObject | undefined): string {
  if (!e) return 'the body is invalid';
  const field = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'body';
  if (e.keyword === 'required') return `${field === 'body' ? '' : `${field}.`}${String(e.params.missingProperty)} is required`;
  if (e.keyword === 'additionalProperties') return `${field} has an unknown property "${String(e.params.additionalProperty)}"`;
  if (e.keyword === 'enum') return `${field} must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
  return `${field} ${e.message ?? 'is invalid'}`;
}
